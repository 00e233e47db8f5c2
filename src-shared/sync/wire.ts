import { z } from 'zod';
import { Price, Term } from '../catalog/schema';
import { FieldError } from '../errors';
import { StatusEntry } from '../applications/status';
import { LOOKUP_CODE_LENGTH, PLAIN_ALPHABET } from '../codes';
import { Answers } from '../forms/schema';
import { ClerksChange } from '../clerks/wire';
import { Language } from '../language';

/** A lookup code in its bare form (no dashes), as it travels and is stored. */
export const LookupCode = z.string().length(LOOKUP_CODE_LENGTH).regex(new RegExp(`^[${PLAIN_ALPHABET}]+$`));

/**
 * The wire format between a kiosk and the central service
 * (docs/sync-protocol.md). Both sides parse with these schemas.
 */

export const PROTOCOL_VERSION = 1;

export const SIGNATURE_HEADERS = {
  kiosk: 'x-kiosk-id',
  time: 'x-kiosk-time',
  nonce: 'x-kiosk-nonce',
  signature: 'x-kiosk-signature',
} as const;

/**
 * The exact bytes a kiosk signs with its Ed25519 key. The body is bound by
 * its SHA-256 so that a changed byte anywhere breaks the signature.
 */
export function signingString(parts: {
  method: string;
  path: string;
  time: string;
  nonce: string;
  bodySha256Hex: string;
}): string {
  return ['kiosk-request-v1', parts.method.toUpperCase(), parts.path, parts.time, parts.nonce, parts.bodySha256Hex].join(
    '\n',
  );
}

/**
 * Every answer to a signed kiosk request (a refusal too) carries the
 * central service's signature over what the kiosk asked and what it got:
 * the request's kiosk, method, path and nonce bind the answer to this one
 * request (a cached or replayed answer fails), the status and the body's
 * SHA-256 to its content. A captive portal, a proxy or a stale cache cannot
 * make one, so their pages are transient failures, never acknowledgements.
 */
export const RESPONSE_SIGNATURE_HEADER = 'x-central-signature';

export function responseSigningString(parts: {
  kioskId: string;
  method: string;
  path: string;
  nonce: string;
  status: number;
  bodySha256Hex: string;
}): string {
  return [
    'central-response-v1',
    parts.kioskId,
    parts.method.toUpperCase(),
    parts.path,
    parts.nonce,
    String(parts.status),
    parts.bodySha256Hex,
  ].join('\n');
}

export const EnrollRequest = z.object({
  code: z.string().min(6).max(64),
  /** Ed25519 public key, SPKI DER, base64. */
  publicKey: z.string().min(40).max(200),
  terminalName: z.string().min(1).max(100),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  kioskId: z.string().uuid(),
  officeName: z.string(),
  /**
   * The central service's own Ed25519 key (SPKI DER, base64): the kiosk pins
   * it at enrollment and from then on believes only answers signed with it.
   */
  servicePublicKey: z.string().min(40).max(200),
  serverTime: z.string().datetime({ offset: true }),
  /** How far a request's time may be from the service's clock. */
  signatureWindowSeconds: z.number().int().positive(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/** One submitted application as it travels; `id` is the idempotency key. */
export const ApplicationEnvelope = z.object({
  id: z.string().uuid(),
  localNumber: z.string().min(1).max(40),
  /** Made by the kiosk at submit; unique in the central service (a constraint). */
  lookupCode: LookupCode,
  serviceId: z.string().min(1).max(100),
  variantId: z.string().min(1).max(100),
  formId: z.string().min(1).max(100),
  formVersion: z.number().int().positive(),
  catalogVersion: z.string().min(1).max(100),
  language: Language,
  answers: Answers,
  price: Price,
  term: Term,
  submittedAt: z.string().datetime({ offset: true }),
});
export type ApplicationEnvelope = z.infer<typeof ApplicationEnvelope>;

/** The most applications one batch carries, and the most bytes its JSON may have (the service takes 5 MiB bodies). */
export const MAX_BATCH_ITEMS = 500;
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;

export const BatchRequest = z.object({
  items: z.array(ApplicationEnvelope).min(1).max(MAX_BATCH_ITEMS),
});
export type BatchRequest = z.infer<typeof BatchRequest>;

/*
 * Attachments (docs/sync-protocol.md, "Attachments"): a file is uploaded
 * before the application that names it, by its SHA-256, and the service
 * keeps it content-addressed.
 */
export const MAX_ATTACHMENT_CHECK = 100;
const AttachmentSha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const AttachmentCheckRequest = z.object({ sha256: z.array(AttachmentSha256).min(1).max(MAX_ATTACHMENT_CHECK) });
export type AttachmentCheckRequest = z.infer<typeof AttachmentCheckRequest>;

/**
 * The ones asked about that the service does not hold, in the order asked;
 * `received` gives, for those of them an upload of which broke off, how many
 * bytes the service already has, so the kiosk sends only the rest.
 */
export const AttachmentCheckResponse = z.object({
  missing: z.array(AttachmentSha256).max(MAX_ATTACHMENT_CHECK),
  received: z.record(AttachmentSha256, z.number().int().positive()).default({}),
});
export type AttachmentCheckResponse = z.infer<typeof AttachmentCheckResponse>;

/**
 * A file travels in chunks: `PUT /v1/attachments/<sha256>?offset=<n>` with
 * the bytes from `n` and the header `x-attachment-size` (the whole file's
 * size). The service appends a chunk only at the offset it holds (else 409
 * `attachment.offset` with `received`), and once it holds the whole file
 * checks its SHA-256 and keeps it; a broken upload resumes where it stopped.
 */
export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024;
export const ATTACHMENT_SIZE_HEADER = 'x-attachment-size';

export const AttachmentChunkResponse = z.object({
  sha256: AttachmentSha256,
  /** Bytes the service holds after this chunk. */
  received: z.number().int().nonnegative(),
  /** The whole file arrived and its hash checked out. */
  complete: z.boolean(),
});
export type AttachmentChunkResponse = z.infer<typeof AttachmentChunkResponse>;

export function attachmentPath(sha256: string, offset?: number): string {
  return offset === undefined ? `/v1/attachments/${sha256}` : `/v1/attachments/${sha256}?offset=${offset}`;
}

export const ITEM_OUTCOMES = ['accepted', 'duplicate', 'conflict', 'rejected', 'retry'] as const;
export const ItemOutcome = z.enum(ITEM_OUTCOMES);
export type ItemOutcome = z.infer<typeof ItemOutcome>;

export const ItemResult = z.object({
  id: z.string().uuid(),
  outcome: ItemOutcome,
  /** Given for accepted and duplicate. */
  registrationNumber: z.string().optional(),
  /** Given for rejected: what the shared engine found wrong. */
  errors: z.array(FieldError).optional(),
  reason: z.string().optional(),
});
export type ItemResult = z.infer<typeof ItemResult>;

export const BatchResponse = z.object({
  results: z.array(ItemResult),
});
export type BatchResponse = z.infer<typeof BatchResponse>;

/** Codes the central service answers with on a refused request. */
export const AUTH_ERROR_CODES = [
  'auth.missing',
  'auth.unknownKiosk',
  'auth.revoked',
  'auth.badSignature',
  'auth.stale',
  'auth.replay',
] as const;

export const ErrorResponse = z.object({
  error: z.string(),
  serverTime: z.string().datetime({ offset: true }).optional(),
  /** With 409 `attachment.offset`: the bytes the service holds of that file. */
  received: z.number().int().nonnegative().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/**
 * JSON with keys sorted at every depth, so that the same content always has
 * the same hash on the kiosk and the central service.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/*
 * The change feed (docs/sync-protocol.md, "Change feed"): what the central
 * service publishes for kiosks, pulled with a cursor that the kiosk advances
 * only after it has committed what an item carried.
 */

/** Kinds of change; `catalog` today, the others are reserved for the features that will send them. */
export const CHANGE_KINDS = ['catalog', 'status', 'terms', 'clerks', 'revocation'] as const;
export const ChangeKind = z.enum(CHANGE_KINDS);
export type ChangeKind = z.infer<typeof ChangeKind>;

/** The most changes one feed page carries. */
export const MAX_CHANGES_PER_PAGE = 100;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const FeedSeq = z.number().int().positive();

/** A new catalog version: fetch it from `GET /v1/catalogs/<version>`; its canonical JSON hashes to `sha256`. */
export const CatalogChange = z.object({
  seq: FeedSeq,
  kind: z.literal('catalog'),
  version: z.string().min(1).max(100),
  publishedAt: z.string().datetime({ offset: true }),
  sha256: Sha256Hex,
});
export type CatalogChange = z.infer<typeof CatalogChange>;

/**
 * A step in the history of an application this kiosk sent: one item per
 * step, in order, only to the kiosk that sent it. Carries no personal data.
 */
export const StatusChange = z.object({
  seq: FeedSeq,
  kind: z.literal('status'),
  applicationId: z.string().uuid(),
  entry: StatusEntry,
});
export type StatusChange = z.infer<typeof StatusChange>;

/** Every change the service sends; a kind joins this union when its feature sends it (clerks: src-shared/clerks/wire.ts). */
export const Change = z.discriminatedUnion('kind', [CatalogChange, StatusChange, ClerksChange]);
export type Change = z.infer<typeof Change>;

/**
 * The answer of `GET /v1/changes?after=<cursor>`. Items are read loosely and
 * each by its own schema, so that a kind this kiosk does not know yet is
 * skipped instead of stalling the feed.
 */
export const ChangesResponse = z.object({
  changes: z.array(z.looseObject({ seq: FeedSeq, kind: z.string().min(1) })).max(MAX_CHANGES_PER_PAGE),
  /** The `seq` of the last change in `changes`, or the `after` asked with when there are none. */
  cursor: z.number().int().nonnegative(),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

export function changesPath(after: number): string {
  return `/v1/changes?after=${after}`;
}

/**
 * `GET /v1/status/<lookupCode>` (signed): an application's status for the
 * "check status" screen of any kiosk. 404 `status.notFound` when unknown.
 */
export const StatusResponse = z.object({
  lookupCode: LookupCode,
  registrationNumber: z.string(),
  serviceId: z.string(),
  variantId: z.string(),
  submittedAt: z.string().datetime({ offset: true }),
  /** Oldest first; never empty (the first step is `received`). */
  history: z.array(StatusEntry).min(1),
});
export type StatusResponse = z.infer<typeof StatusResponse>;

export function statusPath(lookupCode: string): string {
  return `/v1/status/${lookupCode}`;
}

export function catalogPath(version: string): string {
  return `/v1/catalogs/${encodeURIComponent(version)}`;
}

/**
 * The order of catalog versions, on both sides: the later `publishedAt`
 * is newer; on the same instant, the greater version string (compared by
 * code units). Negative when `a` is older than `b`.
 */
export function compareCatalogVersions(
  a: { version: string; publishedAt: string },
  b: { version: string; publishedAt: string },
): number {
  const byTime = Date.parse(a.publishedAt) - Date.parse(b.publishedAt);
  if (byTime !== 0) return byTime;
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}
