import { z } from 'zod';

/**
 * Clerks, identity checks and the audit log on the wire between a kiosk and
 * the central service (docs/clerks.md). Every route is a signed kiosk
 * request, answered signed, like the sync's.
 *
 * Clerk credentials are provisioned, never typed into a kiosk by hand: the
 * operator sets a clerk's PIN with the admin CLI; the service keeps
 * `pinKey = scrypt(PIN, salt, N, r, p)` and gives each kiosk only
 * `verifier = HMAC-SHA256(pinKey, CLERK_VERIFIER_CONTEXT + kioskId)`. A kiosk
 * checks a PIN offline by deriving the same; what one kiosk holds opens no
 * other kiosk, and the PIN itself is nowhere.
 */

const Timestamp = z.string().datetime({ offset: true });
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const CLERK_PATHS = {
  /** `GET`: the clerks this kiosk may let in. */
  clerks: '/v1/clerks',
  /** `POST`: the next entries of this kiosk's audit log. */
  audit: '/v1/audit',
  /** `POST`: identity checks clerks made for applications at this kiosk. */
  identityConfirmations: '/v1/identity-confirmations',
  /** `POST`: a clerk at this kiosk checked an account holder's document (needs the link). */
  verifyAccount: '/v1/accounts/verify-identity',
} as const;

/** What the HMAC of a clerk's verifier starts with, before the kiosk's id. */
export const CLERK_VERIFIER_CONTEXT = 'kiosk-clerk-pin-v1\n';

/** A clerk's staff number as printed on their badge: digits, typed on the kiosk's number pad. */
export const ClerkId = z.string().regex(/^[0-9]{4,10}$/);
export type ClerkId = z.infer<typeof ClerkId>;

/** A clerk's PIN: 6 to 12 digits, set by the operator. */
export const CLERK_PIN_MIN_LENGTH = 6;
export const CLERK_PIN_MAX_LENGTH = 12;
export const ClerkPin = z.string().regex(new RegExp(`^[0-9]{${CLERK_PIN_MIN_LENGTH},${CLERK_PIN_MAX_LENGTH}}$`));

/** `admin` may also leave kiosk mode, change settings and enroll the kiosk again. */
export const CLERK_ROLES = ['clerk', 'admin'] as const;
export const ClerkRole = z.enum(CLERK_ROLES);
export type ClerkRole = z.infer<typeof ClerkRole>;

export const ScryptParams = z.object({
  /** log2 of scrypt's N. */
  logN: z.number().int().min(14).max(20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
export type ScryptParams = z.infer<typeof ScryptParams>;

export const ProvisionedClerk = z.object({
  clerkId: ClerkId,
  name: z.string().min(1).max(200),
  role: ClerkRole,
  salt: Base64.max(64),
  params: ScryptParams,
  /** HMAC-SHA256(pinKey, CLERK_VERIFIER_CONTEXT + kioskId), base64. */
  verifier: Base64.max(64),
  /** Changes when the PIN, the role or the name changes. */
  updatedAt: Timestamp,
});
export type ProvisionedClerk = z.infer<typeof ProvisionedClerk>;

/**
 * `GET /v1/clerks`: every active clerk this kiosk may let in (all offices'
 * clerks, or those of its office). The kiosk replaces its list with this one
 * as a whole: a clerk missing from it is removed there.
 */
export const ClerksResponse = z.object({
  clerks: z.array(ProvisionedClerk).max(5000),
});
export type ClerksResponse = z.infer<typeof ClerksResponse>;

/** A feed item: the clerk list changed; fetch `GET /v1/clerks`. Sent to every kiosk. */
export const ClerksChange = z.object({
  seq: z.number().int().positive(),
  kind: z.literal('clerks'),
  changedAt: Timestamp,
});
export type ClerksChange = z.infer<typeof ClerksChange>;

/*
 * The audit log: append-only on the kiosk, each entry chained to the one
 * before by hash. `hash = SHA-256(auditEntryText(entry))`, hex; the first
 * entry's `prevHash` is AUDIT_GENESIS_HASH. The kiosk sends its entries in
 * order; the service takes a batch only when it continues the chain it holds
 * for that kiosk and every hash checks out.
 */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const AUDIT_ACTOR_KINDS = ['citizen', 'clerk', 'system'] as const;
export const AuditActorKind = z.enum(AUDIT_ACTOR_KINDS);
export type AuditActorKind = z.infer<typeof AuditActorKind>;

/** Values in an entry's details: codes, ids, counts. Never a name, a ПИН or an answer. */
export const AuditDetails = z.record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]));
export type AuditDetails = z.infer<typeof AuditDetails>;

export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: Timestamp,
  /** citizen: a random id of the session (no person); clerk: the clerk id; system: null. */
  actorKind: AuditActorKind,
  actorId: z.string().max(100).nullable(),
  /** What happened, e.g. `clerk.login`, `application.submitted`, `identity.confirmed`. */
  action: z.string().regex(/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/).max(64),
  /** On what: an application or draft id, a clerk id, a setting's name; null when nothing in particular. */
  target: z.string().max(200).nullable(),
  details: AuditDetails,
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The text an entry's hash is taken of: every field but `hash`, in a fixed order, details with sorted keys. */
export function auditEntryText(entry: Omit<AuditEntry, 'hash'>): string {
  const details = Object.keys(entry.details)
    .sort()
    .map((key) => [key, entry.details[key]]);
  return JSON.stringify([
    'audit-v1',
    entry.seq,
    entry.at,
    entry.actorKind,
    entry.actorId,
    entry.action,
    entry.target,
    details,
    entry.prevHash,
  ]);
}

export const MAX_AUDIT_BATCH = 500;

export const AuditBatchRequest = z.object({
  entries: z.array(AuditEntry).min(1).max(MAX_AUDIT_BATCH),
});
export type AuditBatchRequest = z.infer<typeof AuditBatchRequest>;

/**
 * 200: the service holds the kiosk's chain through `storedThrough` (entries
 * it had already are taken again silently when they are the same).
 * 409 `audit.chainBroken` with `expectedSeq`: the batch does not continue the
 * chain (a gap, a changed entry, a hash that does not check out); the kiosk
 * logs it and shows it to the clerk, the service keeps what it had.
 */
export const AuditBatchResponse = z.object({
  storedThrough: z.number().int().nonnegative(),
});
export type AuditBatchResponse = z.infer<typeof AuditBatchResponse>;

export const AuditErrorResponse = z.object({
  error: z.literal('audit.chainBroken'),
  /** The seq the service waits for next. */
  expectedSeq: z.number().int().positive(),
  /** The first seq of the batch that did not check out. */
  brokenSeq: z.number().int().positive(),
});
export type AuditErrorResponse = z.infer<typeof AuditErrorResponse>;

/** The identity documents a clerk checks: the biometric ID card and the passport (two letters, seven digits). */
export const DOCUMENT_TYPES = ['idCard', 'passport'] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof DocumentType>;

/** Normalised: upper case, no spaces (`isDocumentNumber`). */
export const DocumentNumber = z.string().regex(/^[A-Z]{2}[0-9]{7}$/);

/** A clerk looked at the applicant's document for an application submitted at this kiosk. */
export const IdentityConfirmation = z.object({
  id: z.string().uuid(),
  applicationId: z.string().uuid(),
  clerkId: ClerkId,
  documentType: DocumentType,
  documentNumber: DocumentNumber,
  confirmedAt: Timestamp,
});
export type IdentityConfirmation = z.infer<typeof IdentityConfirmation>;

export const MAX_CONFIRMATIONS_PER_REQUEST = 200;

export const IdentityConfirmationsRequest = z.object({
  confirmations: z.array(IdentityConfirmation).min(1).max(MAX_CONFIRMATIONS_PER_REQUEST),
});
export type IdentityConfirmationsRequest = z.infer<typeof IdentityConfirmationsRequest>;

/**
 * Per confirmation: `stored` (new or the same again: done), `unknownApplication`
 * (the application has not arrived yet: send again after it), `refused`
 * (the application was sent by another kiosk, or the same id came with other content).
 */
export const IdentityConfirmationsResponse = z.object({
  results: z.array(z.object({ id: z.string().uuid(), outcome: z.enum(['stored', 'unknownApplication', 'refused']) })),
});
export type IdentityConfirmationsResponse = z.infer<typeof IdentityConfirmationsResponse>;

/**
 * `POST /v1/accounts/verify-identity`: a clerk at this kiosk checked the
 * account holder's document (agreement 2.3). The service answers the account
 * verified (`VerifyAccountResponse`) or an account refusal
 * (`AccountErrorResponse`: `account.invalid` with fields, `account.notFound`
 * as `account.credentials`, `account.pinTaken` as `account.invalid`).
 */
export const VerifyAccountRequest = z.object({
  login: z.string().min(1).max(64),
  clerkId: ClerkId,
  documentType: DocumentType,
  documentNumber: DocumentNumber,
});
export type VerifyAccountRequest = z.infer<typeof VerifyAccountRequest>;

export const VerifyAccountResponse = z.object({
  login: z.string(),
  verifiedAt: Timestamp,
  /** Guest applications with the account's ПИН linked to it now. */
  linked: z.number().int().nonnegative(),
});
export type VerifyAccountResponse = z.infer<typeof VerifyAccountResponse>;
