import { ApplicationState, STATES_WITH_REASON, STATE_TRANSITIONS, type StatusEntry, canMove } from '../../src-shared/applications/status';
import { LOOKUP_CODE_LENGTH, formatPlainCode, normalizePlainCode } from '../../src-shared/codes';
import { LANGUAGES, type Language, type Localized } from '../../src-shared/language';
import type { StatusResponse } from '../../src-shared/sync/wire';
import { type CentralDatabase, prepared } from '../database';

/** Per language: a reason is shown on a kiosk screen and printed on a slip. */
export const MAX_REASON_LENGTH = 500;
export const MAX_ACTOR_LENGTH = 100;
/** Who made the steps the service makes by itself (the 'received' of every application). */
export const SYSTEM_ACTOR = 'system';
/** Who changed a status when the operator gave no name. */
export const CLI_ACTOR = 'cli';

/** A step as the service keeps it: the citizen's `StatusEntry`, plus who made it (never sent to kiosks). */
export interface StatusStep extends StatusEntry {
  actor: string;
}

/** What the status features know of an application: ids and codes, no answers, no names. */
export interface StatusApplication {
  id: string;
  registrationNumber: string;
  /** Null only for applications stored before lookup codes existed. */
  lookupCode: string | null;
  kioskId: string;
  serviceId: string;
  variantId: string;
  submittedAt: string;
}

/** How an operator names an application: its registration number or its lookup code. */
export type ApplicationReference = { registrationNumber: string } | { lookupCode: string };

export type StatusRefusal =
  | { code: 'status.badReference' }
  | { code: 'status.unknownApplication' }
  | { code: 'status.badActor' }
  | { code: 'status.moveNotAllowed'; from: ApplicationState; to: ApplicationState }
  | { code: 'status.reasonRequired'; state: ApplicationState; missing: Language[] }
  | { code: 'status.reasonTooLong'; language: Language; max: number }
  | { code: 'status.reasonControlCharacters'; language: Language };

export type StatusChangeOutcome =
  | { ok: true; application: StatusApplication; from: ApplicationState; step: StatusStep }
  | ({ ok: false } & StatusRefusal);

export type StatusReportOutcome =
  | { ok: true; application: StatusApplication; steps: StatusStep[] }
  | { ok: false; code: 'status.badReference' | 'status.unknownApplication' };

export interface StatusChangeRequest {
  /** A registration number (`2026-000001`) or a lookup code, bare or as printed (`XXXX-XXXX-XXXX`). */
  ref: string;
  state: ApplicationState;
  /** Required for `documentsNeeded` and `rejected`; when given, in both languages. */
  reason?: { ky?: string; ru?: string } | null;
  /** The operator's name, or `cli`. */
  actor: string;
}

const REGISTRATION_NUMBER = /^\d{4}-\d{6,}$/;
/**
 * Control characters (newlines included), line separators and bidi
 * overrides: a reason is one line a citizen reads, and such characters
 * would change how it reads on screen and paper.
 */
const REFUSED_CHARACTERS = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export function parseApplicationReference(typed: string): ApplicationReference | null {
  const trimmed = typed.trim();
  if (REGISTRATION_NUMBER.test(trimmed)) return { registrationNumber: trimmed };
  const lookupCode = normalizePlainCode(trimmed, LOOKUP_CODE_LENGTH);
  return lookupCode ? { lookupCode } : null;
}

const APPLICATION_COLUMNS = `id, registration_number AS registrationNumber, lookup_code AS lookupCode, kiosk_id AS kioskId,
  service_id AS serviceId, variant_id AS variantId, submitted_at AS submittedAt`;

export function findApplication(db: CentralDatabase, reference: ApplicationReference): StatusApplication | undefined {
  if ('registrationNumber' in reference) {
    return prepared<StatusApplication>(db, `SELECT ${APPLICATION_COLUMNS} FROM applications WHERE registration_number = ?`).get(
      reference.registrationNumber,
    );
  }
  return prepared<StatusApplication>(db, `SELECT ${APPLICATION_COLUMNS} FROM applications WHERE lookup_code = ?`).get(
    reference.lookupCode,
  );
}

/** A stored step's columns, as the history and the change feed read them. */
export interface StepColumns {
  state: string;
  reasonKy: string | null;
  reasonRu: string | null;
  at: string;
}

/** The citizen's view of a stored step; null for a state this service does not know (never written, never sent). */
export function statusEntryOf(row: StepColumns): StatusEntry | null {
  const state = ApplicationState.safeParse(row.state);
  if (!state.success) return null;
  const reason = row.reasonKy !== null && row.reasonRu !== null ? { ky: row.reasonKy, ru: row.reasonRu } : null;
  return { state: state.data, at: row.at, reason };
}

interface StepRow extends StepColumns {
  actor: string;
}

/**
 * Every step of an application, oldest first: the 'received' one, which is
 * the application's row (received_at, by 'system'; migration 007), then the
 * moves clerks made. The view `application_status_steps` joins the two.
 */
export function statusHistory(db: CentralDatabase, applicationId: string): StatusStep[] {
  const rows = prepared<StepRow>(
    db,
    `SELECT state, reason_ky AS reasonKy, reason_ru AS reasonRu, at, actor
       FROM application_status_steps WHERE application_id = ? ORDER BY id NULLS FIRST`,
  ).all(applicationId);
  const steps: StatusStep[] = [];
  for (const row of rows) {
    const entry = statusEntryOf(row);
    if (entry) steps.push({ ...entry, actor: row.actor });
  }
  return steps;
}

/**
 * Adds a clerk's step and its change-feed item, for the kiosk that sent the
 * application only. No checks here (setApplicationStatus does them); the
 * caller holds the transaction, so a step never exists without its item.
 */
function appendStatusMove(
  db: CentralDatabase,
  step: { applicationId: string; kioskId: string; state: ApplicationState; reason: Localized | null; at: Date; actor: string },
): StatusStep {
  const at = step.at.toISOString();
  const inserted = prepared<{ id: number }>(
    db,
    `INSERT INTO application_status_moves (application_id, state, reason_ky, reason_ru, at, actor)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(step.applicationId, step.state, step.reason?.ky ?? null, step.reason?.ru ?? null, at, step.actor);
  if (!inserted) throw new Error('status step was not stored');
  prepared(db, "INSERT INTO change_feed (kind, ref, kiosk_id, created_at) VALUES ('status', ?, ?, ?)").run(
    String(inserted.id),
    step.kioskId,
    at,
  );
  return { state: step.state, at, reason: step.reason, actor: step.actor };
}

function textProblem(language: Language, text: string): StatusRefusal | null {
  if ([...text].length > MAX_REASON_LENGTH) return { code: 'status.reasonTooLong', language, max: MAX_REASON_LENGTH };
  if (REFUSED_CHARACTERS.test(text)) return { code: 'status.reasonControlCharacters', language };
  return null;
}

/** The reason to store (trimmed, both languages or none), or why it cannot be. */
function checkReason(
  state: ApplicationState,
  given: StatusChangeRequest['reason'],
): { ok: true; reason: Localized | null } | ({ ok: false } & StatusRefusal) {
  const texts = { ky: given?.ky?.trim() ?? '', ru: given?.ru?.trim() ?? '' };
  const missing = LANGUAGES.filter((language) => texts[language] === '');
  const required = STATES_WITH_REASON.includes(state);
  if (missing.length === LANGUAGES.length && !required) return { ok: true, reason: null };
  // A citizen reads the kiosk in either language: half a reason is no reason.
  if (missing.length > 0) return { ok: false, code: 'status.reasonRequired', state, missing };
  for (const language of LANGUAGES) {
    const problem = textProblem(language, texts[language]);
    if (problem) return { ok: false, ...problem };
  }
  return { ok: true, reason: texts };
}

function actorIsValid(actor: string): boolean {
  const trimmed = actor.trim();
  // 'system' marks the steps the service makes by itself; an operator cannot sign as it.
  return trimmed !== '' && trimmed !== SYSTEM_ACTOR && [...trimmed].length <= MAX_ACTOR_LENGTH && !REFUSED_CHARACTERS.test(trimmed);
}

function currentState(steps: StatusStep[], applicationId: string): ApplicationState {
  const last = steps.at(-1);
  // Every application has its 'received' step: its own row.
  if (!last) throw new Error(`application ${applicationId} has no status history`);
  return last.state;
}

/**
 * Moves an application to a new state, as a clerk decided: the move must be
 * one STATE_TRANSITIONS allows from the current state, and the reason rule
 * holds. Read and write share one IMMEDIATE transaction, so two operators
 * (or the CLI and another process) cannot both move from the same state.
 */
export function setApplicationStatus(db: CentralDatabase, request: StatusChangeRequest, now: Date): StatusChangeOutcome {
  const reference = parseApplicationReference(request.ref);
  if (!reference) return { ok: false, code: 'status.badReference' };
  if (!actorIsValid(request.actor)) return { ok: false, code: 'status.badActor' };
  return db
    .transaction((): StatusChangeOutcome => {
      const application = findApplication(db, reference);
      if (!application) return { ok: false, code: 'status.unknownApplication' };
      const from = currentState(statusHistory(db, application.id), application.id);
      if (!canMove(from, request.state)) return { ok: false, code: 'status.moveNotAllowed', from, to: request.state };
      const reason = checkReason(request.state, request.reason);
      if (!reason.ok) return reason;
      const step = appendStatusMove(db, {
        applicationId: application.id,
        kioskId: application.kioskId,
        state: request.state,
        reason: reason.reason,
        at: now,
        actor: request.actor.trim(),
      });
      return { ok: true, application, from, step };
    })
    .immediate();
}

/** An application and its whole history, with who made each step: the operator's view. */
export function statusReport(db: CentralDatabase, ref: string): StatusReportOutcome {
  const reference = parseApplicationReference(ref);
  if (!reference) return { ok: false, code: 'status.badReference' };
  const application = findApplication(db, reference);
  if (!application) return { ok: false, code: 'status.unknownApplication' };
  return { ok: true, application, steps: statusHistory(db, application.id) };
}

/**
 * What any kiosk shows for a lookup code (bare, or as printed): the history
 * without who made each step, and nothing the citizen typed. Null when no
 * application has the code.
 */
export function statusOf(db: CentralDatabase, lookupCode: string): StatusResponse | null {
  const code = normalizePlainCode(lookupCode, LOOKUP_CODE_LENGTH);
  if (!code) return null;
  const application = findApplication(db, { lookupCode: code });
  if (!application) return null;
  const steps = statusHistory(db, application.id);
  // The answer promises at least one step: an application without one is a broken invariant, not "not found".
  if (steps.length === 0) throw new Error(`application ${application.id} has no status history`);
  return {
    lookupCode: code,
    registrationNumber: application.registrationNumber,
    serviceId: application.serviceId,
    variantId: application.variantId,
    submittedAt: application.submittedAt,
    history: steps.map(({ state, at, reason }) => ({ state, at, reason })),
  };
}

/** A plain sentence for the operator: what was refused and what would be allowed. */
export function describeStatusRefusal(refusal: StatusRefusal, ref: string): string {
  switch (refusal.code) {
    case 'status.badReference':
      return `${ref} is neither a registration number (2026-000001) nor a lookup code (XXXX-XXXX-XXXX)`;
    case 'status.unknownApplication':
      return `no application ${ref}`;
    case 'status.badActor':
      return `the actor must be a name of 1-${MAX_ACTOR_LENGTH} characters on one line, and not "${SYSTEM_ACTOR}"`;
    case 'status.moveNotAllowed': {
      const allowed = STATE_TRANSITIONS[refusal.from];
      const next = allowed.length > 0 ? `it may move to ${allowed.join(', ')}` : `${refusal.from} is final`;
      return `cannot move ${ref} from ${refusal.from} to ${refusal.to}: ${next}`;
    }
    case 'status.reasonRequired':
      return `${refusal.state} needs a reason in both Kyrgyz and Russian (missing: ${refusal.missing.join(', ')}); give --reason-ky and --reason-ru`;
    case 'status.reasonTooLong':
      return `the ${refusal.language} reason is longer than ${refusal.max} characters`;
    case 'status.reasonControlCharacters':
      return `the ${refusal.language} reason holds a control character (a line break, a tab…): write it on one line`;
  }
}

/** The code as printed on the receipt, or '-' for an application stored before lookup codes. */
export function printedLookupCode(application: StatusApplication): string {
  return application.lookupCode ? formatPlainCode(application.lookupCode) : '-';
}
