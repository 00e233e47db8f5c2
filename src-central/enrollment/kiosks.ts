import { type KeyObject, createPublicKey } from 'node:crypto';
import type { EnrollRequest } from '../../src-shared/sync/wire';
import { type CentralDatabase, prepared } from '../database';
import { randomUuid } from '../effects';
import { consumeEnrollmentCode } from './codes';

export interface Kiosk {
  id: string;
  officeName: string;
  terminalName: string;
  publicKey: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}

interface KioskRow {
  id: string;
  office_name: string;
  terminal_name: string;
  public_key: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
}

function toKiosk(row: KioskRow): Kiosk {
  return {
    id: row.id,
    officeName: row.office_name,
    terminalName: row.terminal_name,
    publicKey: row.public_key,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
  };
}

/**
 * The key object for an Ed25519 public key given as SPKI DER base64, or null
 * for anything else (another algorithm, bad DER, sloppy base64).
 */
export function parseEd25519PublicKey(spkiBase64: string): KeyObject | null {
  const der = Buffer.from(spkiBase64, 'base64');
  // Buffer.from skips characters that are not base64; insist on the exact encoding.
  if (der.length === 0 || der.toString('base64') !== spkiBase64) return null;
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

export type EnrollOutcome =
  | { ok: true; kiosk: Kiosk }
  | { ok: false; code: 'enroll.invalidCode' | 'enroll.badKey' };

/** Exchanges a one-time code for a kiosk id, in one transaction: the code is spent only if the kiosk is stored. */
export function enrollKiosk(
  db: CentralDatabase,
  request: EnrollRequest,
  effects: { now: Date; randomBytes: (size: number) => Buffer },
): EnrollOutcome {
  // Checked first, so a typo in the key never burns the code.
  if (!parseEd25519PublicKey(request.publicKey)) return { ok: false, code: 'enroll.badKey' };
  const kioskId = randomUuid(effects.randomBytes);
  const enrolledAt = effects.now.toISOString();
  return db
    .transaction((): EnrollOutcome => {
      const code = consumeEnrollmentCode(db, request.code, kioskId, effects.now);
      if (!code) return { ok: false, code: 'enroll.invalidCode' };
      prepared(
        db,
        `INSERT INTO kiosks (id, office_name, terminal_name, public_key, enrolled_at) VALUES (?, ?, ?, ?, ?)`,
      ).run(kioskId, code.officeName, request.terminalName, request.publicKey, enrolledAt);
      return { ok: true, kiosk: findKiosk(db, kioskId) as Kiosk };
    })
    .immediate();
}

export function findKiosk(db: CentralDatabase, kioskId: string): Kiosk | undefined {
  const row = prepared<KioskRow>(db, 'SELECT * FROM kiosks WHERE id = ?').get(kioskId);
  return row ? toKiosk(row) : undefined;
}

export function listKiosks(db: CentralDatabase): Kiosk[] {
  return prepared<KioskRow>(db, 'SELECT * FROM kiosks ORDER BY enrolled_at, id').all().map(toKiosk);
}

/** A stolen or retired kiosk: its signed requests are refused from now on. False if no such kiosk. */
export function revokeKiosk(db: CentralDatabase, kioskId: string, now: Date): boolean {
  if (!findKiosk(db, kioskId)) return false;
  prepared(db, 'UPDATE kiosks SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(now.toISOString(), kioskId);
  return true;
}

export function markKioskSeen(db: CentralDatabase, kioskId: string, now: Date): void {
  prepared(db, 'UPDATE kiosks SET last_seen_at = ? WHERE id = ?').run(now.toISOString(), kioskId);
}
