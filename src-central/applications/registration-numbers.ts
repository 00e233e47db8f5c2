import { type CentralDatabase, prepared } from '../database';

/** Kyrgyzstan keeps UTC+6 all year (no DST since 2005): a number's year is the office's calendar year. */
const BISHKEK_OFFSET_MS = 6 * 3_600_000;

export function registrationYear(receivedAt: Date): number {
  return new Date(receivedAt.getTime() + BISHKEK_OFFSET_MS).getUTCFullYear();
}

export function formatRegistrationNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/** The number the next application of the year would get; nothing is taken yet. */
export interface PendingRegistrationNumber {
  year: number;
  sequence: number;
  text: string;
}

/**
 * The year's next number, e.g. `2026-000001`, without taking it. Call it
 * inside the write transaction that stores the application, then
 * `takeRegistrationNumber` once the row is in: the transaction holds the
 * write lock, so nobody else can take the same number in between, and an
 * application that is not stored (a resend, a taken lookup code) takes none.
 */
export function peekRegistrationNumber(db: CentralDatabase, receivedAt: Date): PendingRegistrationNumber {
  const year = registrationYear(receivedAt);
  const row = prepared<{ last_number: number }>(db, 'SELECT last_number FROM registration_sequences WHERE year = ?').get(year);
  const sequence = (row?.last_number ?? 0) + 1;
  return { year, sequence, text: formatRegistrationNumber(year, sequence) };
}

/** The number after one taken, of the same year. */
export function nextRegistrationNumber(taken: PendingRegistrationNumber): PendingRegistrationNumber {
  const sequence = taken.sequence + 1;
  return { year: taken.year, sequence, text: formatRegistrationNumber(taken.year, sequence) };
}

export function takeRegistrationNumber(db: CentralDatabase, pending: PendingRegistrationNumber): void {
  prepared(
    db,
    `INSERT INTO registration_sequences (year, last_number) VALUES (?, ?)
       ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number`,
  ).run(pending.year, pending.sequence);
}
