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
}

/** Who this kiosk is to the central service, and how far its clock is off. */
export function createIdentityStore(db: KioskDatabase, randomBytes: (size: number) => Buffer) {
  db.prepare('INSERT OR IGNORE INTO kiosk_identity (singleton, install_code) VALUES (1, ?)').run(
    randomPlainCode(randomBytes, 4),
  );
  const read = db.prepare<[], IdentityRow>('SELECT * FROM kiosk_identity WHERE singleton = 1');
  const enroll = db.prepare(
    `UPDATE kiosk_identity SET kiosk_id = @kioskId, office_name = @officeName, public_key = @publicKey,
       private_key = @privateKey, enrolled_at = @enrolledAt WHERE singleton = 1`,
  );
  const setOffset = db.prepare<[number]>('UPDATE kiosk_identity SET clock_offset_ms = ? WHERE singleton = 1');
  const row = () => read.get() as IdentityRow;

  return {
    /** Four plain letters that make this kiosk's local application numbers unique. */
    installCode: (): string => row().install_code,
    enrolled(): EnrolledIdentity | null {
      const r = row();
      if (!r.kiosk_id || !r.private_key) return null;
      return { kioskId: r.kiosk_id, officeName: r.office_name ?? '', privateKey: r.private_key };
    },
    saveEnrollment(kioskId: string, officeName: string, keys: KioskKeys, enrolledAt: string): void {
      enroll.run({ kioskId, officeName, publicKey: keys.publicKey, privateKey: keys.privateKey, enrolledAt });
    },
    clockOffsetMs: (): number => row().clock_offset_ms,
    setClockOffsetMs(offset: number): void {
      setOffset.run(Math.round(offset));
    },
  };
}
export type IdentityStore = ReturnType<typeof createIdentityStore>;
