import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachmentsDirOf } from '../../../src-central/attachments/store';
import { oneMonthAfter } from '../../../src-central/accounts/purge';
import { ACCOUNT_PATHS, type AccountDraft } from '../../../src-shared/accounts/wire';
import { Catalog } from '../../../src-shared/catalog/schema';
import { ATTACHMENT_SIZE_HEADER, attachmentPath } from '../../../src-shared/sync/wire';
import { TestCentral, type TestKiosk, testCatalog, validEnvelope } from './harness';
import { DAY_MS, cabinet, cli, count, login, post, refusal, register, registration, session } from './accounts-harness';

/** The test catalog with a file field, so a purge has attached files to remove. */
const catalogWithFiles = Catalog.parse({
  ...testCatalog,
  forms: testCatalog.forms.map((form) => ({
    ...form,
    pages: form.pages.map((page, index) =>
      index === 0 ? { ...page, fields: [...page.fields, { id: 'scan', type: 'file', label: { ky: 'Скан', ru: 'Скан' }, optional: true }] } : page,
    ),
  })),
});

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral({ catalog: catalogWithFiles });
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

function draft(overrides: Partial<AccountDraft> = {}): AccountDraft {
  return {
    id: '7d0c6f3e-5b1a-4c2d-9e8f-0a1b2c3d4e5f',
    serviceId: 'birth-registration',
    variantId: 'standard',
    formId: 'birth-form',
    formVersion: 2,
    answers: { childName: 'Айдай' },
    pageId: 'child',
    language: 'ky',
    updatedAt: central.now().toISOString(),
    ...overrides,
  };
}

/** Uploads a file as the kiosk does before the application that names it. */
async function upload(bytes: Buffer): Promise<{ sha256: string; fileName: string; mediaType: 'image/png'; size: number }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const response = await central.putSigned(kiosk, attachmentPath(sha256), bytes, { [ATTACHMENT_SIZE_HEADER]: String(bytes.length) });
  expect(response.statusCode).toBe(200);
  return { sha256, fileName: 'scan.png', mediaType: 'image/png', size: bytes.length };
}

function storedAnswers(applicationId: string): unknown {
  const row = central.db.prepare('SELECT envelope_json AS json FROM applications WHERE id = ?').get(applicationId) as { json: string };
  return (JSON.parse(row.json) as { answers: unknown }).answers;
}

async function submitLinked(token: string, envelope = validEnvelope()): Promise<typeof envelope> {
  const link = await post(central, kiosk, ACCOUNT_PATHS.linkApplication, {
    token,
    applicationId: envelope.id,
    lookupCode: envelope.lookupCode,
    serviceId: envelope.serviceId,
    variantId: envelope.variantId,
    submittedAt: envelope.submittedAt,
  });
  expect(link).toEqual({ status: 200, json: { linked: true } });
  return envelope;
}

describe('deleting, restoring and purging an account', () => {
  it('counts a month in the calendar', () => {
    expect(oneMonthAfter(new Date('2026-03-10T09:00:00.000Z')).toISOString()).toBe('2026-04-10T09:00:00.000Z');
    expect(oneMonthAfter(new Date('2026-01-31T12:00:00.000Z')).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(oneMonthAfter(new Date('2028-01-31T12:00:00.000Z')).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(oneMonthAfter(new Date('2026-12-15T00:00:00.000Z')).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });

  it('blocks a deleted account for a month with everything kept, and brings it all back on restore', async () => {
    const { token } = (await register(central, kiosk)).session;
    const envelope = await submitLinked(token);
    await central.sendBatch(kiosk, [envelope]);
    expect((await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: draft() })).status).toBe(200);
    expect(cli(central, 'send-notice', '--login', 'aibek.uulu', '--title-ky', 'Эскертүү', '--title-ru', 'Уведомление', '--body-ky', 'Текст', '--body-ru', 'Текст').code).toBe(0);
    const before = await cabinet(central, kiosk, token);
    const other = session(await login(central, kiosk)).session.token;

    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.deleteAccount, { token, password: 'Not-The-Password' }))).toEqual({
      error: 'account.passwordWrong',
    });
    const deleted = await post(central, kiosk, ACCOUNT_PATHS.deleteAccount, { token, password: 'Toolor-Jyldyz-Kel' });
    expect(deleted).toEqual({ status: 200, json: { restoreUntil: '2026-04-10T09:00:00.000Z' } });
    // Every session ended; the content is there but nobody reaches it.
    for (const t of [token, other]) expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token: t }))).toEqual({ error: 'account.sessionEnded' });
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.deleted', restoreUntil: '2026-04-10T09:00:00.000Z' });
    expect(refusal(await login(central, kiosk, 'aibek.uulu', 'Not-The-Password'))).toEqual({ error: 'account.credentials' });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.register, registration()))).toMatchObject({
      fields: [{ field: 'login', code: 'login.taken' }],
    });

    central.nowMs += 20 * DAY_MS;
    expect(central.runMaintenance().purged).toBe(0);
    const restored = session(await post(central, kiosk, ACCOUNT_PATHS.restore, { login: 'aibek.uulu', password: 'Toolor-Jyldyz-Kel' }));
    const after = await cabinet(central, kiosk, restored.session.token);
    expect(after).toEqual(before);
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.restore, { login: 'aibek.uulu', password: 'Toolor-Jyldyz-Kel' }))).toEqual({
      error: 'account.notRestorable',
    });
  });

  it('purges after the month: drafts and notices deleted, applications without answers or files, the login free', async () => {
    const { token } = (await register(central, kiosk)).session;
    const file = await upload(Buffer.from('a scanned passport page'));
    const arrived = await submitLinked(token, validEnvelope({ answers: { ...validEnvelope().answers, scan: [file] } }));
    const late = await submitLinked(token, validEnvelope({ localNumber: 'K1-000002' }));
    expect(await central.sendBatch(kiosk, [arrived])).toMatchObject([{ outcome: 'accepted' }]);
    await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: draft() });
    cli(central, 'send-notice', '--login', 'aibek.uulu', '--title-ky', 'Т', '--title-ru', 'З', '--body-ky', 'Т', '--body-ru', 'Т');
    await post(central, kiosk, ACCOUNT_PATHS.deleteAccount, { token, password: 'Toolor-Jyldyz-Kel' });

    central.nowMs = Date.parse('2026-04-10T09:00:00.000Z');
    // Past the month, before the hourly run: neither login nor restore.
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.notRestorable' });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.restore, { login: 'aibek.uulu', password: 'Toolor-Jyldyz-Kel' }))).toEqual({
      error: 'account.notRestorable',
    });

    expect(central.runMaintenance()).toMatchObject({ purged: 1, stripped: 1 });
    for (const table of ['accounts', 'account_drafts', 'account_notices', 'account_sessions', 'terms_acceptances']) expect(count(central, table)).toBe(0);
    expect(storedAnswers(arrived.id)).toEqual({});
    expect(existsSync(join(attachmentsDirOf(central.dbPath), file.sha256))).toBe(false);
    expect(count(central, 'attachments')).toBe(0);
    // What the service made stays: the number, the code and the history.
    const kept = central.db.prepare('SELECT registration_number AS n, lookup_code AS code FROM applications WHERE id = ?').get(arrived.id);
    expect(kept).toEqual({ n: expect.stringMatching(/^2026-/), code: arrived.lookupCode });
    expect((await central.getSigned(kiosk, `/v1/status/${arrived.lookupCode}`)).statusCode).toBe(200);
    // A resend of the application is still a duplicate, not a conflict.
    expect(await central.sendBatch(kiosk, [arrived])).toMatchObject([{ outcome: 'duplicate' }]);

    // The application that was still on its way loses its answers when it comes.
    await central.sendBatch(kiosk, [late]);
    expect(storedAnswers(late.id)).not.toEqual({});
    expect(central.runMaintenance()).toMatchObject({ purged: 0, stripped: 1 });
    expect(storedAnswers(late.id)).toEqual({});

    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.credentials' });
    const anew = await register(central, kiosk, { fullName: 'Бермет Асанова', pin: '11203199512345' });
    expect(anew.account.fullName).toBe('Бермет Асанова');
    expect(await cabinet(central, kiosk, anew.session.token)).toMatchObject({ applications: [], drafts: [], notices: [] });
    // The security officer's record outlives the account, without personal data.
    const events = central.db.prepare('SELECT kind FROM account_events ORDER BY id').all() as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['registered', 'noticeSent', 'deleted', 'purged', 'registered']);
  });

  it('frees the login of an account whose month is over at once, before the hourly run', async () => {
    const { token } = (await register(central, kiosk)).session;
    await post(central, kiosk, ACCOUNT_PATHS.deleteAccount, { token, password: 'Toolor-Jyldyz-Kel' });
    central.nowMs += 31 * DAY_MS;
    const anew = await register(central, kiosk, { password: 'Another-Long-Phrase' });
    expect(anew.account.login).toBe('aibek.uulu');
    expect(count(central, 'accounts')).toBe(1);
  });
});

describe('changing the password and reporting misuse', () => {
  it('changes the password, checks the new one by the rules, and ends the other sessions', async () => {
    const { token } = (await register(central, kiosk)).session;
    const other = session(await login(central, kiosk)).session.token;
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.changePassword, { token, currentPassword: 'Toolor-Jyldyz-Kel', newPassword: 'qwerty123456' }))).toEqual({
      error: 'account.invalid',
      fields: [{ field: 'newPassword', code: 'password.common' }],
    });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.changePassword, { token, currentPassword: 'wrong-password', newPassword: 'Jangy-Syr-Soz-2026' }))).toEqual({
      error: 'account.passwordWrong',
    });
    expect(await post(central, kiosk, ACCOUNT_PATHS.changePassword, { token, currentPassword: 'Toolor-Jyldyz-Kel', newPassword: 'Jangy-Syr-Soz-2026' })).toEqual({
      status: 200,
      json: { done: true },
    });
    await cabinet(central, kiosk, token);
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token: other }))).toEqual({ error: 'account.sessionEnded' });
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.credentials' });
    session(await login(central, kiosk, 'aibek.uulu', 'Jangy-Syr-Soz-2026'));
  });

  it('locks the account at once on a misuse report, until a clerk resets the password', async () => {
    const { token } = (await register(central, kiosk)).session;
    const other = session(await login(central, kiosk)).session.token;
    expect(await post(central, kiosk, ACCOUNT_PATHS.reportMisuse, { token })).toEqual({ status: 200, json: { ended: true } });
    for (const t of [token, other]) expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token: t }))).toEqual({ error: 'account.sessionEnded' });
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.misuseLocked' });
    // Whoever used it does not learn more with a wrong password.
    expect(refusal(await login(central, kiosk, 'aibek.uulu', 'guess-guess-guess'))).toEqual({ error: 'account.credentials' });

    const reset = cli(central, 'reset-account-password', '--login', 'aibek.uulu', '--clerk', 'clerk-17');
    expect(reset.code).toBe(0);
    const temporary = reset.stdout.trim();
    expect(temporary).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.credentials' });
    const back = session(await login(central, kiosk, 'aibek.uulu', temporary));
    expect(
      await post(central, kiosk, ACCOUNT_PATHS.changePassword, { token: back.session.token, currentPassword: temporary, newPassword: 'Ozumdun-Syr-Sozum' }),
    ).toMatchObject({ status: 200 });
    const history = cli(central, 'account', '--login', 'aibek.uulu').stdout;
    expect(history).toContain('misuseReported');
    expect(history).toMatch(/passwordReset\t-\tclerk-17/);
  });
});

describe('the operator blocks and removes accounts', () => {
  const reason = ['--reason-ky', 'Жалган маалымат берилген', '--reason-ru', 'Указаны ложные сведения'];
  const said = { ky: 'Жалган маалымат берилген', ru: 'Указаны ложные сведения' };

  it('blocks with a reason the owner alone is told, ends the sessions, and unblocks', async () => {
    const { token } = (await register(central, kiosk)).session;
    expect(cli(central, 'block-account', '--login', 'aibek.uulu', ...reason)).toMatchObject({ code: 0, stderr: 'account aibek.uulu blocked; 1 session(s) ended\n' });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token }))).toEqual({ error: 'account.sessionEnded' });
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.blocked', reason: said });
    expect(refusal(await login(central, kiosk, 'aibek.uulu', 'guess-guess-guess'))).toEqual({ error: 'account.credentials' });
    expect(cli(central, 'block-account', '--login', 'aibek.uulu', '--reason-ky', 'бир гана')).toMatchObject({
      code: 2,
      stderr: 'a reason is needed in both Kyrgyz and Russian: give --reason-ky and --reason-ru\n',
    });
    expect(cli(central, 'accounts', '--state', 'blocked').stdout).toContain('aibek.uulu\tblocked');
    expect(cli(central, 'unblock-account', '--login', 'aibek.uulu').code).toBe(0);
    session(await login(central, kiosk));
  });

  it('removes an account: its content and personal data go at once, the login stays taken', async () => {
    const { token } = (await register(central, kiosk)).session;
    const envelope = await submitLinked(token);
    await central.sendBatch(kiosk, [envelope]);
    await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: draft() });
    expect(cli(central, 'remove-account', '--login', 'aibek.uulu', ...reason).code).toBe(0);
    expect(central.db.prepare('SELECT full_name AS n, pin, phone, state FROM accounts').get()).toEqual({ n: '', pin: '', phone: '', state: 'removed' });
    expect(count(central, 'account_drafts') + count(central, 'account_sessions')).toBe(0);
    expect(storedAnswers(envelope.id)).toEqual({});
    expect(refusal(await login(central, kiosk))).toEqual({ error: 'account.blocked', reason: said });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.register, registration()))).toMatchObject({
      fields: [{ field: 'login', code: 'login.taken' }],
    });
    expect(cli(central, 'unblock-account', '--login', 'aibek.uulu')).toMatchObject({ code: 2, stderr: 'account aibek.uulu was removed; nothing more can be done to it\n' });
  });
});
