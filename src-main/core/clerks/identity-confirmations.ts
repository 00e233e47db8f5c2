import {
  MAX_CONFIRMATIONS_PER_REQUEST,
  type DocumentType,
  type IdentityConfirmation,
  type IdentityConfirmationsResponse,
} from '../../../src-shared/clerks/wire';
import type { KioskDatabase } from '../db/database';

interface ConfirmationRow {
  id: string;
  application_id: string;
  clerk_id: string;
  document_type: DocumentType;
  document_number: string;
  confirmed_at: string;
}

const confirmationOf = (row: ConfirmationRow): IdentityConfirmation => ({
  id: row.id,
  applicationId: row.application_id,
  clerkId: row.clerk_id,
  documentType: row.document_type,
  documentNumber: row.document_number,
  confirmedAt: row.confirmed_at,
});

/** The document number as a clerk's screen shows it afterwards: the first two and last two characters. */
export function maskDocumentNumber(number: string): string {
  return `${number.slice(0, 2)}${'•'.repeat(Math.max(0, number.length - 4))}${number.slice(-2)}`;
}

/** What the clerk's view shows of an application's last identity check. */
export interface IdentitySummary {
  documentType: DocumentType;
  documentNumberMasked: string;
  confirmedAt: string;
  clerkId: string;
}

/**
 * Identity checks clerks made for applications submitted here: recorded at
 * once (offline), sent with the sync once the central service holds the
 * application.
 */
export function createIdentityConfirmations(db: KioskDatabase) {
  const insert = db.prepare(
    `INSERT INTO identity_confirmations (id, application_id, clerk_id, document_type, document_number, confirmed_at)
     VALUES (@id, @applicationId, @clerkId, @documentType, @documentNumber, @confirmedAt)`,
  );
  // Only for applications the service accepted: one not there yet would only come back `unknownApplication`.
  const unsent = db.prepare<[number], ConfirmationRow>(
    `SELECT c.* FROM identity_confirmations c JOIN applications a ON a.id = c.application_id
     WHERE c.sent_at IS NULL AND a.delivery = 'accepted' ORDER BY c.confirmed_at, c.id LIMIT ?`,
  );
  const markSent = db.prepare<[string, string]>('UPDATE identity_confirmations SET sent_at = ? WHERE id = ? AND sent_at IS NULL');
  const latest = db.prepare<[string], ConfirmationRow>(
    'SELECT * FROM identity_confirmations WHERE application_id = ? ORDER BY confirmed_at DESC, rowid DESC LIMIT 1',
  );

  return {
    /** Inside the caller's transaction. */
    record(confirmation: IdentityConfirmation): void {
      insert.run(confirmation);
    },
    /** The next ones to send, oldest first. */
    due(limit = MAX_CONFIRMATIONS_PER_REQUEST): IdentityConfirmation[] {
      return unsent.all(limit).map(confirmationOf);
    },
    /** `stored` and `refused` are done with (a refusal will not change); `unknownApplication` is sent again later. */
    recordResults(results: IdentityConfirmationsResponse['results'], now: string): number {
      return db.transaction(() => {
        let done = 0;
        for (const result of results) if (result.outcome !== 'unknownApplication') done += markSent.run(now, result.id).changes;
        return done;
      })();
    },
    latestFor(applicationId: string): IdentitySummary | null {
      const row = latest.get(applicationId);
      if (!row) return null;
      return {
        documentType: row.document_type,
        documentNumberMasked: maskDocumentNumber(row.document_number),
        confirmedAt: row.confirmed_at,
        clerkId: row.clerk_id,
      };
    },
  };
}
export type IdentityConfirmations = ReturnType<typeof createIdentityConfirmations>;
