import { type CentralDatabase, prepared } from '../database';
import { sha256Hex } from '../hashing';

/** Letters and digits a person reads off paper and types without mixing up: no 0/O, 1/I/L. */
export const ENROLLMENT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ENROLLMENT_CODE_LENGTH = 10;
export const DEFAULT_ENROLLMENT_TTL_HOURS = 24;

export interface NewEnrollmentCode {
  /** Shown once, e.g. `K7QH-M4XP-2D`; only its hash is stored. */
  code: string;
  officeName: string;
  expiresAt: string;
}

/** Uppercase, without dashes or spaces: what a person typed, the way it was stored. */
export function normalizeEnrollmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

export function enrollmentCodeSha256(typed: string): string {
  return sha256Hex(normalizeEnrollmentCode(typed));
}

/** Groups of four, easier to read aloud and to type: K7QH-M4XP-2D. */
export function formatEnrollmentCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)?.join('-') ?? normalized;
}

function randomCodeCharacters(randomBytes: (size: number) => Buffer, length: number): string {
  const alphabet = ENROLLMENT_CODE_ALPHABET;
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && code.length < length) code += alphabet[byte % alphabet.length];
    }
  }
  return code;
}

export function createEnrollmentCode(
  db: CentralDatabase,
  options: { officeName: string; ttlHours?: number; now: Date; randomBytes: (size: number) => Buffer },
): NewEnrollmentCode {
  const officeName = options.officeName.trim();
  if (officeName === '') throw new Error('office name is empty');
  const ttlHours = options.ttlHours ?? DEFAULT_ENROLLMENT_TTL_HOURS;
  if (!(ttlHours > 0)) throw new Error('ttl must be positive');
  const normalized = randomCodeCharacters(options.randomBytes, ENROLLMENT_CODE_LENGTH);
  const expiresAt = new Date(options.now.getTime() + ttlHours * 3_600_000).toISOString();
  prepared(
    db,
    `INSERT INTO enrollment_codes (code_sha256, office_name, created_at, expires_at) VALUES (?, ?, ?, ?)`,
  ).run(enrollmentCodeSha256(normalized), officeName, options.now.toISOString(), expiresAt);
  return { code: formatEnrollmentCode(normalized), officeName, expiresAt };
}

/**
 * Marks a code used by a kiosk and answers its office, or null when the code
 * is unknown, used or expired. The conditional UPDATE is what makes a code
 * single-use, even for two kiosks racing with the same code.
 */
export function consumeEnrollmentCode(
  db: CentralDatabase,
  typed: string,
  kioskId: string,
  now: Date,
): { officeName: string } | null {
  const codeSha256 = enrollmentCodeSha256(typed);
  const used = prepared(
    db,
    `UPDATE enrollment_codes SET used_at = ?, used_by_kiosk = ?
      WHERE code_sha256 = ? AND used_at IS NULL AND expires_at > ?`,
  ).run(now.toISOString(), kioskId, codeSha256, now.toISOString());
  if (used.changes !== 1) return null;
  const row = prepared<{ office_name: string }>(db, 'SELECT office_name FROM enrollment_codes WHERE code_sha256 = ?').get(
    codeSha256,
  );
  return row ? { officeName: row.office_name } : null;
}
