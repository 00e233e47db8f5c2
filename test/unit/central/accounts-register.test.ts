import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_PATHS } from '../../../src-shared/accounts/wire';
import { TestCentral, type TestKiosk } from './harness';
import { cli, count, post, refusal, register, registration } from './accounts-harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

/** Every table the accounts feature writes when a registration goes through. */
function storedAnything(): number {
  return count(central, 'accounts') + count(central, 'account_sessions') + count(central, 'terms_acceptances') + count(central, 'account_events');
}

async function invalidFields(overrides: Record<string, unknown>): Promise<Array<{ field: string; code: string }>> {
  const answer = await post(central, kiosk, ACCOUNT_PATHS.register, { ...registration(), ...overrides });
  expect(answer.status).toBe(400);
  const refused = refusal(answer);
  expect(refused.error).toBe('account.invalid');
  expect(storedAnything()).toBe(0);
  return (refused.fields ?? []).map(({ field, code }) => ({ field, code }));
}

describe('registering an account', () => {
  it('stores the account, the acceptance of the terms in force and a session bound to the kiosk', async () => {
    const answer = await register(central, kiosk);
    expect(answer.account).toEqual({
      login: 'aibek.uulu',
      fullName: 'Айбек Токтогулов',
      pin: '21503199012345',
      phone: '+996555123456',
      createdAt: central.now().toISOString(),
      verified: false,
      termsVersion: 1,
    });
    expect(answer.termsToAccept).toBeNull();
    expect(answer.session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.session.expiresAt).toBe(new Date(central.nowMs + 60 * 60_000).toISOString());
    expect(central.db.prepare('SELECT version, accepted_at AS at, language, kiosk_id AS kioskId FROM terms_acceptances').all()).toEqual([
      { version: 1, at: central.now().toISOString(), language: 'ky', kioskId: kiosk.id },
    ]);
    // Only the token's hash is kept, bound to this kiosk.
    const stored = central.db.prepare('SELECT token_sha256 AS hash, kiosk_id AS kioskId FROM account_sessions').get() as { hash: string; kioskId: string };
    expect(stored.kioskId).toBe(kiosk.id);
    expect(stored.hash).not.toContain(answer.session.token);
  });

  it('keeps the password as a salted scrypt hash with its parameters', async () => {
    await register(central, kiosk);
    await register(central, kiosk, { login: 'bermet' });
    const hashes = (central.db.prepare('SELECT password_hash AS h FROM accounts').all() as { h: string }[]).map((r) => r.h);
    for (const hash of hashes) expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    // The same password, two salts, two hashes.
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(JSON.stringify(central.db.prepare('SELECT * FROM accounts').all())).not.toContain('Toolor-Jyldyz-Kel');
  });

  it('logs ids and codes, never what the citizen typed', async () => {
    await register(central, kiosk);
    const logged = JSON.stringify(central.logs);
    for (const typed of ['aibek.uulu', 'Токтогулов', '21503199012345', '555123456', 'Toolor']) expect(logged).not.toContain(typed);
  });

  it('refuses a login taken in any case, and says which field', async () => {
    await register(central, kiosk);
    expect(await post(central, kiosk, ACCOUNT_PATHS.register, registration({ login: 'Aibek.UULU' })).then(refusal)).toEqual({
      error: 'account.invalid',
      fields: [{ field: 'login', code: 'login.taken' }],
    });
    expect(count(central, 'accounts')).toBe(1);
  });

  it('judges every field at once, by the shared rules, the ПИН and phone checks and the service’s own lists', async () => {
    expect(
      await invalidFields({ login: 'ab', password: 'short', fullName: '  ', pin: '31503199012345', phone: '12345' }),
    ).toEqual([
      { field: 'login', code: 'login.length' },
      { field: 'password', code: 'password.length' },
      { field: 'fullName', code: 'fullName.required' },
      { field: 'pin', code: 'pin.gender' },
      { field: 'phone', code: 'phone.invalid' },
    ]);
    expect(await invalidFields({ login: '1aibek' })).toEqual([{ field: 'login', code: 'login.start' }]);
    expect(await invalidFields({ login: 'Administrator2' })).toEqual([{ field: 'login', code: 'login.forbidden' }]);
    expect(await invalidFields({ password: 'aibek.uulu-2026' })).toEqual([{ field: 'password', code: 'password.login' }]);
    expect(await invalidFields({ password: 'abababababab' })).toEqual([{ field: 'password', code: 'password.simple' }]);
    expect(await invalidFields({ password: 'qwerty123456' })).toEqual([{ field: 'password', code: 'password.common' }]);
    expect(await invalidFields({ password: 'Bishkek2026!' })).toEqual([{ field: 'password', code: 'password.common' }]);
    expect(await invalidFields({ password: 'P@ssw0rd-2024' })).toEqual([{ field: 'password', code: 'password.common' }]);
    expect(await invalidFields({ pin: '2150319901234' })).toEqual([{ field: 'pin', code: 'pin.length' }]);
    expect(await invalidFields({ pin: '21503209012345' })).toEqual([{ field: 'pin', code: 'pin.date' }]);
  });

  it('refuses SQL, HTML and control characters field by field, storing nothing', async () => {
    expect(
      await invalidFields({
        login: "x'; DROP TABLE accounts;--",
        fullName: '<script>alert(1)</script>',
        pin: "2150319901234' OR '1'='1",
        phone: '+996555123456<b>',
      }),
    ).toEqual([
      { field: 'login', code: 'login.characters' },
      { field: 'fullName', code: 'fullName.characters' },
      { field: 'pin', code: 'pin.digits' },
      { field: 'phone', code: 'phone.invalid' },
    ]);
    expect(
      await invalidFields({ login: 'aibek\u0000', password: 'Toolor\nJyldyz-Kel', fullName: 'Айбек\u202eТоктогулов', pin: '2150319901234\t5', phone: '+996\r555123456' }),
    ).toEqual([
      { field: 'login', code: 'text.control' },
      { field: 'password', code: 'text.control' },
      { field: 'fullName', code: 'text.control' },
      { field: 'pin', code: 'text.control' },
      { field: 'phone', code: 'text.control' },
    ]);
    expect(central.db.prepare("SELECT name FROM sqlite_master WHERE name = 'accounts'").get()).toEqual({ name: 'accounts' });
  });

  it('refuses overlong fields and wrong types with account.invalid, never request.invalid', async () => {
    expect(
      await invalidFields({ login: 'a'.repeat(65), password: 'p'.repeat(513), fullName: 'Б'.repeat(301), pin: '1'.repeat(41), phone: '5'.repeat(41) }),
    ).toEqual([
      { field: 'login', code: 'login.length' },
      { field: 'password', code: 'password.length' },
      { field: 'fullName', code: 'fullName.length' },
      { field: 'pin', code: 'pin.length' },
      { field: 'phone', code: 'phone.invalid' },
    ]);
    // Within the wire's bounds but beyond the rules' (a name of 151 letters).
    expect(await invalidFields({ fullName: 'Б'.repeat(151) })).toEqual([{ field: 'fullName', code: 'fullName.length' }]);
    expect(await invalidFields({ login: 12345, password: ['x'], termsVersion: 'one', language: 'en' })).toEqual([
      { field: 'login', code: 'value.invalid' },
      { field: 'password', code: 'value.invalid' },
      { field: 'termsVersion', code: 'value.invalid' },
      { field: 'language', code: 'value.invalid' },
    ]);
    expect(await invalidFields({ fullName: undefined })).toEqual([{ field: 'fullName', code: 'value.invalid' }]);
    const notJson = await post(central, kiosk, ACCOUNT_PATHS.register, '{"login": "aibek');
    expect(refusal(notJson)).toEqual({ error: 'account.invalid', fields: [{ field: 'body', code: 'value.invalid' }] });
    const notObject = await post(central, kiosk, ACCOUNT_PATHS.register, '[1,2,3]');
    expect(refusal(notObject)).toEqual({ error: 'account.invalid', fields: [{ field: 'body', code: 'value.invalid' }] });
    expect(storedAnything()).toBe(0);
  });

  it('stores a name as typed in any of the three alphabets, trimmed, and a phone in E.164', async () => {
    const answer = await register(central, kiosk, { fullName: "  Үмүт  О'Нил-Ңазарова ", phone: '0700 123 456', pin: '1 0102 2000 00001' });
    expect(answer.account).toMatchObject({ fullName: "Үмүт О'Нил-Ңазарова", phone: '+996700123456', pin: '10102200000001' });
  });

  it('refuses when another edition of the terms is in force than the one the citizen accepted', async () => {
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.register, registration({ termsVersion: 2 })))).toEqual({ error: 'account.termsOutdated' });
    expect(storedAnything()).toBe(0);
  });

  it('refuses a citizen of a restricted category, with the operator’s reason, storing nothing', async () => {
    expect(cli(central, 'restrict-category', '--category', 'minors', '--reason-ky', 'Жашы жете электер үчүн эмес', '--reason-ru', 'Не для несовершеннолетних').code).toBe(0);
    // 17 years old on the test day (2026-03-10): born 11 March 2008.
    const minor = await post(central, kiosk, ACCOUNT_PATHS.register, registration({ pin: '21103200812345' }));
    expect(minor.status).toBe(403);
    expect(refusal(minor)).toEqual({
      error: 'account.restricted',
      reason: { ky: 'Жашы жете электер үчүн эмес', ru: 'Не для несовершеннолетних' },
    });
    expect(storedAnything()).toBe(0);
    // 18 on the day: born 10 March 2008.
    await register(central, kiosk, { pin: '21003200812345' });
  });

  it('answers a request without the kiosk’s signature before reading it', async () => {
    const response = await central.app.inject({
      method: 'POST',
      url: ACCOUNT_PATHS.register,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(registration()),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'auth.missing' });
    expect(storedAnything()).toBe(0);
  });
});
