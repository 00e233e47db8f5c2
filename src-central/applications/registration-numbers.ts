import { type CentralDatabase, prepared } from '../database';

/** Kyrgyzstan keeps UTC+6 all year (no DST since 2005): a number's year is the office's calendar year. */
const BISHKEK_OFFSET_MS = 6 * 3_600_000;

export function registrationYear(receivedAt: Date): number {
  return new Date(receivedAt.getTime() + BISHKEK_OFFSET_MS).getUTCFullYear();
}

export function formatRegistrationNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The next number of the year, e.g. `2026-000001`. Call it inside the
 * transaction that stores the application, so a rolled-back store gives its
 * number back.
 */
export function nextRegistrationNumber(db: CentralDatabase, receivedAt: Date): string {
  const year = registrationYear(receivedAt);
  const row = prepared<{ last_number: number }>(
    db,
    `INSERT INTO registration_sequences (year, last_number) VALUES (?, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1
       RETURNING last_number`,
  ).get(year);
  if (!row) throw new Error('registration sequence did not advance');
  return formatRegistrationNumber(year, row.last_number);
}
