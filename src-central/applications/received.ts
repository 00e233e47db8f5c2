import { type CentralDatabase, prepared } from '../database';

/** What an operator may list: no answers, no names. */
export interface ReceivedApplication {
  id: string;
  registrationNumber: string;
  serviceId: string;
  kioskId: string;
  receivedAt: string;
}

export function listReceivedApplications(db: CentralDatabase): ReceivedApplication[] {
  return prepared<ReceivedApplication>(
    db,
    `SELECT id, registration_number AS registrationNumber, service_id AS serviceId, kiosk_id AS kioskId,
            received_at AS receivedAt
       FROM applications ORDER BY received_at, registration_number`,
  ).all();
}

export function countOpenConflicts(db: CentralDatabase): number {
  const row = prepared<{ count: number }>(
    db,
    'SELECT COUNT(*) AS count FROM application_conflicts WHERE resolved_at IS NULL',
  ).get();
  return row?.count ?? 0;
}
