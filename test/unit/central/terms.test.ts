import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTermsDir } from '../../../src-central/terms/terms';
import { ACCOUNT_PATHS, TermsResponse, type TermsVersion } from '../../../src-shared/accounts/wire';
import { TestCentral, type TestKiosk, testTerms } from './harness';
import { cabinet, cli, count, login, post, refusal, register, registration, session } from './accounts-harness';

let central: TestCentral;
let kiosk: TestKiosk;
let dirs: string[] = [];
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** A folder with an edition's four files, as an operator prepares it. */
function editionDir(edition: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'terms-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'agreement.ky.txt'), `Макулдашуу, ${edition}-редакция.\r\n`);
  writeFileSync(join(dir, 'agreement.ru.txt'), `Соглашение, редакция ${edition}.\n`);
  writeFileSync(join(dir, 'privacy.ky.txt'), `Купуялуулук, ${edition}-редакция.`);
  writeFileSync(join(dir, 'privacy.ru.txt'), `Конфиденциальность, редакция ${edition}.`);
  return dir;
}

async function currentTerms(): Promise<TermsVersion> {
  const response = await central.getSigned(kiosk, ACCOUNT_PATHS.terms);
  expect(response.statusCode).toBe(200);
  return TermsResponse.parse(response.json());
}

describe('terms of use', () => {
  it('publishes the bundled texts as edition 1 on the first start, and serves the edition in force', async () => {
    expect(await currentTerms()).toEqual({
      version: 1,
      effectiveAt: central.now().toISOString(),
      agreement: testTerms.agreement,
      privacy: testTerms.privacy,
    });
    // A second start finds them there.
    central.open().close();
    expect(count(central, 'terms_versions')).toBe(1);
  });

  it('reads the bundled folder the server starts with, and it holds the official Kyrgyz agreement', () => {
    const read = readTermsDir('assets/terms');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const official = readFileSync('/work/shared/seed/user-agreement.ky.txt', 'utf8').trimEnd();
    expect(read.texts.agreement.ky).toBe(official);
    expect(read.texts.agreement.ru.length).toBeGreaterThan(1000);
    expect(read.texts.privacy.ky.length).toBeGreaterThan(1000);
  });

  it('takes a new edition into force at its time; the next login must accept it, and declining ends the session', async () => {
    const registered = await register(central, kiosk);
    const later = new Date(central.nowMs + 30 * 60_000).toISOString();
    const published = cli(central, 'publish-terms', '--dir', editionDir(2), '--effective-at', later);
    expect(published).toMatchObject({ code: 0, stdout: '2\n' });
    // Not yet in force: nothing changes.
    expect((await currentTerms()).version).toBe(1);
    expect(session(await login(central, kiosk)).termsToAccept).toBeNull();

    central.nowMs += 30 * 60_000;
    const terms = await currentTerms();
    expect(terms).toMatchObject({ version: 2, effectiveAt: later, agreement: { ky: 'Макулдашуу, 2-редакция.' } });
    // A session opened before goes on; a new one must accept first.
    await cabinet(central, kiosk, registered.session.token);
    const pending = session(await login(central, kiosk));
    expect(pending.termsToAccept).toEqual(terms);
    expect(pending.account.termsVersion).toBe(1);
    const token = pending.session.token;
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.termsRequired' });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.answerTerms, { token, version: 1, language: 'ru', accept: true }))).toEqual({
      error: 'account.termsOutdated',
    });
    expect(await post(central, kiosk, ACCOUNT_PATHS.answerTerms, { token, version: 2, language: 'ru', accept: false })).toEqual({
      status: 200,
      json: { ended: true },
    });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.sessionEnded' });

    const again = session(await login(central, kiosk));
    const accepted = session(
      await post(central, kiosk, ACCOUNT_PATHS.answerTerms, { token: again.session.token, version: 2, language: 'ru', accept: true }),
    );
    expect(accepted.termsToAccept).toBeNull();
    expect(accepted.account.termsVersion).toBe(2);
    expect(accepted.session.token).toBe(again.session.token);
    await cabinet(central, kiosk, again.session.token);
    expect(central.db.prepare('SELECT version, language FROM terms_acceptances ORDER BY version').all()).toEqual([
      { version: 1, language: 'ky' },
      { version: 2, language: 'ru' },
    ]);
    expect(session(await login(central, kiosk)).termsToAccept).toBeNull();
    // Registration now needs edition 2.
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.register, registration({ login: 'bermet' })))).toEqual({ error: 'account.termsOutdated' });
  });

  it('refuses an edition with the texts of the latest, one taking effect before it, and broken files', () => {
    const dir = editionDir(2);
    expect(cli(central, 'publish-terms', '--dir', dir).code).toBe(0);
    expect(cli(central, 'publish-terms', '--dir', dir)).toMatchObject({ code: 2, stderr: 'refused: the texts are those of version 2\n' });
    const third = editionDir(3);
    expect(cli(central, 'publish-terms', '--dir', third, '--effective-at', new Date(central.nowMs + 7 * 86400_000).toISOString()).code).toBe(0);
    expect(cli(central, 'publish-terms', '--dir', editionDir(4), '--effective-at', new Date(central.nowMs + 86400_000).toISOString())).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('version 3 takes effect at'),
    });
    expect(cli(central, 'publish-terms', '--dir', editionDir(4), '--effective-at', '2020-01-01T00:00:00Z')).toMatchObject({
      code: 2,
      stderr: '--effective-at is in the past: an edition takes effect now or later\n',
    });
    const broken = editionDir(5);
    writeFileSync(join(broken, 'privacy.ru.txt'), 'Политика\u0007');
    rmSync(join(broken, 'agreement.ru.txt'));
    const refused = cli(central, 'publish-terms', '--dir', broken);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('agreement.ru.txt cannot be read');
    expect(refused.stderr).toContain('privacy.ru.txt: it holds a control character');
    expect(cli(central, 'terms').stdout.split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('answers 503 when no edition is in force, and takes no registration', async () => {
    await central.close();
    central = new TestCentral({ terms: undefined });
    kiosk = await central.enroll();
    const response = await central.getSigned(kiosk, ACCOUNT_PATHS.terms);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'terms.unavailable' });
    const answer = await post(central, kiosk, ACCOUNT_PATHS.register, registration());
    expect(answer).toEqual({ status: 503, json: { error: 'terms.unavailable' } });
    expect(count(central, 'accounts')).toBe(0);
  });
});
