import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_LOCK_SECONDS } from '../../../src-central/accounts/throttle';
import { ACCOUNT_PATHS } from '../../../src-shared/accounts/wire';
import { TestCentral, type TestKiosk } from './harness';
import { cabinet, count, login, post, refusal, register, session } from './accounts-harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
  await register(central, kiosk);
});
afterEach(async () => {
  await central.close();
});

const MINUTE = 60_000;

describe('signing in', () => {
  it('opens a session at this kiosk for the right password, in any case of the login', async () => {
    const answer = session(await login(central, kiosk, 'AIBEK.Uulu'));
    expect(answer.account.login).toBe('aibek.uulu');
    expect(answer.termsToAccept).toBeNull();
    expect((await cabinet(central, kiosk, answer.session.token)).account.fullName).toBe('Айбек Токтогулов');
    expect(count(central, 'account_sessions')).toBe(2);
  });

  it('answers a wrong password and an unknown login alike', async () => {
    const wrong = await login(central, kiosk, 'aibek.uulu', 'Not-The-Password');
    const unknown = await login(central, kiosk, 'nobody.here', 'Not-The-Password');
    const malformed = await login(central, kiosk, '??', 'x');
    for (const answer of [wrong, unknown, malformed]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'account.credentials' });
    }
  });

  it('takes comparable time for an unknown login and a wrong password: both compute one hash', async () => {
    // A hash costly enough (16 MiB) to outweigh the noise of a busy test machine.
    await central.close();
    central = new TestCentral({ passwordHashing: { logN: 14, r: 8, p: 1 } });
    kiosk = await central.enroll();
    await register(central, kiosk);
    const timed = async (name: string) => {
      const started = process.hrtime.bigint();
      await login(central, kiosk, name, 'Not-The-Password');
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // Warm up, then take the median of several of each, interleaved.
    await timed('aibek.uulu');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      central.db.prepare('DELETE FROM login_throttle').run();
      known.push(await timed('aibek.uulu'));
      unknown.push(await timed(`nobody${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('slows wrong passwords down per login, known or not, with growing locks', async () => {
    for (const name of ['aibek.uulu', 'nobody.here']) {
      const answers: Array<string | number> = [];
      while (answers.length < 12) {
        const answer = await login(central, kiosk, name, 'Not-The-Password');
        const refused = refusal(answer);
        if (refused.error === 'account.locked') {
          // A try while locked is refused unheard: it neither counts nor lengthens the lock.
          answers.push(refused.retryAfterSeconds ?? 0);
          central.nowMs += (refused.retryAfterSeconds ?? 0) * 1000;
        } else answers.push(refused.error);
      }
      const credentials = 'account.credentials';
      expect(answers).toEqual([credentials, credentials, credentials, 5, credentials, 15, credentials, 30, credentials, 60, credentials, 120]);
      central.nowMs += 25 * 3600_000;
    }
  });

  it('keeps the right password out while locked, and says for how long', async () => {
    for (let i = 1; i <= 5; i += 1) {
      await login(central, kiosk, 'aibek.uulu', 'Not-The-Password');
      if (i < 5) central.nowMs += (LOGIN_LOCK_SECONDS[i] ?? 0) * 1000;
    }
    const locked = await login(central, kiosk);
    expect(locked.status).toBe(429);
    expect(refusal(locked)).toEqual({ error: 'account.locked', retryAfterSeconds: 30 });
    central.nowMs += 30_000;
    session(await login(central, kiosk));
    // The right password starts the login afresh.
    expect(await login(central, kiosk, 'aibek.uulu', 'Not-The-Password').then((a) => a.json)).toEqual({ error: 'account.credentials' });
  });

  it('locks an hour from the tenth wrong password in a row', async () => {
    for (let i = 1; i <= 10; i += 1) {
      expect(await login(central, kiosk, 'aibek.uulu', 'Not-The-Password').then((a) => a.json)).toEqual({ error: 'account.credentials' });
      if (i < 10) central.nowMs += (LOGIN_LOCK_SECONDS[i] ?? 0) * 1000;
    }
    expect(refusal(await login(central, kiosk)).retryAfterSeconds).toBe(3600);
  });

  it('locks a kiosk where many logins fail, whatever the logins, and not the others', async () => {
    for (let i = 0; i < 20; i += 1) await login(central, kiosk, `guess${i}`, 'Not-The-Password');
    const here = await login(central, kiosk);
    expect(refusal(here)).toEqual({ error: 'account.locked', retryAfterSeconds: 60 });
    const elsewhere = await central.enroll();
    session(await login(central, elsewhere));
    central.nowMs += 60_000;
    session(await login(central, kiosk));
  });

  it('binds a session to its kiosk: the token from another kiosk ends it', async () => {
    const { token } = session(await login(central, kiosk)).session;
    const thief = await central.enroll();
    expect(refusal(await post(central, thief, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.sessionEnded' });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.sessionEnded' });
  });

  it('ends a session after an hour without a request, and four hours after it began', async () => {
    const { token } = session(await login(central, kiosk)).session;
    central.nowMs += 59 * MINUTE;
    await cabinet(central, kiosk, token);
    central.nowMs += 59 * MINUTE;
    await cabinet(central, kiosk, token);
    central.nowMs += 61 * MINUTE;
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.sessionEnded' });

    const second = session(await login(central, kiosk)).session;
    expect(second.expiresAt).toBe(new Date(central.nowMs + 60 * MINUTE).toISOString());
    for (let i = 0; i < 4; i += 1) {
      central.nowMs += 50 * MINUTE;
      await cabinet(central, kiosk, second.token);
    }
    central.nowMs += 41 * MINUTE;
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token: second.token }))).toEqual({ error: 'account.sessionEnded' });
  });

  it('ends the session at logout, and answers logout alike for any token', async () => {
    const { token } = session(await login(central, kiosk)).session;
    expect(await post(central, kiosk, ACCOUNT_PATHS.logout, { token })).toEqual({ status: 200, json: { ended: true } });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.sessionEnded' });
    expect(await post(central, kiosk, ACCOUNT_PATHS.logout, { token })).toEqual({ status: 200, json: { ended: true } });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.logout, { token: 'short' }))).toEqual({
      error: 'account.invalid',
      fields: [{ field: 'token', code: 'value.invalid' }],
    });
  });

  it('refuses to sign in a citizen of a restricted category, and ends their open session', async () => {
    const { token } = session(await login(central, kiosk)).session;
    central.db
      .prepare("INSERT INTO account_restrictions (category, reason_ky, reason_ru, set_at, set_by) VALUES ('all', 'Токтотулду', 'Приостановлено', 't', 'cli')")
      .run();
    const reason = { ky: 'Токтотулду', ru: 'Приостановлено' };
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.restricted', reason });
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.restricted', reason });
    expect(count(central, 'account_sessions')).toBe(1);
  });
});
