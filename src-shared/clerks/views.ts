import { z } from 'zod';
import { Language } from '../language';
import { ClerkId, ClerkRole, DocumentType } from './wire';

/**
 * What the renderer sees of clerk mode (the KioskApi's clerk methods). The
 * core holds the clerk's session; every clerk method checks it there, so a
 * renderer cannot call its way past the login.
 */

const Id = z.string().uuid();
const Timestamp = z.string().datetime({ offset: true });

export const ClerkView = z.object({ clerkId: ClerkId, name: z.string(), role: ClerkRole });
export type ClerkView = z.infer<typeof ClerkView>;

/**
 * `signedOut` says what the discreet entry opens: `enroll` on a kiosk never
 * enrolled (the one-time code is the authority, no clerk exists yet), or the
 * clerk login (`login`); `clerksKnown` is 0 until the first clerk list came.
 */
export const ClerkState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedOut'), entry: z.enum(['login', 'enroll']), clerksKnown: z.number().int().nonnegative() }),
  z.object({ status: z.literal('signedIn'), clerk: ClerkView, since: Timestamp }),
]);
export type ClerkState = z.infer<typeof ClerkState>;

/** What a clerk types to find something: a resume code, a lookup code or a ПИН (the core tells which). */
export const ClerkQuery = z.string().min(1).max(40);

export const FoundItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('draft'),
    draftId: Id,
    serviceId: z.string(),
    variantId: z.string(),
    updatedAt: Timestamp,
    expiresAt: Timestamp,
    /** Left at the idle timeout or exit without a code: findable only by a clerk, by ПИН. */
    abandoned: z.boolean(),
    assistedBy: ClerkId.nullable(),
  }),
  z.object({
    kind: z.literal('application'),
    applicationId: Id,
    localNumber: z.string(),
    lookupCode: z.string(),
    registrationNumber: z.string().nullable(),
    serviceId: z.string(),
    variantId: z.string(),
    submittedAt: Timestamp,
    delivery: z.enum(['waiting', 'accepted', 'rejected', 'conflict']),
    assistedBy: ClerkId.nullable(),
    /** The last identity check recorded for it at this kiosk. */
    identity: z
      .object({ documentType: DocumentType, documentNumberMasked: z.string(), confirmedAt: Timestamp, clerkId: ClerkId })
      .nullable(),
  }),
]);
export type FoundItem = z.infer<typeof FoundItem>;

export const FindResult = z.object({
  /** How the core read the query. */
  matchedBy: z.enum(['resumeCode', 'lookupCode', 'pin']),
  items: z.array(FoundItem).max(100),
});
export type FindResult = z.infer<typeof FindResult>;

export const IdentityTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('application'), applicationId: Id }).strict(),
  z.object({ kind: z.literal('account'), login: z.string().min(1).max(64) }).strict(),
]);
export type IdentityTarget = z.infer<typeof IdentityTarget>;

export const IdentityResult = z.object({
  target: IdentityTarget,
  documentType: DocumentType,
  documentNumberMasked: z.string(),
  confirmedAt: Timestamp,
  /** Application: recorded here, sent with the next sync. Account: the service verified it just now. */
  recorded: z.enum(['kiosk', 'central']),
});
export type IdentityResult = z.infer<typeof IdentityResult>;

/**
 * Kiosk settings an operator sets in clerk mode (admin role), kept in the
 * kiosk's database and winning over the launch defaults. Central URL,
 * printer and scanner folder take effect at the next start of the kiosk.
 *
 * Bounded loosely here: the core judges a change by `kioskSettingsProblems`
 * (src-shared/clerks/settings-rules.ts) and answers `settings.invalid` with a
 * field error for each problem, and the settings in force may come from
 * launch options outside what an admin may choose (a test's short idle time).
 */
export const KioskSettings = z.object({
  defaultLanguage: Language,
  idleSeconds: z.number().int().positive().max(86_400),
  idleWarningSeconds: z.number().int().positive().max(86_400),
  /** The printer's name as the system knows it; null: none, printouts are saved for a clerk. */
  printerName: z.string().max(200).nullable(),
  scannerDir: z.string().max(1000).nullable(),
  draftRetentionDays: z.number().int().nonnegative().max(3650),
  applicationRetentionDays: z.number().int().nonnegative().max(3650),
  centralUrl: z.string().max(500).nullable(),
  terminalName: z.string().max(100),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

export const SettingsView = z.object({
  settings: KioskSettings,
  /** Settings changed since the kiosk started that apply after a restart. */
  pendingRestart: z.array(z.enum(['printerName', 'scannerDir', 'centralUrl'])),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const Enrollment = z.object({
  enrolled: z.boolean(),
  revoked: z.boolean(),
  kioskId: z.string().uuid().nullable(),
  officeName: z.string().nullable(),
  terminalName: z.string(),
  enrolledAt: Timestamp.nullable(),
});
export type Enrollment = z.infer<typeof Enrollment>;

/** "Call a clerk": a number shown to the citizen, a flag on the clerk's view until a clerk answers it. */
export const ClerkCall = z.object({
  id: Id,
  /** Short, read aloud: 1–999, counting on. */
  number: z.number().int().positive(),
  calledAt: Timestamp,
  /** The screen the citizen was on (a screen name, no content). */
  screen: z.string().max(40),
});
export type ClerkCall = z.infer<typeof ClerkCall>;

export const AuditCheck = z.object({
  entries: z.number().int().nonnegative(),
  /** The first entry whose link does not hold (changed, removed or inserted), or null when the chain is whole. */
  firstBrokenSeq: z.number().int().positive().nullable(),
  /** The last entry the central service confirmed holding. */
  syncedThrough: z.number().int().nonnegative(),
});
export type AuditCheck = z.infer<typeof AuditCheck>;
