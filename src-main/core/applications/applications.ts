import type { DeliveryState, Draft, OutboxItem, Receipt } from '../../../src-shared/contract';
import type { Price, Term } from '../../../src-shared/catalog/schema';
import type { Answers } from '../../../src-shared/forms/schema';
import { KioskError, type FieldError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import { canonicalJson, type ApplicationEnvelope } from '../../../src-shared/sync/wire';
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
  /** The clerk who helped fill the draft; kept on this kiosk, not in the envelope. */
  assistedBy: string | null;
}

/** What the central service said of one application. */
export type DeliveryOutcome =
  | { state: 'accepted'; registrationNumber: string }
  | { state: 'rejected'; errors: FieldError[]; reason: string | null }
  | { state: 'conflict'; reason: string | null };

/** An outbox row's place in the order the outbox was filled: a round reads on from the last one it took. */
export interface OutboxPosition {
  enqueuedAt: string;
  row: number;
}

/** What to record of one sent application: the service's verdict, or a later try. */
export type BatchEntry =
  | { id: string; outcome: DeliveryOutcome; attempts: number }
  | { id: string; postpone: { until: string; code: string } };

interface OutboxRow {
  id: string;
  local_number: string;
  service_id: string;
  submitted_at: string;
  delivery: DeliveryState;
  delivery_detail_json: string | null;
  attempts: number | null;
  next_attempt_at: string | null;
  last_error: string | null;
}

interface DeliveryDetail {
  reason?: string | null;
  errors?: FieldError[];
  attempts?: number;
}

function toOutboxItem(row: OutboxRow): OutboxItem {
  const waiting = row.delivery === 'waiting';
  let detail: DeliveryDetail = {};
  if (!waiting && row.delivery_detail_json) {
    try {
      detail = JSON.parse(row.delivery_detail_json) as DeliveryDetail;
    } catch {
      detail = {};
    }
  }
  const flaggedCode = row.delivery === 'conflict' ? 'application.conflict' : row.delivery === 'rejected' ? 'application.rejected' : null;
  return {
    applicationId: row.id,
    localNumber: row.local_number,
    serviceId: row.service_id,
    submittedAt: row.submitted_at,
    delivery: row.delivery,
    attempts: waiting ? (row.attempts ?? 0) : (detail.attempts ?? 0),
    nextAttemptAt: waiting ? row.next_attempt_at : null,
    lastError: waiting ? row.last_error : (detail.reason ?? flaggedCode),
    fieldErrors: row.delivery === 'rejected' ? (detail.errors ?? []).map(({ field, code }) => ({ field, code })) : [],
  };
}

/** The most items `outbox()` lists (the contract's limit). */
export const OUTBOX_LIST_MAX = 1000;

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

/** The envelope from the application's columns and answers (for applications submitted before it was kept whole). */
function toEnvelope(row: ApplicationRow, answersJson: string): ApplicationEnvelope {
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
    answers: JSON.parse(answersJson) as Answers,
    price: JSON.parse(row.price_json) as Price,
    term: JSON.parse(row.term_json) as Term,
    submittedAt: row.submitted_at,
  };
}

/**
 * Makes an application's envelope (its canonical JSON) again from the
 * application's row and answers: the same text the submit made. Throws when
 * they cannot make one (no such application, answers purged or damaged).
 */
export function createEnvelopeMaker(db: KioskDatabase): (applicationId: string) => string {
  const select = db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?');
  const selectAnswers = db.prepare<[string], string>('SELECT answers_json FROM application_content WHERE application_id = ?').pluck();
  return (id) => {
    const row = select.get(id);
    const answersJson = selectAnswers.get(id);
    if (!row || answersJson === undefined) throw new KioskError('application.notFound');
    return canonicalJson(toEnvelope(row, answersJson));
  };
}

/**
 * Submitted applications and their outbox. A submission writes the
 * application, its content (answers and envelope), its outbox row and the
 * removal of its draft; the caller runs it inside one durable transaction
 * (`durably`), so that after the receipt appears a power cut loses nothing.
 * The content has a row of its own, read when sent and deleted by the
 * retention purge: keeping a verdict touches only small rows.
 */
export function createApplicationStore(db: KioskDatabase, installCode: () => string) {
  const nextLocalNumber = db.prepare<[], { last: number }>(
    `INSERT INTO local_number_sequence (singleton, last) VALUES (1, 1)
     ON CONFLICT (singleton) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const insertApplication = db.prepare(
    `INSERT INTO applications (id, local_number, lookup_code, service_id, variant_id, form_id, form_version, catalog_version,
       language, price_json, term_json, submitted_at, assisted_by)
     VALUES (@id, @localNumber, @lookupCode, @serviceId, @variantId, @formId, @formVersion, @catalogVersion,
       @language, @priceJson, @termJson, @submittedAt, @assistedBy)`,
  );
  const insertContent = db.prepare<[string, string, string]>(
    'INSERT INTO application_content (application_id, answers_json, envelope_json) VALUES (?, ?, ?)',
  );
  const setEnvelope = db.prepare<[string | null, string]>('UPDATE application_content SET envelope_json = ? WHERE application_id = ?');
  const insertOutbox = db.prepare<[string, string, string]>('INSERT INTO outbox (application_id, enqueued_at, next_attempt_at) VALUES (?, ?, ?)');
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
  const markPurged = db.prepare<[string, string]>('UPDATE applications SET purged_at = ? WHERE id = ? AND purged_at IS NULL');
  // With secure_delete on, the answers' bytes are overwritten, not left in free pages.
  const deleteContent = db.prepare<[string]>('DELETE FROM application_content WHERE application_id = ?');
  const waitingCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox');
  const flaggedCount = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM applications WHERE delivery IN ('rejected', 'conflict') AND purged_at IS NULL",
  );
  // Only a waiting application takes a verdict: a flagged one keeps its own until a clerk offers it again.
  const markAccepted = db.prepare<[string, string, string]>(
    `UPDATE applications SET delivery = 'accepted', registration_number = ?, acknowledged_at = ? WHERE id = ? AND delivery = 'waiting'`,
  );
  const markFlagged = db.prepare<[DeliveryState, string, string, string]>(
    `UPDATE applications SET delivery = ?, delivery_detail_json = ?, acknowledged_at = ? WHERE id = ? AND delivery = 'waiting'`,
  );
  const removeFromOutbox = db.prepare<[string]>('DELETE FROM outbox WHERE application_id = ?');
  const postpone = db.prepare<[string, string, string]>(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE application_id = ?',
  );
  const outboxColumns = `a.id, a.local_number, a.service_id, a.submitted_at, a.delivery, a.delivery_detail_json,
       o.attempts, o.next_attempt_at, o.last_error
     FROM applications a LEFT JOIN outbox o ON o.application_id = a.id`;
  const unaccepted = db.prepare<[number], OutboxRow>(
    `SELECT ${outboxColumns} WHERE a.delivery <> 'accepted' ORDER BY a.submitted_at, a.local_number LIMIT ?`,
  );
  const outboxItem = db.prepare<[string], OutboxRow>(`SELECT ${outboxColumns} WHERE a.id = ?`);
  const backToWaiting = db.prepare<[string]>(
    "UPDATE applications SET delivery = 'waiting', acknowledged_at = NULL WHERE id = ? AND delivery IN ('rejected', 'conflict')",
  );
  const enqueueAgain = db.prepare<[string, string, string]>(
    `INSERT INTO outbox (application_id, enqueued_at, next_attempt_at) VALUES (?, ?, ?)
     ON CONFLICT (application_id) DO UPDATE SET next_attempt_at = excluded.next_attempt_at, last_error = NULL`,
  );

  const envelopeJsonOf = createEnvelopeMaker(db);

  function readOutboxItem(id: string): OutboxItem {
    const row = outboxItem.get(id);
    if (!row) throw new KioskError('application.notFound');
    return toOutboxItem(row);
  }

  /** One verdict, inside the caller's transaction; true when the delivery changed. */
  function recordEntry(entry: BatchEntry, now: string): boolean {
    if ('postpone' in entry) {
      postpone.run(entry.postpone.until, entry.postpone.code, entry.id);
      return false;
    }
    const { outcome } = entry;
    let changed: number;
    if (outcome.state === 'accepted') {
      changed = markAccepted.run(outcome.registrationNumber, now, entry.id).changes;
    } else {
      const detail: DeliveryDetail =
        outcome.state === 'rejected'
          ? { errors: outcome.errors, reason: outcome.reason, attempts: entry.attempts + 1 }
          : { reason: outcome.reason, attempts: entry.attempts + 1 };
      changed = markFlagged.run(outcome.state, JSON.stringify(detail), now, entry.id).changes;
    }
    if (changed > 0) removeFromOutbox.run(entry.id);
    return changed > 0;
  }

  const recordAll = db.transaction((entries: BatchEntry[], now: string): string[] =>
    entries.filter((entry) => recordEntry(entry, now)).map((entry) => entry.id),
  );
  const recordOne = db.transaction(recordEntry);

  return {
    submit(application: NewApplication): Receipt {
      const { draft } = application;
      const { last } = nextLocalNumber.get() as { last: number };
      const localNumber = `${installCode()}-${String(last).padStart(6, '0')}`;
      const envelope: ApplicationEnvelope = {
        id: application.id,
        localNumber,
        lookupCode: application.lookupCode,
        serviceId: draft.serviceId,
        variantId: draft.variantId,
        formId: draft.formId,
        formVersion: draft.formVersion,
        catalogVersion: application.catalogVersion,
        language: draft.language,
        answers: application.answers,
        price: application.price,
        term: application.term,
        submittedAt: application.submittedAt,
      };
      const { answers, price, term, ...columns } = envelope;
      insertApplication.run({
        ...columns,
        priceJson: JSON.stringify(price),
        termJson: JSON.stringify(term),
        assistedBy: application.assistedBy,
      });
      insertContent.run(application.id, JSON.stringify(answers), canonicalJson(envelope));
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
      if (markPurged.run(now, id).changes === 0) return false;
      deleteContent.run(id);
      return true;
    },
    waitingCount(): number {
      return (waitingCount.get() as { n: number }).n;
    },
    /** Rejected and conflicting applications, waiting for a clerk. */
    flaggedCount(): number {
      return (flaggedCount.get() as { n: number }).n;
    },
    /**
     * A batch's verdicts in one transaction: accepted ones leave the outbox
     * with their number, rejected and conflicting ones with their reason
     * (never overwriting a verdict already kept), the rest wait for a later
     * try. Should that transaction fail, each item is kept in one of its own,
     * so that an item whose write fails waits alone (`item.recordFailed`)
     * and the others are kept. Returns the ids whose delivery changed.
     */
    recordBatch(entries: BatchEntry[], now: string, failedUntil: string): string[] {
      try {
        return recordAll(entries, now);
      } catch {
        const changed: string[] = [];
        for (const entry of entries) {
          try {
            if (recordOne(entry, now)) changed.push(entry.id);
          } catch {
            try {
              postpone.run(failedUntil, 'item.recordFailed', entry.id);
            } catch {
              // It stays due as it was; the next round sends it again and the service answers it the same.
            }
          }
        }
        return changed;
      }
    },
    /** Items that could not be sent this time (a file unreadable, a bad row): each waits, the rest go on. */
    postponeMany(items: Array<{ id: string; until: string; code: string }>): void {
      db.transaction(() => {
        for (const item of items) postpone.run(item.until, item.code, item.id);
      })();
    },
    /** What a clerk sees: waiting, rejected and conflicting applications, oldest first; no personal data. */
    outbox(limit = OUTBOX_LIST_MAX): OutboxItem[] {
      return unaccepted.all(limit).map(toOutboxItem);
    },
    outboxItem: readOutboxItem,
    /**
     * A clerk offers a rejected or conflicting application again (after
     * fixing what made the service refuse it): it waits in the outbox, due
     * now. A waiting one is made due now; an accepted one is left as it is.
     */
    offerAgain(id: string, now: string): OutboxItem {
      const item = readOutboxItem(id);
      if (item.delivery === 'accepted') return item;
      let envelopeJson: string | null = null;
      if (item.delivery !== 'waiting') {
        try {
          envelopeJson = envelopeJsonOf(id);
        } catch {
          // Sent as it is, the send finds it unreadable and says so (`item.unreadable`).
          envelopeJson = null;
        }
      }
      db.transaction(() => {
        // A flagged one goes with its envelope made again; a waiting one keeps the one it is sent with.
        if (backToWaiting.run(id).changes > 0) setEnvelope.run(envelopeJson, id);
        enqueueAgain.run(id, now, now);
      })();
      return readOutboxItem(id);
    },
  };
}
export type ApplicationStore = ReturnType<typeof createApplicationStore>;
