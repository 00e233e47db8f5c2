import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../../src-central/accounts/common-passwords';
import { DEFAULT_SCRYPT, hashForNothing, hashPassword, needsRehash, verifyPassword } from '../../../src-central/accounts/passwords';
import { TestCentral } from './harness';
import { login, register, session } from './accounts-harness';

let central: TestCentral | null = null;
afterEach(async () => {
  await central?.close();
  central = null;
});

describe('password hashes', () => {
  it('hashes with the default parameters in a noticeable but bearable time, and verifies', async () => {
    const started = process.hrtime.bigint();
    const stored = await hashPassword('Toolor-Jyldyz-Kel', DEFAULT_SCRYPT, randomBytes);
    const hashMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(stored).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    // 128 MiB of memory: on the reference machine about 0.5–0.7 s.
    expect(hashMs).toBeGreaterThan(50);
    expect(hashMs).toBeLessThan(5000);
    expect(await verifyPassword(stored, 'Toolor-Jyldyz-Kel')).toBe(true);
    expect(await verifyPassword(stored, 'toolor-jyldyz-kel')).toBe(false);
    console.info(`scrypt N=2^${DEFAULT_SCRYPT.logN} r=${DEFAULT_SCRYPT.r} p=${DEFAULT_SCRYPT.p}: ${hashMs.toFixed(0)} ms`);
  });

  it('spends the same work on an unknown login as on a wrong password, with the default parameters', async () => {
    const stored = await hashPassword('Toolor-Jyldyz-Kel', DEFAULT_SCRYPT, randomBytes);
    const time = async (work: () => Promise<boolean>) => {
      const started = process.hrtime.bigint();
      await work();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      wrong.push(await time(() => verifyPassword(stored, 'Not-The-Password')));
      unknown.push(await time(() => hashForNothing('Not-The-Password', DEFAULT_SCRYPT, randomBytes)));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(wrong)).toBeLessThan(2);
  });

  it('reads a password the same however its letters were composed (NFKC)', async () => {
    const composed = 'Жаңы-сөз-айтылды';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const stored = await hashPassword(composed, { logN: 10, r: 8, p: 1 }, randomBytes);
    expect(await verifyPassword(stored, decomposed)).toBe(true);
  });

  it('matches nothing for a stored value it did not write', async () => {
    expect(await verifyPassword('', 'x')).toBe(false);
    expect(await verifyPassword('$scrypt$ln=99,r=8,p=1$abc$def', 'x')).toBe(false);
    expect(await verifyPassword('$2b$12$abcdefghijklmnopqrstuv', 'x')).toBe(false);
    expect(needsRehash('$scrypt$ln=10,r=8,p=1$abc$def', DEFAULT_SCRYPT)).toBe(true);
  });

  it('hashes a password again with the raised parameters at its next login', async () => {
    central = new TestCentral();
    const kiosk = await central.enroll();
    await register(central, kiosk);
    const stored = () => (central?.db.prepare('SELECT password_hash AS h FROM accounts').get() as { h: string }).h;
    expect(stored()).toMatch(/^\$scrypt\$ln=10,/);
    await central.central.close();
    central.central = central.open({ passwordHashing: { logN: 11, r: 8, p: 1 } });
    session(await login(central, kiosk));
    expect(stored()).toMatch(/^\$scrypt\$ln=11,r=8,p=1\$/);
    session(await login(central, kiosk));
  });
});

describe('common passwords', () => {
  it('knows the ones a guesser tries first, dressed up or not', () => {
    for (const common of ['1q2w3e4r5t', 'Password123', 'P@ssw0rd!!', 'Kyrgyzstan2025', 'Бишкек2024!', 'iloveyou123', 'Qwerty2026!', 'пароль12345']) {
      expect(isCommonPassword(common), common).toBe(true);
    }
    for (const fine of ['Toolor-Jyldyz-Kel', 'Ala-Too tookoru', 'bishkek-kechinde-jamgyr', 'Mansur-1991-kitep']) {
      expect(isCommonPassword(fine), fine).toBe(false);
    }
  });
});
