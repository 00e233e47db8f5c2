import { randomPlainCode } from '../../../src-shared/codes';
import type { KioskDatabase } from '../db/database';
import type { KioskKeys } from '../sync/signer';

export interface EnrolledIdentity {
  kioskId: string;
  officeName: string;
  privateKey: string;
}

interface IdentityRow {
  install_code: string;
  kiosk_id: string | null;
  office_name: string | null;
  private_key: string | null;
  clock_offset_ms: number;
  service_public_key: string | null;
  revoked_at: string | null;
  enrolled_at: string | null;
}

export interface Enrollment {
  kioskId: string;
  officeName: string;
  keys: KioskKeys;
  /** The central service's own key, pinned now: from here on only answers it signed are believed. */
  servicePublicKey: string;
  enrolledAt: string;
}

/** Who this kiosk is to the central service, whom it believes, and how far its clock is off. */
export function createIdentityStore(db: KioskDatabase, randomBytes: (size: number) => Buffer) {
  db.prepare('INSERT OR IGNORE INTO kiosk_identity (singleton, install_code) VALUES (1, ?)').run(
    randomPlainCode(randomBytes, 4),
  );
  const read = db.prepare<[], IdentityRow>('SELECT * FROM kiosk_identity WHERE singleton = 1');
  const enroll = db.prepare(
    `UPDATE kiosk_identity SET kiosk_id = @kioskId, office_name = @officeName, public_key = @publicKey,
       private_key = @privateKey, service_public_key = @servicePublicKey, enrolled_at = @enrolledAt, revoked_at = NULL
     WHERE singleton = 1`,
  );
  const setOffset = db.prepare<[number]>('UPDATE kiosk_identity SET clock_offset_ms = ? WHERE singleton = 1');
  const setRevoked = db.prepare<[string]>('UPDATE kiosk_identity SET revoked_at = ? WHERE singleton = 1 AND revoked_at IS NULL');
  const row = () => read.get() as IdentityRow;

  return {
    /** Four plain letters that make this kiosk's local application numbers unique. */
    installCode: (): string => row().install_code,
    enrolled(): EnrolledIdentity | null {
      const r = row();
      if (!r.kiosk_id || !r.private_key) return null;
      return { kioskId: r.kiosk_id, officeName: r.office_name ?? '', privateKey: r.private_key };
    },
    saveEnrollment(enrollment: Enrollment): void {
      enroll.run({
        kioskId: enrollment.kioskId,
        officeName: enrollment.officeName,
        publicKey: enrollment.keys.publicKey,
        privateKey: enrollment.keys.privateKey,
        servicePublicKey: enrollment.servicePublicKey,
        enrolledAt: enrollment.enrolledAt,
      });
    },
    /** Null for a kiosk enrolled before keys were pinned: it believes no answer until enrolled again. */
    servicePublicKey: (): string | null => row().service_public_key,
    revoked: (): boolean => row().revoked_at !== null,
    enrolledAt: (): string | null => row().enrolled_at,
    markRevoked(at: string): void {
      setRevoked.run(at);
    },
    clockOffsetMs: (): number => row().clock_offset_ms,
    setClockOffsetMs(offset: number): void {
      setOffset.run(Math.round(offset));
    },
  };
}
export type IdentityStore = ReturnType<typeof createIdentityStore>;
