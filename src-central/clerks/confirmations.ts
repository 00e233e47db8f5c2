import type { IdentityConfirmation, IdentityConfirmationsResponse } from '../../src-shared/clerks/wire';
import { type CentralDatabase, prepared } from '../database';
import { clerkById } from './store';

type Outcome = IdentityConfirmationsResponse['results'][number]['outcome'];

export interface StoredConfirmation {
  id: string;
  applicationId: string;
  kioskId: string;
  clerkId: string;
  documentType: string;
  documentNumber: string;
  confirmedAt: string;
  receivedAt: string;
}

const COLUMNS = `id, application_id AS applicationId, kiosk_id AS kioskId, clerk_id AS clerkId, document_type AS documentType,
  document_number AS documentNumber, confirmed_at AS confirmedAt, received_at AS receivedAt`;

function sameConfirmation(held: StoredConfirmation, kioskId: string, sent: IdentityConfirmation): boolean {
  return (
    held.kioskId === kioskId &&
    held.applicationId === sent.applicationId &&
    held.clerkId === sent.clerkId &&
    held.documentType === sent.documentType &&
    held.documentNumber === sent.documentNumber &&
    held.confirmedAt === sent.confirmedAt
  );
}

function storeOne(db: CentralDatabase, kioskId: string, sent: IdentityConfirmation, now: Date): Outcome {
  const held = prepared<StoredConfirmation>(db, `SELECT ${COLUMNS} FROM identity_confirmations WHERE id = ?`).get(sent.id);
  if (held) return sameConfirmation(held, kioskId, sent) ? 'stored' : 'refused';
  const application = prepared<{ kioskId: string }>(db, 'SELECT kiosk_id AS kioskId FROM applications WHERE id = ?').get(sent.applicationId);
  if (!application) return 'unknownApplication';
  // Only the kiosk that sent the application saw its applicant; a clerk id no operator ever gave is no clerk.
  if (application.kioskId !== kioskId || !clerkById(db, sent.clerkId)) return 'refused';
  prepared(
    db,
    `INSERT INTO identity_confirmations (id, application_id, kiosk_id, clerk_id, document_type, document_number, confirmed_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(sent.id, sent.applicationId, kioskId, sent.clerkId, sent.documentType, sent.documentNumber, sent.confirmedAt, now.toISOString());
  return 'stored';
}

/**
 * Stores the identity checks clerks made at a kiosk, each judged alone
 * (IdentityConfirmationsResponse): one refused never holds up the others.
 */
export function storeIdentityConfirmations(
  db: CentralDatabase,
  kioskId: string,
  confirmations: IdentityConfirmation[],
  now: Date,
): IdentityConfirmationsResponse {
  return db
    .transaction(() => ({ results: confirmations.map((sent) => ({ id: sent.id, outcome: storeOne(db, kioskId, sent, now) })) }))
    .immediate();
}

/** Every confirmation, or those of one application, oldest first: for the operator, who may see document numbers. */
export function listIdentityConfirmations(db: CentralDatabase, applicationId?: string): StoredConfirmation[] {
  if (applicationId !== undefined) {
    return prepared<StoredConfirmation>(db, `SELECT ${COLUMNS} FROM identity_confirmations WHERE application_id = ? ORDER BY received_at, id`).all(
      applicationId,
    );
  }
  return prepared<StoredConfirmation>(db, `SELECT ${COLUMNS} FROM identity_confirmations ORDER BY received_at, id`).all();
}
