import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blockAccount, requireAccount } from '../../../src-central/accounts/operator';
import { storeNotice } from '../../../src-central/accounts/cabinet';
import type { Core } from '../../../src-main/core/index';
import { startWebShell } from '../../../src-main/web/server';
import { ACCOUNT_PATHS } from '../../../src-shared/accounts/wire';
import { tempDir, validAnswers } from '../../support/catalog-fixture';
import { storedDraftIds } from '../../support/kiosk-db';
import { makePng } from '../attachments/files';
import { AccountsHarness, askAsKiosk, failureOf, registration } from './accounts-fixtures';
import { databaseBytes, submitValid } from './fixtures';

let harness: AccountsHarness;
beforeEach(() => {
  harness = new AccountsHarness();
});
afterEach(async () => {
  await harness.close();
});

async function register(core: Core, overrides: Partial<typeof registration> = {}) {
  const { version } = await core.getTerms({});
  return core.register({ ...registration, ...overrides, termsVersion: version });
}

/** A central service and a kiosk with a registered citizen signed in. */
async function signedIn() {
  const running = await harness.central();
  const kiosk = await harness.kiosk(running);
  await register(kiosk.core);
  return { ...running, ...kiosk };
}

const login = (core: Core, password = registration.password) => core.login({ login: registration.login, password });

/** What the service says now of a session token this kiosk was given. */
async function serviceSays(kiosk: { dataDir: string }, url: string, token: string | undefined) {
  return askAsKiosk(kiosk.dataDir, url, ACCOUNT_PATHS.cabinet, { token });
}

describe('registering and signing in', () => {
  it('registers with the edition in force and is signed in, the phone kept as E.164', async () => {
    const running = await harness.central();
    const { core } = await harness.kiosk(running);
    const terms = await core.getTerms({});
    expect(terms).toMatchObject({ version: 1, agreement: { ky: expect.any(String), ru: expect.any(String) } });
    const state = await core.register({ ...registration, termsVersion: terms.version });
    expect(state).toEqual({
      status: 'signedIn',
      account: expect.objectContaining({
        login: registration.login,
        fullName: registration.fullName,
        pin: registration.pin,
        phone: '+996555123456',
        verified: false,
        termsVersion: 1,
      }),
    });
    expect(await core.getAccountState({})).toEqual(state);
  });

  it('refuses an edition that is no longer in force, and a login that is taken', async () => {
    const running = await harness.central();
    const { core } = await harness.kiosk(running);
    await register(core);
    await core.logout({});
    expect(await failureOf(register(core))).toEqual({ code: 'account.invalid', fields: [{ field: 'login', code: 'login.taken' }] });
    harness.publishTerms(running.central, 2);
    expect((await failureOf(core.register({ ...registration, login: 'bakyt.uulu', termsVersion: 1 }))).code).toBe('account.termsOutdated');
    expect(await core.getAccountState({})).toEqual({ status: 'signedOut' });
  });

  it('asks for a new edition at the next login, allows nothing else until it is accepted, then goes on', async () => {
    const kiosk = await signedIn();
    await kiosk.core.logout({});
    harness.publishTerms(kiosk.central, 2);
    const pending = await login(kiosk.core);
    expect(pending).toEqual({ status: 'termsPending', login: registration.login, terms: expect.objectContaining({ version: 2 }) });
    expect((await failureOf(kiosk.core.getCabinet({}))).code).toBe('account.termsRequired');
    const accepted = await kiosk.core.answerTerms({ version: 2, accept: true });
    expect(accepted).toEqual({ status: 'signedIn', account: expect.objectContaining({ termsVersion: 2 }) });
    expect((await kiosk.core.getCabinet({})).account.termsVersion).toBe(2);
  });

  it('signs out when the new edition is declined, here and at the service', async () => {
    const kiosk = await signedIn();
    await kiosk.core.logout({});
    harness.publishTerms(kiosk.central, 2);
    await login(kiosk.core);
    expect(await kiosk.core.answerTerms({ version: 2, accept: false })).toEqual({ status: 'signedOut' });
    expect(await kiosk.core.getAccountState({})).toEqual({ status: 'signedOut' });
    expect(await serviceSays(kiosk, kiosk.url, kiosk.tokens.at(-1))).toEqual({ status: 401, error: 'account.sessionEnded' });
  });

  it('moves to the newer edition when another one came into force while the citizen read the first', async () => {
    const kiosk = await signedIn();
    await kiosk.core.logout({});
    harness.publishTerms(kiosk.central, 2);
    await login(kiosk.core);
    harness.publishTerms(kiosk.central, 3);
    expect((await failureOf(kiosk.core.answerTerms({ version: 2, accept: true }))).code).toBe('account.termsOutdated');
    const pending = { status: 'termsPending', login: registration.login, terms: expect.objectContaining({ version: 3 }) };
    expect(await kiosk.core.getAccountState({})).toEqual(pending);
    expect(kiosk.events).toContainEqual({ type: 'accountChanged', state: pending });
    expect(await kiosk.core.answerTerms({ version: 3, accept: true })).toMatchObject({ status: 'signedIn' });
  });

  it('answers a wrong password with account.credentials, then with account.locked and the minutes to wait', async () => {
    const kiosk = await signedIn();
    await kiosk.core.logout({});
    const failures: string[] = [];
    for (let attempt = 0; attempt < 6 && failures.at(-1) !== 'account.locked'; attempt += 1) {
      const failure = await failureOf(login(kiosk.core, 'туура-эмес-сырсөз'));
      failures.push(failure.code);
      if (failure.code === 'account.locked') expect(failure.params).toEqual({ minutes: 1 });
    }
    expect(failures.slice(0, 2)).toEqual(['account.credentials', 'account.credentials']);
    expect(failures.at(-1)).toBe('account.locked');
    // Locked is locked, even for the right password.
    expect((await failureOf(login(kiosk.core))).code).toBe('account.locked');
    expect(kiosk.logs.some((line) => JSON.stringify(line).includes(registration.login))).toBe(false);
  });
});

describe('the session, in memory only', () => {
  it('ends at the service at logout: the old token is refused there', async () => {
    const kiosk = await signedIn();
    const token = kiosk.tokens.at(-1);
    expect((await serviceSays(kiosk, kiosk.url, token)).status).toBe(200);
    expect(await kiosk.core.logout({})).toEqual({ status: 'signedOut' });
    expect(await serviceSays(kiosk, kiosk.url, token)).toEqual({ status: 401, error: 'account.sessionEnded' });
    expect((await failureOf(kiosk.core.getCabinet({}))).code).toBe('account.signedOut');
    // The renderer asked: no event tells it what the answer did.
    expect(kiosk.events.filter((event) => event.type === 'accountChanged')).toEqual([]);
  });

  it('ends at exit and idle timeout too, and tells the screens', async () => {
    const kiosk = await signedIn();
    const token = kiosk.tokens.at(-1);
    await kiosk.core.endSession({});
    expect(await kiosk.core.getAccountState({})).toEqual({ status: 'signedOut' });
    expect(kiosk.events).toContainEqual({ type: 'accountChanged', state: { status: 'signedOut' } });
    expect(await serviceSays(kiosk, kiosk.url, token)).toEqual({ status: 401, error: 'account.sessionEnded' });
  });

  it('signs in nobody when the exit came while the service was answering the login', async () => {
    const running = await harness.central();
    let holding = false;
    let answered = () => {};
    const loginAnswered = new Promise<void>((resolve) => (answered = resolve));
    let exit = () => {};
    const exitDone = new Promise<void>((resolve) => (exit = resolve));
    // The service's answer to the login is held until the citizen has left.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (holding && String(input).endsWith(ACCOUNT_PATHS.login)) {
        answered();
        await exitDone;
      }
      return response;
    };
    const kiosk = await harness.kiosk(running, { fetch });
    await register(kiosk.core);
    await kiosk.core.logout({});
    holding = true;
    const signingIn = failureOf(login(kiosk.core));
    await loginAnswered;
    await kiosk.core.endSession({});
    exit();
    expect((await signingIn).code).toBe('account.signedOut');
    expect(await kiosk.core.getAccountState({})).toEqual({ status: 'signedOut' });
    // The session the service opened for the late answer is ended there too.
    await vi.waitFor(async () => expect(await serviceSays(kiosk, running.url, kiosk.tokens.at(-1))).toEqual({ status: 401, error: 'account.sessionEnded' }));
  });

  it('is forgotten at once at logout when the service is out of reach', async () => {
    const kiosk = await signedIn();
    await kiosk.central.app.close();
    expect(await kiosk.core.logout({})).toEqual({ status: 'signedOut' });
    expect((await failureOf(kiosk.core.getCabinet({}))).code).toBe('account.signedOut');
    // The service never heard: the session runs out there by its own limits.
    expect(kiosk.logs).toContainEqual({ event: 'account.endUnconfirmed', fields: { reason: 'logout', code: 'network.unreachable' } });
  });

  it('is dropped, with an event, when the service ended it (a new password set at another kiosk)', async () => {
    const kioskA = await signedIn();
    const kioskB = await harness.kiosk(kioskA);
    await login(kioskB.core);
    await kioskB.core.changePassword({ currentPassword: registration.password, newPassword: 'жаңы-сырсөз-2027-күз' });
    expect((await failureOf(kioskA.core.getCabinet({}))).code).toBe('account.sessionEnded');
    expect(await kioskA.core.getAccountState({})).toEqual({ status: 'signedOut' });
    expect(kioskA.events).toContainEqual({ type: 'accountChanged', state: { status: 'signedOut' } });
    // The kiosk that changed it stays signed in.
    expect((await kioskB.core.getCabinet({})).account.login).toBe(registration.login);
  });

  it('judges a new password by the rules before sending it', async () => {
    const kiosk = await signedIn();
    expect(await failureOf(kiosk.core.changePassword({ currentPassword: registration.password, newPassword: 'short' }))).toEqual({
      code: 'account.invalid',
      fields: [{ field: 'newPassword', code: 'password.length' }],
    });
    expect((await failureOf(kiosk.core.changePassword({ currentPassword: 'не-тот-пароль-вовсе', newPassword: 'жаңы-сырсөз-2027-күз' }))).code).toBe(
      'account.passwordWrong',
    );
  });

  it('does not survive a restart of the kiosk', async () => {
    const kiosk = await signedIn();
    await kiosk.core.close();
    const reopened = kiosk.reopen();
    expect(await reopened.getAccountState({})).toEqual({ status: 'signedOut' });
  });

  it('leaves nothing of the account in the kiosk\'s SQLite file, and its token crosses no contract answer', async () => {
    const running = await harness.central();
    const kiosk = await harness.kiosk(running);
    const answers: unknown[] = [];
    answers.push(await register(kiosk.core));
    answers.push(await kiosk.core.getAccountState({}));
    answers.push(await kiosk.core.getCabinet({}));
    answers.push(await kiosk.core.logout({}));
    answers.push(await login(kiosk.core));
    answers.push(await kiosk.core.endSession({}));
    const bytes = databaseBytes(kiosk.dataDir);
    // The file is read for real: the kiosk's own identity is in it.
    expect(bytes.includes(Buffer.from('kiosk_identity'))).toBe(true);
    for (const secret of [registration.login, registration.fullName, registration.pin, '+996555123456', '555123456', ...kiosk.tokens]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
      expect(JSON.stringify(kiosk.logs).includes(secret), secret).toBe(false);
    }
    expect(kiosk.tokens.length).toBe(2);
    for (const token of kiosk.tokens) expect(JSON.stringify([answers, kiosk.events]).includes(token)).toBe(false);
  });
});

describe('applications and drafts in the account', () => {
  it('links an application submitted while signed in: the cabinet shows it before and after it reaches the service', async () => {
    const kiosk = await signedIn();
    const applicationId = await submitValid(kiosk.core);
    const { lookupCode } = await kiosk.core.getReceipt({ applicationId });
    const before = await kiosk.core.getCabinet({});
    expect(before.applications).toEqual([
      expect.objectContaining({ applicationId, lookupCode, state: 'notReceived', serviceId: 'id-card', registrationNumber: null }),
    ]);
    await kiosk.core.syncNow({});
    const [after] = (await kiosk.core.getCabinet({})).applications;
    expect(after).toMatchObject({ applicationId, lookupCode });
    expect(after?.state).not.toBe('notReceived');
    expect(after?.registrationNumber).toEqual(expect.any(String));
  });

  it('never spoils a receipt when the link fails, and links nothing for a guest', async () => {
    const kiosk = await signedIn();
    await kiosk.central.app.close();
    const applicationId = await submitValid(kiosk.core);
    expect((await kiosk.core.getReceipt({ applicationId })).applicationId).toBe(applicationId);
    await kiosk.core.logout({});
    expect(kiosk.logs).toContainEqual({ event: 'account.linkFailed', fields: { applicationId, code: 'network.unreachable' } });

    const guest = await harness.kiosk(await harness.central());
    await submitValid(guest.core);
    expect(guest.logs.filter((line) => line.event.startsWith('account.'))).toEqual([]);
  });

  it('keeps a draft without its files, opens it at another kiosk as a fresh local draft, saves it back under its own id', async () => {
    const kioskA = await signedIn();
    const draft = await kioskA.core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await kioskA.core.saveDraft({ id: draft.id, answers: { surname: 'Асанова', pin: validAnswers.pin }, pageId: 'applicant' });
    await kioskA.core.attachUploadedFile({ draftId: draft.id, fieldId: 'scans', fileName: 'a.png', dataBase64: makePng(20, 20, 1).toString('base64') });
    expect(await kioskA.core.saveDraftToAccount({ draftId: draft.id })).toEqual({ saved: true });
    const kept = (await kioskA.core.getCabinet({})).drafts;
    expect(kept).toEqual([expect.objectContaining({ id: draft.id, answers: { surname: 'Асанова', pin: validAnswers.pin }, pageId: 'applicant' })]);

    const kioskB = await harness.kiosk(kioskA);
    await login(kioskB.core);
    const opened = await kioskB.core.openAccountDraft({ draftId: draft.id });
    expect(opened.id).not.toBe(draft.id);
    expect(opened).toMatchObject({ serviceId: 'id-card', variantId: 'normal', answers: { surname: 'Асанова', pin: validAnswers.pin }, pageId: 'applicant' });
    expect((await kioskB.core.getSession({})).activeDraftId).toBe(opened.id);
    // Asked again while it is open: the same local draft, with what was typed since.
    await kioskB.core.saveDraft({ id: opened.id, answers: { ...validAnswers }, pageId: 'reason' });
    expect(await kioskB.core.openAccountDraft({ draftId: draft.id })).toMatchObject({ id: opened.id, answers: validAnswers });

    await kioskB.core.saveDraftToAccount({ draftId: opened.id });
    expect((await kioskB.core.getCabinet({})).drafts).toEqual([expect.objectContaining({ id: draft.id, answers: validAnswers, pageId: 'reason' })]);

    // Submitted: the account keeps the application, not the draft.
    const { applicationId } = await kioskB.core.submitApplication({ draftId: opened.id, consent: true });
    const cabinet = await kioskB.core.getCabinet({});
    expect(cabinet.drafts).toEqual([]);
    expect(cabinet.applications.map((application) => application.applicationId)).toEqual([applicationId]);
  });

  it('lets go of a draft opened from the account when the citizen signs out', async () => {
    const kioskA = await signedIn();
    const draft = await kioskA.core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await kioskA.core.saveDraft({ id: draft.id, answers: { surname: 'Асанова' }, pageId: null });
    await kioskA.core.saveDraftToAccount({ draftId: draft.id });

    const kioskB = await harness.kiosk(kioskA);
    await login(kioskB.core);
    const opened = await kioskB.core.openAccountDraft({ draftId: draft.id });
    expect(storedDraftIds(kioskB.dataDir)).toEqual([opened.id]);
    await kioskB.core.logout({});
    expect((await kioskB.core.getSession({})).activeDraftId).toBeNull();
    expect(storedDraftIds(kioskB.dataDir)).toEqual([]);
    expect((await failureOf(kioskB.core.loadDraft({ id: opened.id }))).code).toBe('draft.notFound');
  });

  it('answers draft.notFound for a draft the account does not keep', async () => {
    const kiosk = await signedIn();
    expect((await failureOf(kiosk.core.openAccountDraft({ draftId: '6f0c7f2e-1f1b-4c55-9a43-2f4b8d1b0c11' }))).code).toBe('draft.notFound');
  });
});

describe('deleting, restoring, misuse, blocks and notices', () => {
  it('deletes for a month: signed out, login says until when, restore brings everything back', async () => {
    const kiosk = await signedIn();
    const applicationId = await submitValid(kiosk.core);
    expect((await failureOf(kiosk.core.deleteAccount({ password: 'не-тот-пароль-вовсе' }))).code).toBe('account.passwordWrong');
    const { restoreUntil } = await kiosk.core.deleteAccount({ password: registration.password });
    const month = Date.parse(restoreUntil) - Date.now();
    expect(month).toBeGreaterThan(27 * 24 * 3600_000);
    expect(month).toBeLessThan(32 * 24 * 3600_000);
    expect(await kiosk.core.getAccountState({})).toEqual({ status: 'signedOut' });
    expect(kiosk.events).toContainEqual({ type: 'accountChanged', state: { status: 'signedOut' } });

    expect(await failureOf(login(kiosk.core))).toEqual({ code: 'account.deleted', params: { restoreUntil } });
    const restored = await kiosk.core.restoreAccount({ login: registration.login, password: registration.password });
    expect(restored).toMatchObject({ status: 'signedIn', account: { login: registration.login } });
    expect((await kiosk.core.getCabinet({})).applications.map((application) => application.applicationId)).toEqual([applicationId]);
  });

  it('signs out at once when misuse is reported, and the login stays locked', async () => {
    const kiosk = await signedIn();
    const token = kiosk.tokens.at(-1);
    expect(await kiosk.core.reportMisuse({})).toEqual({ status: 'signedOut' });
    expect(await serviceSays(kiosk, kiosk.url, token)).toEqual({ status: 401, error: 'account.sessionEnded' });
    expect((await failureOf(login(kiosk.core))).code).toBe('account.misuseLocked');
  });

  it('tells a blocked citizen the operator\'s reason in the session\'s language; a block ends a running session', async () => {
    const kiosk = await signedIn();
    const context = harness.context(kiosk.central);
    const reason = { ky: 'Маалыматтар туура эмес', ru: 'Данные недостоверны' };
    blockAccount(context, requireAccount(context, registration.login), { reason, by: 'security-officer' });
    expect((await failureOf(kiosk.core.getCabinet({}))).code).toBe('account.sessionEnded');
    expect(kiosk.events).toContainEqual({ type: 'accountChanged', state: { status: 'signedOut' } });
    expect(await failureOf(login(kiosk.core))).toEqual({ code: 'account.blocked', params: { reason: reason.ky } });
    await kiosk.core.setLanguage({ language: 'ru' });
    expect(await failureOf(login(kiosk.core))).toEqual({ code: 'account.blocked', params: { reason: reason.ru } });
  });

  it('marks a notice read', async () => {
    const kiosk = await signedIn();
    const context = harness.context(kiosk.central);
    const accountId = requireAccount(context, registration.login).id;
    const noticeId = storeNotice(context, {
      accountId,
      title: { ky: 'Эскертүү', ru: 'Уведомление' },
      body: { ky: 'Текст', ru: 'Текст' },
      by: 'operator',
    });
    expect((await kiosk.core.getCabinet({})).notices).toEqual([expect.objectContaining({ id: noticeId, readAt: null })]);
    expect(await kiosk.core.markNoticeRead({ noticeId })).toEqual({ done: true });
    expect((await kiosk.core.getCabinet({})).notices).toEqual([expect.objectContaining({ id: noticeId, readAt: expect.any(String) })]);
    expect((await failureOf(kiosk.core.markNoticeRead({ noticeId: '6f0c7f2e-1f1b-4c55-9a43-2f4b8d1b0c11' }))).code).toBe('notice.notFound');
  });
});

describe('the browser shell', () => {
  it('forwards accountChanged to the renderer over server-sent events', async () => {
    const kiosk = await signedIn();
    const rendererDir = tempDir('kiosk-renderer-');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    const shell = await startWebShell({ core: kiosk.core, rendererDir });
    try {
      const launch = await fetch(shell.launchUrl, { redirect: 'manual' });
      const cookie = (launch.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const frame = await new Promise<string>((resolve, reject) => {
        const req = request(`${shell.origin}/api/events`, { headers: { cookie } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('"type":"accountChanged"')) {
              req.destroy();
              resolve(text);
            }
          });
          void kiosk.core.endSession({}).catch(reject);
        });
        req.on('error', () => {});
        req.end();
      });
      expect(frame).toContain('data: {"type":"accountChanged","state":{"status":"signedOut"}}');
    } finally {
      await shell.close();
    }
  });
});
