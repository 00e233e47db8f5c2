import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_USAGE } from '../../../src-central/admin/commands';
import { ACCOUNT_PATHS } from '../../../src-shared/accounts/wire';
import { TestCentral, type TestKiosk } from './harness';
import { DAY_MS, cli, count, login, post, refusal, register, registration, session } from './accounts-harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

describe('cli: accounts', () => {
  it('lists accounts and shows one without personal data', async () => {
    await register(central, kiosk);
    await register(central, kiosk, { login: 'Bermet', pin: '11203199512345', phone: '0700 111 222' });
    const listed = cli(central, 'accounts');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(
      'login\tstate\tverified\tcreated\trestore until\n' +
        'aibek.uulu\tactive\tno\t2026-03-10T09:00:00.000Z\t-\n' +
        'Bermet\tactive\tno\t2026-03-10T09:00:00.000Z\t-\n',
    );
    const shown = cli(central, 'account', '--login', 'BERMET');
    expect(shown.stdout).toContain('state\tactive');
    expect(shown.stdout).toContain('registered');
    for (const personal of ['Токтогулов', '11203199512345', '700111222']) expect(shown.stdout + listed.stdout).not.toContain(personal);
    expect(cli(central, 'accounts', '--state', 'sleeping')).toMatchObject({ code: 2 });
  });

  it('keeps the list of forbidden logins', async () => {
    expect(cli(central, 'forbidden-logins').stdout).toContain('admin*\t2026-01-01T00:00:00.000Z\tmigration');
    expect(cli(central, 'forbid-login', '--login', 'Manas*').code).toBe(0);
    expect(cli(central, 'forbid-login', '--login', 'manas*')).toMatchObject({ code: 2, stderr: 'manas* is already forbidden\n' });
    const refused = await post(central, kiosk, ACCOUNT_PATHS.register, registration({ login: 'manas.batyr' }));
    expect(refusal(refused)).toEqual({ error: 'account.invalid', fields: [{ field: 'login', code: 'login.forbidden' }] });
    expect(cli(central, 'allow-login', '--login', 'manas*').code).toBe(0);
    await register(central, kiosk, { login: 'manas.batyr' });
    expect(cli(central, 'forbid-login', '--login', 'bad login!')).toMatchObject({ code: 2 });
  });

  it('restricts and lifts a category', async () => {
    const reason = ['--reason-ky', 'Убактылуу токтотулду', '--reason-ru', 'Временно приостановлено'];
    expect(cli(central, 'restrict-category', '--category', 'teenagers', ...reason)).toMatchObject({ code: 2 });
    expect(cli(central, 'restrict-category', '--category', 'all', ...reason).code).toBe(0);
    expect(cli(central, 'restrictions').stdout).toContain('all\t2026-03-10T09:00:00.000Z\tcli\tУбактылуу токтотулду\tВременно приостановлено');
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.register, registration()))).toMatchObject({ error: 'account.restricted' });
    expect(cli(central, 'lift-restriction', '--category', 'all').code).toBe(0);
    expect(cli(central, 'lift-restriction', '--category', 'all')).toMatchObject({ code: 2, stderr: 'category all is not restricted\n' });
    await register(central, kiosk);
  });

  it('purges with its own clock moved by --clock-file, as the server’s would be', async () => {
    const { token } = (await register(central, kiosk)).session;
    await post(central, kiosk, ACCOUNT_PATHS.deleteAccount, { token, password: 'Toolor-Jyldyz-Kel' });
    const clockFile = join(central.dir, 'clock-offset');
    writeFileSync(clockFile, String(20 * DAY_MS));
    expect(cli(central, 'purge-accounts', '--clock-file', clockFile).stdout).toContain('purged\t0\n');
    writeFileSync(clockFile, `${31 * DAY_MS}\n`);
    expect(cli(central, 'purge-accounts', '--clock-file', clockFile).stdout).toBe(
      'purged\t1\nstripped\t0\nlinked\t0\nsessions ended\t0\ncounts forgotten\t0\n',
    );
    expect(count(central, 'accounts')).toBe(0);
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.credentials' });
  });

  it('says what each command is for, and refuses an option of another command', () => {
    for (const line of [
      'reset-account-password --data DIR --login LOGIN --clerk ID',
      'verify-account --data DIR --login LOGIN --clerk ID --document-type idCard|passport --document-number N',
      'send-notice --data DIR --login LOGIN --title-ky TEXT --title-ru TEXT --body-ky TEXT --body-ru TEXT [--actor NAME]',
      'publish-terms --data DIR --dir DIR [--effective-at ISO-TIME] [--actor NAME]',
      'purge-accounts --data DIR',
    ]) {
      expect(ADMIN_USAGE).toContain(line);
    }
    expect(cli(central, 'kiosks', '--login', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--login is only for account, block-account/) });
    expect(cli(central, 'reset-account-password', '--login', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^no account x\n$/) });
  });

  it('resets a forgotten password after a clerk checked the identity, and clears the lock', async () => {
    await register(central, kiosk);
    for (let i = 0; i < 3; i += 1) await login(central, kiosk, 'aibek.uulu', 'forgotten-it-all');
    expect(refusal(await login(central, kiosk))).toMatchObject({ error: 'account.locked' });
    const reset = cli(central, 'reset-account-password', '--login', 'aibek.uulu', '--clerk', 'clerk-5');
    session(await login(central, kiosk, 'aibek.uulu', reset.stdout.trim()));
  });
});
