import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ENROLLMENT_CODE_ALPHABET,
  createEnrollmentCode,
  normalizeEnrollmentCode,
} from '../../../src-central/enrollment/codes';
import { listKiosks, parseEd25519PublicKey, revokeKiosk } from '../../../src-central/enrollment/kiosks';
import { EnrollResponse } from '../../../src-shared/sync/wire';
import { generateKioskKeys } from '../../../src-main/core/sync/signer';
import { T0, TestCentral } from './harness';

let central: TestCentral;
beforeEach(() => {
  central = new TestCentral();
});
afterEach(async () => {
  await central.close();
});

function enroll(code: string, publicKey = generateKioskKeys().publicKey, terminalName = 'Terminal 1') {
  return central.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, publicKey, terminalName } });
}

describe('enrollment codes', () => {
  it('are 10 characters without look-alikes, grouped by four, and stored only as a hash', () => {
    const { code } = createEnrollmentCode(central.db, { officeName: 'Osh', now: T0, randomBytes: (n) => Buffer.alloc(n, 7) });
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
    for (const c of normalizeEnrollmentCode(code)) expect(ENROLLMENT_CODE_ALPHABET).toContain(c);
    expect(ENROLLMENT_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    const stored = central.db.prepare('SELECT * FROM enrollment_codes').all() as Record<string, unknown>[];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(normalizeEnrollmentCode(code));
  });

  it('are uniformly drawn even from skewed random bytes (rejection sampling)', () => {
    // Bytes ≥ 248 would bias the first characters of the alphabet; they must be skipped.
    let call = 0;
    const skewed = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (call++ === 0 && i < 5 ? 250 : 3)));
    const { code } = createEnrollmentCode(central.db, { officeName: 'Osh', now: T0, randomBytes: skewed });
    expect(normalizeEnrollmentCode(code)).toBe(ENROLLMENT_CODE_ALPHABET[3]!.repeat(10));
  });
});

describe('POST /v1/enroll', () => {
  it('exchanges a code for a kiosk id, bound to the code’s office, and stores the key', async () => {
    const keys = generateKioskKeys();
    const code = central.newCode('Bishkek, Leninsky district');
    const response = await enroll(code, keys.publicKey, 'Hall terminal 2');
    expect(response.statusCode).toBe(200);
    const body = EnrollResponse.parse(response.json());
    expect(body).toEqual({
      kioskId: expect.any(String),
      officeName: 'Bishkek, Leninsky district',
      servicePublicKey: central.central.servicePublicKey,
      serverTime: T0.toISOString(),
      signatureWindowSeconds: 300,
    });
    expect(listKiosks(central.db)).toEqual([
      expect.objectContaining({
        id: body.kioskId,
        officeName: 'Bishkek, Leninsky district',
        terminalName: 'Hall terminal 2',
        publicKey: keys.publicKey,
        revokedAt: null,
      }),
    ]);
  });

  it('accepts the code typed in lower case, with or without dashes and spaces', async () => {
    const code = central.newCode();
    const typed = ` ${normalizeEnrollmentCode(code).toLowerCase().slice(0, 5)} ${normalizeEnrollmentCode(code).toLowerCase().slice(5)}`;
    expect((await enroll(typed)).statusCode).toBe(200);
  });

  it('works only once', async () => {
    const code = central.newCode();
    expect((await enroll(code)).statusCode).toBe(200);
    const second = await enroll(code);
    expect(second.statusCode).toBe(403);
    expect(second.json()).toEqual({ error: 'enroll.invalidCode' });
    expect(listKiosks(central.db)).toHaveLength(1);
  });

  it('refuses an expired code with the same answer as an unknown one', async () => {
    const code = central.newCode('Osh', 1);
    central.nowMs += 60 * 60 * 1000 + 1;
    const expired = await enroll(code);
    const unknown = await enroll('ABCD-EFGH-JK');
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toEqual({ error: 'enroll.invalidCode' });
    expect(unknown.statusCode).toBe(expired.statusCode);
    expect(unknown.body).toBe(expired.body);
    expect(listKiosks(central.db)).toHaveLength(0);
  });

  it('accepts a code just before it expires (default 24 hours)', async () => {
    const code = central.newCode();
    central.nowMs += 24 * 60 * 60 * 1000 - 1000;
    expect((await enroll(code)).statusCode).toBe(200);
  });

  it('refuses a key that is not Ed25519 and does not burn the code', async () => {
    const code = central.newCode();
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' });
    for (const badKey of [ecKey.toString('base64'), x25519.toString('base64'), 'A'.repeat(60), `${generateKioskKeys().publicKey}!!`]) {
      const response = await enroll(code, badKey);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'enroll.badKey' });
    }
    expect((await enroll(code)).statusCode).toBe(200);
  });

  it('refuses a body that does not match the wire schema', async () => {
    const response = await central.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'request.invalid' });
  });

  it('logs the kiosk id, never the code', async () => {
    const code = central.newCode();
    await enroll(code);
    await enroll(code);
    expect(central.logs.map((l) => l.event)).toEqual(['enroll.enrolled', 'enroll.refused']);
    expect(JSON.stringify(central.logs)).not.toContain(normalizeEnrollmentCode(code).slice(0, 4));
  });
});

describe('kiosk keys and revocation', () => {
  it('parses only real Ed25519 SPKI keys', () => {
    expect(parseEd25519PublicKey(generateKioskKeys().publicKey)?.asymmetricKeyType).toBe('ed25519');
    expect(parseEd25519PublicKey('')).toBeNull();
    expect(parseEd25519PublicKey('not base64 at all')).toBeNull();
  });

  it('revokes a known kiosk once and reports an unknown one', async () => {
    const kiosk = await central.enroll();
    expect(revokeKiosk(central.db, kiosk.id, T0)).toBe(true);
    expect(revokeKiosk(central.db, kiosk.id, new Date(T0.getTime() + 1000))).toBe(true);
    expect(listKiosks(central.db)[0]?.revokedAt).toBe(T0.toISOString());
    expect(revokeKiosk(central.db, '00000000-0000-4000-8000-000000000000', T0)).toBe(false);
  });
});
