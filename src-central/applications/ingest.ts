import { type Catalog, findService } from '../../src-shared/catalog/schema';
import type { FieldError } from '../../src-shared/errors';
import { validateAnswers } from '../../src-shared/forms/engine';
import { formVersionAccepted } from '../../src-shared/forms/versions';
import type { ApplicationEnvelope, ItemResult } from '../../src-shared/sync/wire';
import { type CatalogHistory, isCatalogHistory, singleCatalogHistory } from '../catalog/published';
import { type CentralDatabase, prepared } from '../database';
import type { CentralLog } from '../effects';
import { attachmentProblem, attachmentsOf, linkAttachments } from '../attachments/store';
import { type Fingerprint, fingerprintOf } from './fingerprint';
import { peekFeedSeq, takeFeedSeq } from '../feed/changes';
import { peekRegistrationNumber, takeRegistrationNumber } from './registration-numbers';

export interface IngestContext {
  db: CentralDatabase;
  /** Every published catalog (or just one): a form is found by id and the version it was filled on. */
  catalog: Catalog | CatalogHistory;
  kioskId: string;
  now: Date;
  log: CentralLog;
}

/** Reason codes of a `rejected` item (besides field errors found by the shared engine). */
export const REJECTION_REASONS = [
  'item.invalid',
  'service.unknown',
  'variant.unknown',
  'form.unknown',
  'form.unknownVersion',
  'form.versionRetired',
  'answers.invalid',
  'attachment.missing',
  'lookup.taken',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

type Rejection = { reason: RejectionReason; errors?: FieldError[] };

/**
 * The day the kiosk validated on: its submit time, but never later than our
 * own now, so a kiosk clock running ahead cannot make a birth date "past".
 */
export function validationDay(envelope: ApplicationEnvelope, now: Date): Date {
  const submitted = new Date(envelope.submittedAt);
  return submitted.getTime() < now.getTime() ? submitted : now;
}

/** The newest version of a form in one catalog. */
function currentFormVersion(catalog: Catalog, formId: string): number | undefined {
  const versions = catalog.forms.filter((f) => f.id === formId).map((f) => f.version);
  return versions.length > 0 ? Math.max(...versions) : undefined;
}

/** What the catalog and the shared engine say about an envelope; null when it may be stored. */
export function rejectionOf(envelope: ApplicationEnvelope, catalogs: Catalog | CatalogHistory, now: Date): Rejection | null {
  const history = isCatalogHistory(catalogs) ? catalogs : singleCatalogHistory(catalogs);
  // Service and variant as the catalog the kiosk names (the latest when we do not know it)…
  const catalog = history.catalogFor(envelope.catalogVersion);
  const service = findService(catalog, envelope.serviceId);
  if (!service) return { reason: 'service.unknown' };
  if (!service.variants.some((v) => v.id === envelope.variantId)) return { reason: 'variant.unknown' };
  if (service.formId !== envelope.formId) return { reason: 'form.unknown' };
  // Judged against the catalog the kiosk had at submit, so an offline kiosk is never refused for what it could not know.
  const current = currentFormVersion(catalog, envelope.formId);
  if (current !== undefined && !formVersionAccepted(envelope.formVersion, current)) return { reason: 'form.versionRetired' };
  // …and the form as it was when the citizen filled it, from whichever version published it.
  const form = history.form(envelope.formId, envelope.formVersion);
  if (!form) return { reason: 'form.unknownVersion' };
  const errors = validateAnswers(form, envelope.answers, { today: validationDay(envelope, now) });
  return errors.length > 0 ? { reason: 'answers.invalid', errors } : null;
}

interface StoredApplication {
  registration_number: string;
  content_sha256: string;
}

function storedApplication(db: CentralDatabase, id: string): StoredApplication | undefined {
  return prepared<StoredApplication>(
    db,
    'SELECT registration_number, content_sha256 FROM applications WHERE id = ?',
  ).get(id);
}

/**
 * The row, under a fresh number, with its 'received' step's place in the
 * change feed; false when the UUID is already stored (the primary key decides).
 */
function insertApplication(
  context: IngestContext,
  envelope: ApplicationEnvelope,
  fingerprint: Fingerprint,
  numbers: { registrationNumber: string; receivedSeq: number },
): boolean {
  const { db, now } = context;
  const inserted = prepared(
    db,
    `INSERT INTO applications (id, registration_number, lookup_code, kiosk_id, content_sha256, service_id, variant_id,
       form_id, form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json, received_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  ).run(
    envelope.id,
    numbers.registrationNumber,
    envelope.lookupCode,
    context.kioskId,
    fingerprint.sha256,
    envelope.serviceId,
    envelope.variantId,
    envelope.formId,
    envelope.formVersion,
    envelope.catalogVersion,
    envelope.language,
    envelope.localNumber,
    envelope.submittedAt,
    now.toISOString(),
    fingerprint.json,
    numbers.receivedSeq,
  );
  return inserted.changes === 1;
}

/** Files are uploaded before the application: one the service does not hold means the item cannot be kept whole. */
function attachmentRejection(context: IngestContext, files: AttachedFile[]): Rejection | null {
  const problem = attachmentProblem(context.db, files);
  return problem ? { reason: problem } : null;
}

type AttachedFile = ReturnType<typeof attachmentsOf>[number];

/**
 * The UNIQUE index on lookup_code answered: another application holds the
 * code. The conflict target (the id) is checked first, so a resend of the
 * same application never ends up here.
 */
function lookupCodeTaken(error: unknown): boolean {
  return (
    (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error instanceof Error &&
    error.message.includes('applications.lookup_code')
  );
}

type StoreOutcome = { stored: true; registrationNumber: string } | { stored: false; why: 'alreadyStored' | 'lookupTaken' };

/**
 * Inserts under the year's next number and the feed's next seq (for its
 * 'received' step, which is the row itself), then takes both and links the
 * files. A UUID already there (the primary key, ON CONFLICT DO NOTHING) or
 * a lookup code that is another application's (the UNIQUE index; the
 * failed statement undoes itself) stores nothing and takes no number.
 * Anything failing later throws, and the item's savepoint rolls back the
 * row and its numbers together.
 */
function storeNew(
  context: IngestContext,
  envelope: ApplicationEnvelope,
  fingerprint: Fingerprint,
  files: AttachedFile[],
): StoreOutcome {
  const number = peekRegistrationNumber(context.db, context.now);
  const receivedSeq = peekFeedSeq(context.db);
  try {
    const numbers = { registrationNumber: number.text, receivedSeq };
    if (!insertApplication(context, envelope, fingerprint, numbers)) return { stored: false, why: 'alreadyStored' };
  } catch (error) {
    if (lookupCodeTaken(error)) return { stored: false, why: 'lookupTaken' };
    throw error;
  }
  takeRegistrationNumber(context.db, number);
  takeFeedSeq(context.db, receivedSeq);
  linkAttachments(context.db, envelope.id, files);
  return { stored: true, registrationNumber: number.text };
}

function recordConflict(context: IngestContext, envelope: ApplicationEnvelope, fingerprint: Fingerprint): void {
  prepared(
    context.db,
    `INSERT INTO application_conflicts (application_id, kiosk_id, content_sha256, envelope_json, received_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, content_sha256) DO NOTHING`,
  ).run(envelope.id, context.kioskId, fingerprint.sha256, fingerprint.json, context.now.toISOString());
}

/** The answer for a UUID that is already stored: the same content is a duplicate, other content a conflict. */
function answerForStored(
  context: IngestContext,
  envelope: ApplicationEnvelope,
  fingerprint: Fingerprint,
  stored: StoredApplication,
): ItemResult {
  if (stored.content_sha256 === fingerprint.sha256) {
    return { id: envelope.id, outcome: 'duplicate', registrationNumber: stored.registration_number };
  }
  recordConflict(context, envelope, fingerprint);
  context.log('application.conflict', { applicationId: envelope.id, kioskId: context.kioskId });
  return { id: envelope.id, outcome: 'conflict', reason: 'application.conflict' };
}

function ingestInTransaction(context: IngestContext, envelope: ApplicationEnvelope): ItemResult {
  const fingerprint = fingerprintOf(envelope);
  const files = attachmentsOf(envelope);
  const rejection = rejectionOf(envelope, context.catalog, context.now) ?? attachmentRejection(context, files);
  if (rejection) {
    // A resend of something accepted before the catalog moved on is still a duplicate.
    const stored = storedApplication(context.db, envelope.id);
    if (stored) return answerForStored(context, envelope, fingerprint, stored);
    context.log('application.rejected', { applicationId: envelope.id, kioskId: context.kioskId, reason: rejection.reason });
    return { id: envelope.id, outcome: 'rejected', ...rejection };
  }
  const outcome = storeNew(context, envelope, fingerprint, files);
  if (outcome.stored) {
    context.log('application.accepted', {
      applicationId: envelope.id,
      kioskId: context.kioskId,
      registrationNumber: outcome.registrationNumber,
    });
    return { id: envelope.id, outcome: 'accepted', registrationNumber: outcome.registrationNumber };
  }
  if (outcome.why === 'lookupTaken') {
    // The kiosk never makes a new code for an application, so sending it again cannot help: a clerk must see it.
    context.log('application.rejected', { applicationId: envelope.id, kioskId: context.kioskId, reason: 'lookup.taken' });
    return { id: envelope.id, outcome: 'rejected', reason: 'lookup.taken' };
  }
  const stored = storedApplication(context.db, envelope.id);
  if (!stored) throw new Error('conflicting application is missing');
  return answerForStored(context, envelope, fingerprint, stored);
}

const savepoints = new WeakMap<CentralDatabase, (work: () => unknown) => unknown>();

/**
 * Runs work in a savepoint: a better-sqlite3 transaction function called
 * inside another transaction is a SAVEPOINT, released when the work returns
 * and rolled back alone when it throws. Made once per connection.
 */
function inSavepoint<T>(db: CentralDatabase, work: () => T): T {
  let run = savepoints.get(db);
  if (!run) {
    run = db.transaction((inner: () => unknown) => inner());
    savepoints.set(db, run);
  }
  return run(work) as T;
}

/**
 * One item inside the caller's transaction (the batch's), in its own
 * savepoint, so a failing item never blocks the rest: an unexpected failure
 * rolls back this item alone and is answered `retry`. When SQLite has
 * rolled back the whole transaction (a full disk, an I/O error), no item of
 * it may be answered as stored: the error goes up to the batch.
 */
export function ingestInSavepoint(context: IngestContext, envelope: ApplicationEnvelope): ItemResult {
  try {
    return inSavepoint(context.db, () => ingestInTransaction(context, envelope));
  } catch (error) {
    if (!context.db.inTransaction) throw error;
    context.log('application.failed', {
      applicationId: envelope.id,
      kioskId: context.kioskId,
      ...errorFields(error),
    });
    return { id: envelope.id, outcome: 'retry', reason: 'internal' };
  }
}

/** What a log line may say of a failure: names and codes, never a message (it can quote data). */
export function errorFields(error: unknown): { error: string; errorCode: string | undefined } {
  const code = (error as { code?: unknown }).code;
  return { error: error instanceof Error ? error.name : 'unknown', errorCode: code === undefined ? undefined : String(code) };
}

/** One application in a transaction of its own (a batch of one); an unexpected failure is answered `retry`. */
export function ingestApplication(context: IngestContext, envelope: ApplicationEnvelope): ItemResult {
  try {
    return context.db.transaction(() => ingestInSavepoint(context, envelope)).immediate();
  } catch (error) {
    context.log('application.failed', { applicationId: envelope.id, kioskId: context.kioskId, ...errorFields(error) });
    return { id: envelope.id, outcome: 'retry', reason: 'internal' };
  }
}
