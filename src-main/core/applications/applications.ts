import type { DeliveryState, Draft, Receipt } from '../../../src-shared/contract';
import type { Price, Term } from '../../../src-shared/catalog/schema';
import type { Answers } from '../../../src-shared/forms/schema';
import { KioskError, type FieldError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import type { ApplicationEnvelope } from '../../../src-shared/sync/wire';
import type { KioskDatabase } from '../db/database';

interface ApplicationRow {
  id: string;
  local_number: string;
  service_id: string;
  variant_id: string;
  form_id: string;
  form_version: number;
  catalog_version: string;
  language: Language;
  answers_json: string;
  price_json: string;
  term_json: string;
  submitted_at: string;
  delivery: DeliveryState;
  registration_number: string | null;
  lookup_code: string;
  acknowledged_at: string | null;
  purged_at: string | null;
}

export interface NewApplication {
  id: string;
  /** Bare, 12 characters; unique on this kiosk (and, by its length, in the central service). */
  lookupCode: string;
  draft: Draft;
  answers: Answers;
  catalogVersion: string;
  price: Price;
  term: Term;
  submittedAt: string;
}

/** What the central service said of one application. */
export type DeliveryOutcome =
  | { state: 'accepted'; registrationNumber: string }
  | { state: 'rejected'; errors: FieldError[]; reason: string | null }
  | { state: 'conflict'; reason: string | null };

/** An application as the status check sees it locally. */
export interface LocalApplication extends Receipt {
  acknowledgedAt: string | null;
  purgedAt: string | null;
}

function toReceipt(row: ApplicationRow): Receipt {
  return {
    applicationId: row.id,
    localNumber: row.local_number,
    lookupCode: row.lookup_code,
    registrationNumber: row.registration_number,
    delivery: row.delivery,
    serviceId: row.service_id,
    variantId: row.variant_id,
    catalogVersion: row.catalog_version,
    formVersion: row.form_version,
    price: JSON.parse(row.price_json) as Price,
    term: JSON.parse(row.term_json) as Term,
    language: row.language,
    submittedAt: row.submitted_at,
  };
}

function toEnvelope(row: ApplicationRow): ApplicationEnvelope {
  return {
    id: row.id,
    localNumber: row.local_number,
    lookupCode: row.lookup_code,
    serviceId: row.service_id,
    variantId: row.variant_id,
    formId: row.form_id,
    formVersion: row.form_version,
    catalogVersion: row.catalog_version,
    language: row.language,
    answers: JSON.parse(row.answers_json) as Answers,
    price: JSON.parse(row.price_json) as Price,
    term: JSON.parse(row.term_json) as Term,
    submittedAt: row.submitted_at,
  };
}

/**
 * Submitted applications and their outbox. A submission writes the
 * application, its outbox row and the removal of its draft; the caller runs
 * it inside one durable transaction (`durably`), so that after the receipt
 * appears a power cut loses nothing.
 */
export function createApplicationStore(db: KioskDatabase, installCode: () => string) {
  const nextLocalNumber = db.prepare<[], { last: number }>(
    `INSERT INTO local_number_sequence (singleton, last) VALUES (1, 1)
     ON CONFLICT (singleton) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const insertApplication = db.prepare(
    `INSERT INTO applications (id, local_number, lookup_code, service_id, variant_id, form_id, form_version, catalog_version,
       language, answers_json, price_json, term_json, submitted_at)
     VALUES (@id, @localNumber, @lookupCode, @serviceId, @variantId, @formId, @formVersion, @catalogVersion,
       @language, @answersJson, @priceJson, @termJson, @submittedAt)`,
  );
  const insertOutbox = db.prepare<[string, string, string]>(
    'INSERT INTO outbox (application_id, enqueued_at, next_attempt_at) VALUES (?, ?, ?)',
  );
  const deleteDraft = db.prepare<[string]>('DELETE FROM drafts WHERE id = ?');
  const select = db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?');
  const selectByLookupCode = db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE lookup_code = ?');
  const lookupCodeTaken = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM applications WHERE lookup_code = ?');
  const withoutLookupCode = db.prepare<[], { id: string }>('SELECT id FROM applications WHERE lookup_code IS NULL');
  const setLookupCode = db.prepare<[string, string]>('UPDATE applications SET lookup_code = ? WHERE id = ?');
  const purgeable = db.prepare<[string, number], { id: string }>(
    `SELECT id FROM applications
     WHERE delivery = 'accepted' AND purged_at IS NULL AND acknowledged_at < ?
     ORDER BY acknowledged_at LIMIT ?`,
  );
  const purgeAnswers = db.prepare<[string, string]>(
    "UPDATE applications SET answers_json = '{}', purged_at = ? WHERE id = ? AND purged_at IS NULL",
  );
  const due = db.prepare<[string, number], ApplicationRow>(
    `SELECT a.* FROM outbox o JOIN applications a ON a.id = o.application_id
     WHERE o.next_attempt_at <= ? ORDER BY o.enqueued_at, a.local_number LIMIT ?`,
  );
  const waitingCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox');
  const markAccepted = db.prepare<[string, string, string]>(
    `UPDATE applications SET delivery = 'accepted', registration_number = ?, acknowledged_at = ? WHERE id = ?`,
  );
  const markFlagged = db.prepare<[DeliveryState, string, string, string]>(
    'UPDATE applications SET delivery = ?, delivery_detail_json = ?, acknowledged_at = ? WHERE id = ?',
  );
  const removeFromOutbox = db.prepare<[string]>('DELETE FROM outbox WHERE application_id = ?');
  const postpone = db.prepare<[string, string, string]>(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE application_id = ?',
  );

  return {
    submit(application: NewApplication): Receipt {
      const { draft } = application;
      const { last } = nextLocalNumber.get() as { last: number };
      const localNumber = `${installCode()}-${String(last).padStart(6, '0')}`;
      insertApplication.run({
        id: application.id,
        localNumber,
        lookupCode: application.lookupCode,
        serviceId: draft.serviceId,
        variantId: draft.variantId,
        formId: draft.formId,
        formVersion: draft.formVersion,
        catalogVersion: application.catalogVersion,
        language: draft.language,
        answersJson: JSON.stringify(application.answers),
        priceJson: JSON.stringify(application.price),
        termJson: JSON.stringify(application.term),
        submittedAt: application.submittedAt,
      });
      insertOutbox.run(application.id, application.submittedAt, application.submittedAt);
      deleteDraft.run(draft.id);
      return toReceipt(select.get(application.id) as ApplicationRow);
    },
    receipt(id: string): Receipt {
      const row = select.get(id);
      if (!row) throw new KioskError('application.notFound');
      return toReceipt(row);
    },
    /** What this kiosk holds under a lookup code (purged ones too: their status still answers). */
    byLookupCode(lookupCode: string): LocalApplication | null {
      const row = selectByLookupCode.get(lookupCode);
      if (!row) return null;
      return {
        ...toReceipt(row),
        acknowledgedAt: row.acknowledged_at,
        purgedAt: row.purged_at,
      };
    },
    /** Inside the caller's transaction, so the check and the insert see the same rows. */
    lookupCodeTaken(lookupCode: string): boolean {
      return lookupCodeTaken.get(lookupCode) !== undefined;
    },
    /** Applications submitted before lookup codes existed get one, so their envelope is complete. */
    backfillLookupCodes(makeCode: () => string): number {
      return db.transaction(() => {
        const ids = withoutLookupCode.all().map((row) => row.id);
        for (const id of ids) {
          let code = makeCode();
          while (lookupCodeTaken.get(code)) code = makeCode();
          setLookupCode.run(code, id);
        }
        return ids.length;
      })();
    },
    /**
     * Accepted applications acknowledged before `cutoff`, not purged
     * yet. Waiting, rejected and conflicting ones never are: a clerk needs them.
     */
    purgeableIds(cutoff: string, limit: number): string[] {
      return purgeable.all(cutoff, limit).map((row) => row.id);
    },
    /** Inside the caller's transaction: the answers go, the number, code, dates, price and statuses stay. */
    purgeAnswers(id: string, now: string): boolean {
      return purgeAnswers.run(now, id).changes > 0;
    },
    dueEnvelopes(now: string, limit: number): ApplicationEnvelope[] {
      return due.all(now, limit).map(toEnvelope);
    },
    waitingCount(): number {
      return (waitingCount.get() as { n: number }).n;
    },
    /** Records the central service's answer and takes the item out of the outbox, in one transaction. */
    recordOutcome(id: string, outcome: DeliveryOutcome, now: string): void {
      db.transaction(() => {
        if (outcome.state === 'accepted') {
          markAccepted.run(outcome.registrationNumber, now, id);
        } else {
          const detail = outcome.state === 'rejected' ? { errors: outcome.errors, reason: outcome.reason } : { reason: outcome.reason };
          markFlagged.run(outcome.state, JSON.stringify(detail), now, id);
        }
        removeFromOutbox.run(id);
      })();
    },
    /** A transient failure of one item: try it again later, the rest go on. */
    postpone(id: string, nextAttemptAt: string, errorCode: string): void {
      postpone.run(nextAttemptAt, errorCode, id);
    },
  };
}
export type ApplicationStore = ReturnType<typeof createApplicationStore>;
