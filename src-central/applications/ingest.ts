import { type Catalog, findService } from '../../src-shared/catalog/schema';
import type { FieldError } from '../../src-shared/errors';
import { validateAnswers } from '../../src-shared/forms/engine';
import { formVersionAccepted } from '../../src-shared/forms/versions';
import { type ApplicationEnvelope, type ItemResult, canonicalJson } from '../../src-shared/sync/wire';
import { type CatalogHistory, isCatalogHistory, singleCatalogHistory } from '../catalog/published';
import { type CentralDatabase, prepared } from '../database';
import type { CentralLog } from '../effects';
import { attachmentProblem, linkAttachments } from '../attachments/store';
import { nextRegistrationNumber } from './registration-numbers';
import { recordReceived } from './statuses';
import { sha256Hex } from '../hashing';

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

/** The idempotency fingerprint: the same envelope always hashes the same on kiosk and server. */
export function contentSha256(envelope: ApplicationEnvelope): string {
  return sha256Hex(canonicalJson(envelope));
}

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

function insertApplication(context: IngestContext, envelope: ApplicationEnvelope, sha256: string): boolean {
  const { db, now } = context;
  const registrationNumber = nextRegistrationNumber(db, now);
  const inserted = prepared(
    db,
    `INSERT INTO applications (id, registration_number, lookup_code, kiosk_id, content_sha256, service_id, variant_id,
       form_id, form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  ).run(
    envelope.id,
    registrationNumber,
    envelope.lookupCode,
    context.kioskId,
    sha256,
    envelope.serviceId,
    envelope.variantId,
    envelope.formId,
    envelope.formVersion,
    envelope.catalogVersion,
    envelope.language,
    envelope.localNumber,
    envelope.submittedAt,
    now.toISOString(),
    canonicalJson(envelope),
  );
  return inserted.changes === 1;
}

/** Files are uploaded before the application: one the service does not hold means the item cannot be kept whole. */
function attachmentRejection(context: IngestContext, envelope: ApplicationEnvelope): Rejection | null {
  const problem = attachmentProblem(context.db, envelope);
  return problem ? { reason: problem } : null;
}

class AlreadyStored extends Error {}

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

type StoreOutcome = 'stored' | 'alreadyStored' | 'lookupTaken';

/**
 * Inserts with a fresh number, links its files and writes its 'received'
 * step inside a savepoint: when the UUID is already there, or the lookup
 * code is another application's, the savepoint rolls back whole and the
 * year's sequence keeps no gap.
 */
function storeNew(context: IngestContext, envelope: ApplicationEnvelope, sha256: string): StoreOutcome {
  try {
    context.db.transaction(() => {
      if (!insertApplication(context, envelope, sha256)) throw new AlreadyStored();
      linkAttachments(context.db, envelope);
      recordReceived(context.db, { id: envelope.id, kioskId: context.kioskId }, context.now);
    })();
    return 'stored';
  } catch (error) {
    if (error instanceof AlreadyStored) return 'alreadyStored';
    if (lookupCodeTaken(error)) return 'lookupTaken';
    throw error;
  }
}

function recordConflict(context: IngestContext, envelope: ApplicationEnvelope, sha256: string): void {
  prepared(
    context.db,
    `INSERT INTO application_conflicts (application_id, kiosk_id, content_sha256, envelope_json, received_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, content_sha256) DO NOTHING`,
  ).run(envelope.id, context.kioskId, sha256, canonicalJson(envelope), context.now.toISOString());
}

/** The answer for a UUID that is already stored: the same content is a duplicate, other content a conflict. */
function answerForStored(
  context: IngestContext,
  envelope: ApplicationEnvelope,
  sha256: string,
  stored: StoredApplication,
): ItemResult {
  if (stored.content_sha256 === sha256) {
    return { id: envelope.id, outcome: 'duplicate', registrationNumber: stored.registration_number };
  }
  recordConflict(context, envelope, sha256);
  context.log('application.conflict', { applicationId: envelope.id, kioskId: context.kioskId });
  return { id: envelope.id, outcome: 'conflict', reason: 'application.conflict' };
}

function ingestInTransaction(context: IngestContext, envelope: ApplicationEnvelope): ItemResult {
  const sha256 = contentSha256(envelope);
  const rejection = rejectionOf(envelope, context.catalog, context.now) ?? attachmentRejection(context, envelope);
  if (rejection) {
    // A resend of something accepted before the catalog moved on is still a duplicate.
    const stored = storedApplication(context.db, envelope.id);
    if (stored) return answerForStored(context, envelope, sha256, stored);
    context.log('application.rejected', { applicationId: envelope.id, kioskId: context.kioskId, reason: rejection.reason });
    return { id: envelope.id, outcome: 'rejected', ...rejection };
  }
  const outcome = storeNew(context, envelope, sha256);
  if (outcome === 'lookupTaken') {
    // The kiosk never makes a new code for an application, so sending it again cannot help: a clerk must see it.
    context.log('application.rejected', { applicationId: envelope.id, kioskId: context.kioskId, reason: 'lookup.taken' });
    return { id: envelope.id, outcome: 'rejected', reason: 'lookup.taken' };
  }
  if (outcome === 'stored') {
    const stored = storedApplication(context.db, envelope.id);
    if (!stored) throw new Error('stored application is missing');
    context.log('application.accepted', {
      applicationId: envelope.id,
      kioskId: context.kioskId,
      registrationNumber: stored.registration_number,
    });
    return { id: envelope.id, outcome: 'accepted', registrationNumber: stored.registration_number };
  }
  const stored = storedApplication(context.db, envelope.id);
  if (!stored) throw new Error('conflicting application is missing');
  return answerForStored(context, envelope, sha256, stored);
}

/**
 * One application in its own transaction, so a failing item never blocks the
 * rest of the batch; an unexpected failure is answered `retry`.
 */
export function ingestApplication(context: IngestContext, envelope: ApplicationEnvelope): ItemResult {
  try {
    return context.db.transaction(() => ingestInTransaction(context, envelope)).immediate();
  } catch (error) {
    context.log('application.failed', {
      applicationId: envelope.id,
      kioskId: context.kioskId,
      error: error instanceof Error ? error.name : 'unknown',
      errorCode: (error as { code?: unknown }).code === undefined ? undefined : String((error as { code?: unknown }).code),
    });
    return { id: envelope.id, outcome: 'retry', reason: 'internal' };
  }
}
