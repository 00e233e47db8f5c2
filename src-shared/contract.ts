import { z } from 'zod';
import { Catalog, Price, Term } from './catalog/schema';
import { ApiError } from './errors';
import { AnswerValue, Answers, FileAnswer } from './forms/schema';
import { ApplicationState, StatusEntry } from './applications/status';
import { Language, Localized } from './language';
import { AccountView, CabinetResponse, TermsVersion } from './accounts/wire';
import {
  AuditCheck,
  ClerkCall,
  ClerkQuery,
  ClerkState,
  Enrollment,
  FindResult,
  IdentityResult,
  IdentityTarget,
  KioskSettings,
  SettingsView,
} from './clerks/views';
import { DocumentType } from './clerks/wire';

/**
 * The KioskApi contract: the only door between the renderer and the core.
 * Every method's input and output is a zod schema, checked on both sides;
 * the Electron preload, the browser bridge and the core are all typed
 * against `KioskApi`, so a renamed method fails to compile everywhere.
 */

const Id = z.string().uuid();
const Timestamp = z.string().datetime({ offset: true });
const Empty = z.object({}).strict();

export const SyncState = z.object({
  enrolled: z.boolean(),
  online: z.boolean(),
  /** When the central service was last seen unreachable, while it still is. */
  offlineSince: Timestamp.nullable(),
  /** Applications waiting in the outbox. */
  waiting: z.number().int().nonnegative(),
  lastSuccessAt: Timestamp.nullable(),
  /** A code of the last failure, for the clerk; never a raw message. */
  lastError: z.string().nullable(),
  /** Applications the service refused or found in conflict: kept here, waiting for a clerk. */
  flagged: z.number().int().nonnegative(),
  /** The service revoked this kiosk: it sends nothing more and keeps its data until a clerk acts. */
  revoked: z.boolean(),
});
export type SyncState = z.infer<typeof SyncState>;

/** One application in the outbox or flagged, as a clerk sees it: no personal data. */
export const OutboxItem = z.object({
  applicationId: Id,
  localNumber: z.string(),
  serviceId: z.string(),
  submittedAt: Timestamp,
  delivery: z.enum(['waiting', 'accepted', 'rejected', 'conflict']),
  attempts: z.number().int().nonnegative(),
  /** When it is offered again (waiting items). */
  nextAttemptAt: Timestamp.nullable(),
  /** The code of the last failure or of the service's reason. */
  lastError: z.string().nullable(),
  /** For a rejected item: the fields and codes the service's check found. */
  fieldErrors: z.array(z.object({ field: z.string(), code: z.string() })),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export const KioskStatus = z.object({
  terminalName: z.string(),
  officeName: z.string().nullable(),
  catalogVersion: z.string(),
  /** Seconds without a touch before the "are you still here?" warning. */
  idleSeconds: z.number().int().positive(),
  /** Seconds the warning waits for a tap before the session is wiped. */
  idleWarningSeconds: z.number().int().min(20),
  defaultLanguage: Language,
});
export type KioskStatus = z.infer<typeof KioskStatus>;

/** What survives a kiosk restart of the person standing at it. */
export const Session = z.object({
  language: Language,
  activeDraftId: Id.nullable(),
});
export type Session = z.infer<typeof Session>;

/** What changed when a draft moved to a newer version of its form, for the citizen to read. */
export const FormChange = z.object({
  /** added: a new question; removed: a question gone with its answer; cleared: an answer the new form no longer takes. */
  kind: z.enum(['added', 'removed', 'cleared']),
  fieldId: z.string(),
  label: Localized,
});
export type FormChange = z.infer<typeof FormChange>;

export const DraftMigration = z.object({
  fromVersion: z.number().int().positive(),
  toVersion: z.number().int().positive(),
  changes: z.array(FormChange),
});
export type DraftMigration = z.infer<typeof DraftMigration>;

export const Draft = z.object({
  id: Id,
  serviceId: z.string(),
  variantId: z.string(),
  formId: z.string(),
  formVersion: z.number().int().positive(),
  answers: Answers,
  /** The page the citizen was on, to return there after a restart. */
  pageId: z.string().nullable(),
  language: Language,
  revision: z.number().int().nonnegative(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Set when the draft was moved to a newer form version; the citizen is told what changed. */
  migration: DraftMigration.nullable(),
  /** When the draft is deleted for good unless it is changed or submitted before (operator's retention). */
  expiresAt: Timestamp,
});
export type Draft = z.infer<typeof Draft>;


export const SavedDraft = z.object({
  id: Id,
  revision: z.number().int().nonnegative(),
  updatedAt: Timestamp,
});
export type SavedDraft = z.infer<typeof SavedDraft>;

export const DELIVERY_STATES = ['waiting', 'accepted', 'rejected', 'conflict'] as const;
export const DeliveryState = z.enum(DELIVERY_STATES);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** A plain code as shown and printed (`XXXX-XXXX`); the core normalises what is typed. */
const TypedCode = z.string().min(1).max(40);

/** What the receipt shows; price and term are the ones the citizen was shown. */
export const Receipt = z.object({
  applicationId: Id,
  localNumber: z.string(),
  /** Made by the kiosk at submit, printed as text and QR: the citizen checks the status with it. */
  lookupCode: z.string(),
  registrationNumber: z.string().nullable(),
  delivery: DeliveryState,
  serviceId: z.string(),
  variantId: z.string(),
  catalogVersion: z.string(),
  formVersion: z.number().int().positive(),
  price: Price,
  term: Term,
  language: Language,
  submittedAt: Timestamp,
});
export type Receipt = z.infer<typeof Receipt>;

/** The code a citizen takes away to continue a draft later, at this kiosk. */
export const ResumeTicket = z.object({
  draftId: Id,
  /** Formatted `XXXX-XXXX`; shown once and printed, only its hash is kept. */
  code: z.string(),
  expiresAt: Timestamp,
});
export type ResumeTicket = z.infer<typeof ResumeTicket>;

/** A QR code as an SVG path on a `size`×`size` grid (quiet zone included): no image library in the renderer. */
export const QrCode = z.object({ size: z.number().int().positive(), path: z.string().min(1) });
export type QrCode = z.infer<typeof QrCode>;

/** `notSent`: still in this kiosk's outbox, the central service has not seen it yet. */
export const StatusState = z.union([ApplicationState, z.literal('notSent')]);
export type StatusState = z.infer<typeof StatusState>;

/** What "check status" shows: from the central service, or this kiosk's last known copy. */
export const StatusReport = z.object({
  lookupCode: z.string(),
  registrationNumber: z.string().nullable(),
  serviceId: z.string(),
  variantId: z.string(),
  submittedAt: Timestamp,
  state: StatusState,
  /** Oldest first. */
  history: z.array(StatusEntry),
  /** `central`: asked just now; `kiosk`: the central service was out of reach, this is what the kiosk knew. */
  source: z.enum(['central', 'kiosk']),
  /** When this was known to be the state. */
  knownAt: Timestamp,
});
export type StatusReport = z.infer<typeof StatusReport>;

/** What became of a print job: on paper, or saved for a clerk when the kiosk has no printer. */
export const PrintOutcome = z.enum(['printed', 'saved']);
export type PrintOutcome = z.infer<typeof PrintOutcome>;

/** A plain file name in the scanner's folder: no folders, no `..`, no control characters. */
export const ScannerFileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => !/[/\\\u0000-\u001f]/.test(name) && name !== '.' && name !== '..', 'a plain file name');

export const ScannerFile = z.object({ fileName: ScannerFileName, size: z.number().int().nonnegative() });
export type ScannerFile = z.infer<typeof ScannerFile>;

/** The most bytes an uploaded file may carry as base64 (the attachment limit is checked by the core). */
export const UPLOAD_BASE64_MAX = 32 * 1024 * 1024;

const FieldRef = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/).max(64);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** What an attach or a removal leaves in the field: the whole answer, as stored in the draft. */
export const AttachmentResult = z.object({ fieldId: FieldRef, value: AnswerValue, attached: FileAnswer.nullable() });
export type AttachmentResult = z.infer<typeof AttachmentResult>;

/**
 * The citizen's account at this kiosk (docs/accounts.md). The core keeps the
 * central session's token in memory only; logout, idle timeout and a kiosk
 * restart end it. `termsPending`: a newer edition of the terms took effect
 * since the citizen last accepted, and nothing else is possible until they
 * accept it (declining signs out).
 */
export const AccountState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedOut') }),
  z.object({ status: z.literal('termsPending'), login: z.string(), terms: TermsVersion }),
  z.object({ status: z.literal('signedIn'), account: AccountView }),
]);
export type AccountState = z.infer<typeof AccountState>;

/** What a citizen types on the login and register screens: bounded here, judged by the rules and the service. */
const LoginText = z.string().min(1).max(64);
const PasswordText = z.string().min(1).max(512);

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const kioskMethods = {
  getKioskStatus: method(Empty, KioskStatus),
  getCatalog: method(Empty, Catalog),
  getSession: method(Empty, Session),
  setLanguage: method(z.object({ language: Language }).strict(), Session),
  /** Exit and idle timeout: forgets whose session it was (drafts stay for the resume code). */
  endSession: method(Empty, Session),
  createDraft: method(z.object({ serviceId: z.string().min(1).max(100), variantId: z.string().min(1).max(100) }).strict(), Draft),
  saveDraft: method(
    z.object({ id: Id, answers: Answers, pageId: z.string().max(64).nullable() }).strict(),
    SavedDraft,
  ),
  /** The session's open draft (after a restart); any other id is `draft.notFound`: only a resume code opens a draft. */
  loadDraft: method(z.object({ id: Id }).strict(), Draft),
  deleteDraft: method(z.object({ id: Id }).strict(), z.object({ deleted: z.boolean() })),
  /** "Continue later": a new resume code for the draft (an older one stops working); the session lets go of it. */
  suspendDraft: method(z.object({ id: Id }).strict(), ResumeTicket),
  /** Opens the draft a resume code names and makes it the session's; wrong codes are rate limited. */
  resumeDraft: method(z.object({ code: TypedCode }).strict(), Draft),
  /** Prints the slip with the resume code (80 mm); the code must be the draft's current one. */
  printResumeSlip: method(
    z.object({ draftId: Id, code: TypedCode, language: Language }).strict(),
    z.object({ outcome: PrintOutcome }),
  ),
  submitApplication: method(z.object({ draftId: Id, consent: z.literal(true) }).strict(), Receipt),
  getReceipt: method(z.object({ applicationId: Id }).strict(), Receipt),
  /** The receipt as the printer gets it: an 80 mm roll PDF, fonts embedded. */
  receiptPdf: method(
    z.object({ applicationId: Id, language: Language }).strict(),
    z.object({ pdfBase64: z.string().min(1), pageCount: z.number().int().positive() }),
  ),
  printReceipt: method(z.object({ applicationId: Id, language: Language }).strict(), z.object({ outcome: PrintOutcome })),
  /** The QR code of a lookup code, drawn by the renderer from the path. */
  lookupQr: method(z.object({ lookupCode: TypedCode }).strict(), QrCode),
  /** "Check status": asks the central service, or says what this kiosk last knew when it is out of reach. */
  checkStatus: method(z.object({ lookupCode: TypedCode }).strict(), StatusReport),
  getSyncState: method(Empty, SyncState),
  /** "Sync now": a round at once (a clerk's button; also the renderer when the OS says the network is back). */
  syncNow: method(Empty, SyncState),
  /** What has not been accepted yet: waiting, rejected and conflicting applications, oldest first (clerk mode). */
  getOutbox: method(Empty, z.object({ items: z.array(OutboxItem).max(1000) })),
  /** Offers a rejected or conflicting application again, after a clerk looked at it. */
  retryApplication: method(z.object({ applicationId: Id }).strict(), OutboxItem),
  /** The blank application form of a service as a printable PDF (A4, fonts embedded). */
  sampleForm: method(
    z.object({ serviceId: z.string().min(1).max(100), language: Language }).strict(),
    z.object({ pdfBase64: z.string().min(1), pageCount: z.number().int().positive() }),
  ),
  /** Prints the blank form; 'saved' when no printer is set up (the file waits in the printouts folder). */
  printSampleForm: method(
    z.object({ serviceId: z.string().min(1).max(100), language: Language }).strict(),
    z.object({ outcome: PrintOutcome }),
  ),
  /** The files the kiosk's scanner left in its folder, newest first: names and sizes only. */
  listScannerFiles: method(Empty, z.object({ files: z.array(ScannerFile).max(200) })),
  /** Attaches a file of the scanner's folder to a file field of a draft, checked by its content. */
  attachScannedFile: method(
    z.object({ draftId: Id, fieldId: FieldRef, fileName: ScannerFileName }).strict(),
    AttachmentResult,
  ),
  /** The browser shell's file chooser: the file's bytes as base64. */
  attachUploadedFile: method(
    z
      .object({
        draftId: Id,
        fieldId: FieldRef,
        fileName: z.string().min(1).max(200),
        dataBase64: z.string().min(1).max(UPLOAD_BASE64_MAX),
      })
      .strict(),
    AttachmentResult,
  ),
  removeAttachment: method(z.object({ draftId: Id, fieldId: FieldRef, sha256: Sha256 }).strict(), AttachmentResult),
  /** A small picture of an attached file: a downscaled PNG of an image, a label for a PDF. */
  attachmentThumbnail: method(
    z.object({ sha256: Sha256 }).strict(),
    z.object({ dataUrl: z.string().startsWith('data:image/png;base64,').nullable(), pages: z.number().int().positive().nullable() }),
  ),
  /** The edition of the terms in force, to read before registering (needs the central service). */
  getTerms: method(Empty, TermsVersion),
  getAccountState: method(Empty, AccountState),
  /** Registers with the central service and signs in; the terms shown must be the ones in force. */
  register: method(
    z
      .object({
        login: LoginText,
        password: PasswordText,
        fullName: z.string().min(1).max(300),
        pin: z.string().min(1).max(40),
        phone: z.string().min(1).max(40),
        termsVersion: z.number().int().positive(),
        acceptTerms: z.literal(true),
      })
      .strict(),
    AccountState,
  ),
  login: method(z.object({ login: LoginText, password: PasswordText }).strict(), AccountState),
  /** Accepting a new edition continues the session; declining ends it. */
  answerTerms: method(z.object({ version: z.number().int().positive(), accept: z.boolean() }).strict(), AccountState),
  /** "Чыгуу": ends the session in the central service too. */
  logout: method(Empty, AccountState),
  /** The personal cabinet: applications with statuses, drafts kept in the account, notices, the citizen's data. */
  getCabinet: method(Empty, CabinetResponse),
  changePassword: method(z.object({ currentPassword: PasswordText, newPassword: PasswordText }).strict(), z.object({ changed: z.literal(true) })),
  /** "Someone else used my account": locked at once, every session ended; a clerk resets it after checking identity. */
  reportMisuse: method(Empty, AccountState),
  /** Blocks the account for a month (then it is purged); the session ends. */
  deleteAccount: method(z.object({ password: PasswordText }).strict(), z.object({ restoreUntil: Timestamp })),
  /** Within the month after deleting: everything back as it was, and signed in. */
  restoreAccount: method(z.object({ login: LoginText, password: PasswordText }).strict(), AccountState),
  /** Keeps the session's draft in the account, to continue at any kiosk (files stay behind). */
  saveDraftToAccount: method(z.object({ draftId: Id }).strict(), z.object({ saved: z.literal(true) })),
  /** Opens a draft kept in the account as this session's draft. */
  openAccountDraft: method(z.object({ draftId: Id }).strict(), Draft),
  markNoticeRead: method(z.object({ noticeId: Id }).strict(), z.object({ done: z.literal(true) })),

  /*
   * Help and clerk mode (docs/clerks.md). Methods marked (clerk) answer
   * `clerk.required` without a clerk's session, (admin) `clerk.adminRequired`
   * for a clerk without the admin role. Each clerk action goes into the audit log.
   */
  /** "Call a clerk": a number for the citizen, a flag on the clerk's view. Calling again keeps the number. */
  callClerk: method(z.object({ screen: z.string().min(1).max(40) }).strict(), ClerkCall),
  getClerkState: method(Empty, ClerkState),
  /** Checked offline against the provisioned list; repeated failures lock the clerk id (`clerk.locked`, minutes). */
  clerkLogin: method(z.object({ clerkId: z.string().min(1).max(20), pin: z.string().min(1).max(40) }).strict(), ClerkState),
  /** Ends the clerk's session; the citizen's session ends with it (the renderer reloads clean). */
  clerkLogout: method(Empty, ClerkState),
  /** (clerk) Calls not answered yet, oldest first. */
  getClerkCalls: method(Empty, z.object({ calls: z.array(ClerkCall).max(100) })),
  /** (clerk) */
  answerClerkCall: method(z.object({ id: Id }).strict(), z.object({ done: z.literal(true) })),
  /** (clerk) By resume code, lookup code or ПИН (drafts left at the idle timeout are found by ПИН). */
  clerkFind: method(z.object({ query: ClerkQuery }).strict(), FindResult),
  /** (clerk) Opens a found draft as the session's, to fill with the citizen; it and its application record the clerk. */
  clerkOpenDraft: method(z.object({ draftId: Id }).strict(), Draft),
  /** (clerk) The clerk checked the document: for an application (offline, sent with the sync) or an account (online). */
  confirmIdentity: method(
    z.object({ target: IdentityTarget, documentType: DocumentType, documentNumber: z.string().min(1).max(40) }).strict(),
    IdentityResult,
  ),
  /** (clerk) */
  getKioskSettings: method(Empty, SettingsView),
  /**
   * (admin) Judged as a whole by `kioskSettingsProblems` (clerks/settings-rules.ts):
   * `settings.invalid` with a field error each, nothing saved; applied at once where it can be.
   */
  updateKioskSettings: method(KioskSettings.strict(), SettingsView),
  /** (clerk) */
  getEnrollment: method(Empty, Enrollment),
  /**
   * Enrolls with a one-time code from the operator. Without a clerk only on a
   * kiosk never enrolled or revoked; an enrolled kiosk needs an admin.
   */
  enrollKiosk: method(
    z.object({ code: z.string().min(1).max(64), terminalName: z.string().trim().min(1).max(100) }).strict(),
    Enrollment,
  ),
  /** (admin) Leaves kiosk mode for maintenance: the shell shows the desktop (Electron) or closes the browser (browser shell). */
  exitKioskMode: method(Empty, z.object({ exiting: z.literal(true) })),
  /** (clerk) Checks the audit log's hash chain from the first entry. */
  verifyAuditLog: method(Empty, AuditCheck),
} as const;

export type KioskMethods = typeof kioskMethods;
export type MethodName = keyof KioskMethods;
export const METHOD_NAMES = Object.keys(kioskMethods) as MethodName[];
export type MethodInput<M extends MethodName> = z.input<KioskMethods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<KioskMethods[M]['output']>;

/** The contract as an interface: each method takes its input and resolves to its output. */
export type KioskApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(kioskMethods, name);
}

/** How a call's result crosses a process boundary (IPC or HTTP). */
export const CallResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiError }),
]);
export type CallResult = z.infer<typeof CallResult>;

/** Events the core pushes to the renderer (IPC in Electron, SSE in the browser shell). */
export const KioskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('syncState'), state: SyncState }),
  z.object({
    type: z.literal('receiptUpdated'),
    applicationId: Id,
  }),
  /** A newer catalog version became active: screens re-read the catalog; an open form keeps its own. */
  z.object({ type: z.literal('catalogChanged'), version: z.string().min(1) }),
  /** The account session changed without the renderer asking (expired, ended by the service): screens follow. */
  z.object({ type: z.literal('accountChanged'), state: AccountState }),
  /** The clerk's session ended without the renderer asking (idle, or the clerk was removed from the list). */
  z.object({ type: z.literal('clerkChanged'), state: ClerkState }),
  /** A citizen called a clerk, or a call was answered: the clerk's view re-reads the calls. */
  z.object({ type: z.literal('clerkCallsChanged'), waiting: z.number().int().nonnegative() }),
]);
export type KioskEvent = z.infer<typeof KioskEvent>;

/** The global the Electron preload exposes as `window.kiosk`. */
export interface KioskBridge {
  call(method: MethodName, input: unknown): Promise<CallResult>;
  onEvent(listener: (event: KioskEvent) => void): () => void;
}
