import type { Catalog } from '../../src-shared/catalog/schema';
import type { ApplicationEnvelope, ItemResult } from '../../src-shared/sync/wire';
import type { CatalogHistory } from '../catalog/published';
import { type CentralDatabase, prepared } from '../database';
import type { CentralLog } from '../effects';
import { attachmentProblem, linkAttachments } from '../attachments/store';
import { peekFeedSeq, takeFeedSeq } from '../feed/changes';
import type { Fingerprint } from './fingerprint';
import { type AttachedFile, type JudgedEnvelope, type Rejection, errorFields, judgeEnvelope } from './judge';
import {
  type PendingRegistrationNumber,
  nextRegistrationNumber,
  peekRegistrationNumber,
  registrationYear,
  takeRegistrationNumber,
} from './registration-numbers';

/** What storing an item needs: the connection (inside the batch's transaction), who sent it, and when it arrived. */
export interface StoreContext {
  db: CentralDatabase;
  kioskId: string;
  now: Date;
  log: CentralLog;
  /** The next numbers, as far as this transaction knows them; a new transaction starts with none. */
  numbers?: NextNumbers;
}

/**
 * The next registration number of each year and the next feed seq, read
 * once per transaction and then counted here: nobody else takes one while
 * the transaction holds the write lock. A savepoint rolled back may give
 * numbers back, so after one everything is read again (`forgetNumbers`).
 */
export interface NextNumbers {
  registration: Map<number, PendingRegistrationNumber>;
  feedSeq: number | null;
}

export function noNumbersKnown(): NextNumbers {
  return { registration: new Map(), feedSeq: null };
}

function forgetNumbers(numbers: NextNumbers | undefined): void {
  numbers?.registration.clear();
  if (numbers) numbers.feedSeq = null;
}

/** Storing, and judging first: every published catalog (or just one) finds a form by id and the version it was filled on. */
export interface IngestContext extends StoreContext {
  catalog: Catalog | CatalogHistory;
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
 * change feed; false when the UUID is already stored (the primary key
 * decides). The JSON is bound as its UTF-8 bytes and stored as the TEXT
 * they spell (CAST … AS TEXT copies them, the database being UTF-8).
 */
function insertApplication(
  context: StoreContext,
  judged: JudgedEnvelope,
  numbers: { registrationNumber: string; receivedSeq: number },
): boolean {
  const { db, now } = context;
  const { columns, fingerprint } = judged;
  const inserted = prepared(
    db,
    `INSERT INTO applications (id, registration_number, lookup_code, kiosk_id, content_sha256, service_id, variant_id,
       form_id, form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json, received_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?)
     ON CONFLICT (id) DO NOTHING`,
  ).run(
    columns.id,
    numbers.registrationNumber,
    columns.lookupCode,
    context.kioskId,
    fingerprint.sha256,
    columns.serviceId,
    columns.variantId,
    columns.formId,
    columns.formVersion,
    columns.catalogVersion,
    columns.language,
    columns.localNumber,
    columns.submittedAt,
    now.toISOString(),
    fingerprint.json,
    numbers.receivedSeq,
  );
  return inserted.changes === 1;
}

/** Files are uploaded before the application: one the service does not hold means the item cannot be kept whole. */
function attachmentRejection(context: StoreContext, files: AttachedFile[]): Rejection | null {
  const problem = attachmentProblem(context.db, files);
  return problem ? { reason: problem } : null;
}

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
function storeNew(context: StoreContext, judged: JudgedEnvelope): StoreOutcome {
  const { db, now } = context;
  const known = context.numbers ?? noNumbersKnown();
  const number = known.registration.get(registrationYear(now)) ?? peekRegistrationNumber(db, now);
  const receivedSeq = known.feedSeq ?? peekFeedSeq(db);
  try {
    const numbers = { registrationNumber: number.text, receivedSeq };
    if (!insertApplication(context, judged, numbers)) return { stored: false, why: 'alreadyStored' };
  } catch (error) {
    if (lookupCodeTaken(error)) return { stored: false, why: 'lookupTaken' };
    throw error;
  }
  takeRegistrationNumber(db, number);
  takeFeedSeq(db, receivedSeq);
  known.registration.set(number.year, nextRegistrationNumber(number));
  known.feedSeq = receivedSeq + 1;
  linkAttachments(db, judged.id, judged.files);
  return { stored: true, registrationNumber: number.text };
}

function recordConflict(context: StoreContext, id: string, fingerprint: Fingerprint): void {
  prepared(
    context.db,
    `INSERT INTO application_conflicts (application_id, kiosk_id, content_sha256, envelope_json, received_at)
     VALUES (?, ?, ?, CAST(? AS TEXT), ?) ON CONFLICT (application_id, content_sha256) DO NOTHING`,
  ).run(id, context.kioskId, fingerprint.sha256, fingerprint.json, context.now.toISOString());
}

/** The answer for a UUID that is already stored: the same content is a duplicate, other content a conflict. */
function answerForStored(context: StoreContext, judged: JudgedEnvelope, stored: StoredApplication): ItemResult {
  if (stored.content_sha256 === judged.fingerprint.sha256) {
    return { id: judged.id, outcome: 'duplicate', registrationNumber: stored.registration_number };
  }
  recordConflict(context, judged.id, judged.fingerprint);
  context.log('application.conflict', { applicationId: judged.id, kioskId: context.kioskId });
  return { id: judged.id, outcome: 'conflict', reason: 'application.conflict' };
}

/** One judged item inside the caller's transaction; what throws leaves the transaction to the caller to roll back. */
export function storeInTransaction(context: StoreContext, judged: JudgedEnvelope): ItemResult {
  const rejection = judged.rejection ?? attachmentRejection(context, judged.files);
  if (rejection) {
    // A resend of something accepted before the catalog moved on is still a duplicate.
    const stored = storedApplication(context.db, judged.id);
    if (stored) return answerForStored(context, judged, stored);
    context.log('application.rejected', { applicationId: judged.id, kioskId: context.kioskId, reason: rejection.reason });
    return { id: judged.id, outcome: 'rejected', ...rejection };
  }
  const outcome = storeNew(context, judged);
  if (outcome.stored) return { id: judged.id, outcome: 'accepted', registrationNumber: outcome.registrationNumber };
  if (outcome.why === 'lookupTaken') {
    // The kiosk never makes a new code for an application, so sending it again cannot help: a clerk must see it.
    context.log('application.rejected', { applicationId: judged.id, kioskId: context.kioskId, reason: 'lookup.taken' });
    return { id: judged.id, outcome: 'rejected', reason: 'lookup.taken' };
  }
  const stored = storedApplication(context.db, judged.id);
  if (!stored) throw new Error('conflicting application is missing');
  return answerForStored(context, judged, stored);
}

const savepoints = new WeakMap<CentralDatabase, (work: () => unknown) => unknown>();

/**
 * Runs work in a savepoint: a better-sqlite3 transaction function called
 * inside another transaction is a SAVEPOINT, released when the work returns
 * and rolled back alone when it throws. Made once per connection.
 */
export function inSavepoint<T>(db: CentralDatabase, work: () => T): T {
  let run = savepoints.get(db);
  if (!run) {
    run = db.transaction((inner: () => unknown) => inner());
    savepoints.set(db, run);
  }
  return run(work) as T;
}

/**
 * One judged item inside the caller's transaction (the batch's), in its own
 * savepoint, so a failing item never blocks the rest: an unexpected failure
 * rolls back this item alone and is answered `retry`. When SQLite has
 * rolled back the whole transaction (a full disk, an I/O error), no item of
 * it may be answered as stored: the error goes up to the batch.
 */
export function storeInSavepoint(context: StoreContext, judged: JudgedEnvelope): ItemResult {
  try {
    return inSavepoint(context.db, () => storeInTransaction(context, judged));
  } catch (error) {
    if (!context.db.inTransaction) throw error;
    forgetNumbers(context.numbers);
    context.log('application.failed', {
      applicationId: judged.id,
      kioskId: context.kioskId,
      ...errorFields(error),
    });
    return { id: judged.id, outcome: 'retry', reason: 'internal' };
  }
}

/** One application in a transaction of its own (a batch of one); an unexpected failure is answered `retry`. */
export function ingestApplication(context: IngestContext, envelope: ApplicationEnvelope): ItemResult {
  const judged = judgeEnvelope(envelope, context.catalog, context.now);
  if ('judgingFailed' in judged) {
    context.log('application.failed', { applicationId: envelope.id, kioskId: context.kioskId, ...judged.judgingFailed });
    return { id: envelope.id, outcome: 'retry', reason: 'internal' };
  }
  try {
    return context.db.transaction(() => storeInSavepoint(context, judged)).immediate();
  } catch (error) {
    context.log('application.failed', { applicationId: envelope.id, kioskId: context.kioskId, ...errorFields(error) });
    return { id: envelope.id, outcome: 'retry', reason: 'internal' };
  }
}
