import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_PATHS, type AccountDraft } from '../../../src-shared/accounts/wire';
import type { ApplicationEnvelope } from '../../../src-shared/sync/wire';
import { TestCentral, type TestKiosk, validEnvelope } from './harness';
import { cabinet, cli, count, post, refusal, register } from './accounts-harness';

let central: TestCentral;
let kiosk: TestKiosk;
let token: string;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
  token = (await register(central, kiosk)).session.token;
});
afterEach(async () => {
  await central.close();
});

function linkBody(envelope: ApplicationEnvelope, sessionToken = token) {
  return {
    token: sessionToken,
    applicationId: envelope.id,
    lookupCode: envelope.lookupCode,
    serviceId: envelope.serviceId,
    variantId: envelope.variantId,
    submittedAt: envelope.submittedAt,
  };
}

function draft(overrides: Partial<AccountDraft> = {}): AccountDraft {
  return {
    id: randomUUID(),
    serviceId: 'birth-registration',
    variantId: 'standard',
    formId: 'birth-form',
    formVersion: 2,
    answers: { childName: 'Айдай', delivery: 'post' },
    pageId: 'child',
    language: 'ru',
    updatedAt: central.now().toISOString(),
    ...overrides,
  };
}

describe('the cabinet', () => {
  it('shows an application linked at submit as notReceived, then with its history once it arrives', async () => {
    const envelope = validEnvelope({ submittedAt: '2026-03-10T08:55:00.000Z' });
    expect(await post(central, kiosk, ACCOUNT_PATHS.linkApplication, linkBody(envelope))).toEqual({ status: 200, json: { linked: true } });
    // Linking twice is the same link.
    expect(await post(central, kiosk, ACCOUNT_PATHS.linkApplication, linkBody(envelope))).toEqual({ status: 200, json: { linked: true } });
    expect((await cabinet(central, kiosk, token)).applications).toEqual([
      {
        applicationId: envelope.id,
        lookupCode: envelope.lookupCode,
        registrationNumber: null,
        serviceId: 'birth-registration',
        variantId: 'standard',
        submittedAt: '2026-03-10T08:55:00.000Z',
        state: 'notReceived',
        history: [],
      },
    ]);

    const [accepted] = await central.sendBatch(kiosk, [envelope]);
    central.nowMs += 60_000;
    expect(cli(central, 'set-status', accepted?.registrationNumber ?? '', 'inReview').code).toBe(0);
    const [shown] = (await cabinet(central, kiosk, token)).applications;
    expect(shown).toEqual({
      applicationId: envelope.id,
      lookupCode: envelope.lookupCode,
      registrationNumber: accepted?.registrationNumber,
      serviceId: 'birth-registration',
      variantId: 'standard',
      submittedAt: '2026-03-10T08:55:00.000Z',
      state: 'inReview',
      history: [
        { state: 'received', at: '2026-03-10T09:00:00.000Z', reason: null },
        { state: 'inReview', at: '2026-03-10T09:01:00.000Z', reason: null },
      ],
    });
  });

  it('lists applications newest first, and never another account’s', async () => {
    const older = validEnvelope({ submittedAt: '2026-03-01T10:00:00.000Z' });
    const newer = validEnvelope({ submittedAt: '2026-03-09T10:00:00.000Z' });
    await post(central, kiosk, ACCOUNT_PATHS.linkApplication, linkBody(older));
    await post(central, kiosk, ACCOUNT_PATHS.linkApplication, linkBody(newer));
    await central.sendBatch(kiosk, [older]);
    expect((await cabinet(central, kiosk, token)).applications.map((a) => a.applicationId)).toEqual([newer.id, older.id]);

    const other = (await register(central, kiosk, { login: 'bermet', pin: '11203199512345' })).session.token;
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.linkApplication, linkBody(older, other)))).toEqual({ error: 'application.notFound' });
    expect((await cabinet(central, kiosk, other)).applications).toEqual([]);
  });

  it('refuses to link an application that came from another kiosk or with another lookup code', async () => {
    const elsewhere = await central.enroll();
    const theirs = validEnvelope();
    await central.sendBatch(elsewhere, [theirs]);
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.linkApplication, linkBody(theirs)))).toEqual({ error: 'application.notFound' });
    const mine = validEnvelope();
    await central.sendBatch(kiosk, [mine]);
    const otherCode = { ...linkBody(mine), lookupCode: validEnvelope().lookupCode };
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.linkApplication, otherCode))).toEqual({ error: 'application.notFound' });
    expect(count(central, 'account_applications')).toBe(0);
  });

  it('does not show an application of the linked id that arrives from another kiosk', async () => {
    const envelope = validEnvelope();
    await post(central, kiosk, ACCOUNT_PATHS.linkApplication, linkBody(envelope));
    await central.sendBatch(await central.enroll(), [envelope]);
    expect((await cabinet(central, kiosk, token)).applications).toEqual([]);
  });

  it('keeps drafts in the account, newest first, and deletes them', async () => {
    const first = draft({ updatedAt: '2026-03-10T08:00:00.000Z' });
    const second = draft({ updatedAt: '2026-03-10T08:30:00+06:00', pageId: null });
    for (const d of [first, second]) expect(await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: d })).toEqual({ status: 200, json: { done: true } });
    expect((await cabinet(central, kiosk, token)).drafts).toEqual([first, { ...second, updatedAt: '2026-03-10T02:30:00.000Z' }]);
    const changed = { ...second, answers: { childName: 'Айжан' }, updatedAt: '2026-03-10T08:59:00.000Z' };
    await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: changed });
    expect((await cabinet(central, kiosk, token)).drafts).toEqual([changed, first]);
    expect(await post(central, kiosk, ACCOUNT_PATHS.deleteDraft, { token, draftId: first.id })).toEqual({ status: 200, json: { done: true } });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.deleteDraft, { token, draftId: first.id }))).toEqual({ error: 'draft.notFound' });
    expect((await cabinet(central, kiosk, token)).drafts).toEqual([changed]);
  });

  it('refuses a draft naming files, one with another account’s id, and more than twenty', async () => {
    const withFile = draft({
      answers: { scan: [{ sha256: 'a'.repeat(64), fileName: 'scan.png', mediaType: 'image/png', size: 10 }], childName: 'Айдай' },
    });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: withFile }))).toEqual({
      error: 'account.invalid',
      fields: [{ field: 'draft.answers.scan', code: 'draft.files' }],
    });
    const mine = draft();
    await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: mine });
    const other = (await register(central, kiosk, { login: 'bermet', pin: '11203199512345' })).session.token;
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token: other, draft: mine }))).toEqual({ error: 'draft.notFound' });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.deleteDraft, { token: other, draftId: mine.id }))).toEqual({ error: 'draft.notFound' });
    for (let i = 1; i < 20; i += 1) await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: draft() });
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: draft() }))).toEqual({
      error: 'account.invalid',
      fields: [{ field: 'draft', code: 'draft.tooMany', params: { max: 20 } }],
    });
    // Saving one it already keeps is still possible.
    expect((await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: mine })).status).toBe(200);
    const bad = await post(central, kiosk, ACCOUNT_PATHS.saveDraft, { token, draft: { ...draft(), id: 'not-a-uuid', answers: { x: 'y'.repeat(5000) } } });
    expect(refusal(bad)).toMatchObject({ error: 'account.invalid', fields: expect.arrayContaining([{ field: 'draft.id', code: 'value.invalid' }]) });
  });

  it('shows notices newest first and marks them read once', async () => {
    const send = (title: string) =>
      cli(central, 'send-notice', '--login', 'Aibek.Uulu', '--title-ky', `${title} ky`, '--title-ru', `${title} ru`, '--body-ky', 'Биринчи сап\nЭкинчи сап', '--body-ru', 'Текст');
    const first = send('Биринчи').stdout.trim();
    central.nowMs += 60_000;
    const second = send('Экинчи').stdout.trim();
    const shown = (await cabinet(central, kiosk, token)).notices;
    expect(shown.map((n) => n.id)).toEqual([second, first]);
    expect(shown[1]).toEqual({
      id: first,
      sentAt: '2026-03-10T09:00:00.000Z',
      title: { ky: 'Биринчи ky', ru: 'Биринчи ru' },
      body: { ky: 'Биринчи сап\nЭкинчи сап', ru: 'Текст' },
      readAt: null,
    });
    central.nowMs += 60_000;
    expect(await post(central, kiosk, ACCOUNT_PATHS.readNotice, { token, noticeId: first })).toEqual({ status: 200, json: { done: true } });
    central.nowMs += 60_000;
    await post(central, kiosk, ACCOUNT_PATHS.readNotice, { token, noticeId: first });
    expect((await cabinet(central, kiosk, token)).notices[1]?.readAt).toBe('2026-03-10T09:02:00.000Z');
    expect(refusal(await post(central, kiosk, ACCOUNT_PATHS.readNotice, { token, noticeId: randomUUID() }))).toEqual({ error: 'notice.notFound' });
    expect(cli(central, 'send-notice', '--login', 'aibek.uulu', '--title-ky', 'a\tb', '--title-ru', 'x', '--body-ky', '', '--body-ru', 'y')).toMatchObject({
      code: 2,
      stderr: '--title-ky holds a control character; --body-ky is needed\n',
    });
  });
});

describe('identity confirmed by a clerk', () => {
  /** A guest application: submitted without an account, naming this ПИН in its form's `pin` field. */
  async function guestApplication(pin: string, by: TestKiosk = kiosk): Promise<ApplicationEnvelope> {
    const envelope = validEnvelope({ answers: { ...validEnvelope().answers, applicantPin: pin } });
    expect(await central.sendBatch(by, [envelope])).toMatchObject([{ outcome: 'accepted' }]);
    return envelope;
  }

  it('records the clerk and the document, and links guest applications with the same ПИН', async () => {
    const elsewhere = await central.enroll();
    const mine = await guestApplication('21503199012345', elsewhere);
    const someoneElse = await guestApplication('11203199512345');
    // The ПИН appears, but not as an answer to a `pin` field.
    const mentioned = validEnvelope({ answers: { ...validEnvelope().answers, applicantPin: '11203199512345', childName: 'x 21503199012345' } });
    await central.sendBatch(kiosk, [mentioned]);

    const verified = cli(central, 'verify-account', '--login', 'aibek.uulu', '--clerk', 'clerk-3', '--document-type', 'idCard', '--document-number', 'id 1234567');
    expect(verified).toMatchObject({ code: 0, stderr: 'account aibek.uulu verified by clerk-3; 1 guest application(s) linked by ПИН\n' });
    expect(central.db.prepare('SELECT verified_by AS by, document_type AS type, document_number AS number FROM accounts').get()).toEqual({
      by: 'clerk-3',
      type: 'idCard',
      number: 'ID1234567',
    });
    const shown = await cabinet(central, kiosk, token);
    expect(shown.account.verified).toBe(true);
    expect(shown.applications.map((a) => [a.applicationId, a.state])).toEqual([[mine.id, 'received']]);
    expect(shown.applications.map((a) => a.applicationId)).not.toContain(someoneElse.id);

    // Later guest applications are linked by the hourly run.
    const later = await guestApplication('21503199012345');
    expect((await cabinet(central, kiosk, token)).applications).toHaveLength(1);
    expect(central.runMaintenance().linked).toBe(1);
    expect((await cabinet(central, kiosk, token)).applications.map((a) => a.applicationId).sort()).toEqual([mine.id, later.id].sort());
  });

  it('refuses a second verified account with the same ПИН, and bad documents', async () => {
    await register(central, kiosk, { login: 'aibek2' });
    const verify = (login: string, ...rest: string[]) => cli(central, 'verify-account', '--login', login, '--clerk', 'clerk-3', ...rest);
    expect(verify('aibek.uulu', '--document-type', 'passport', '--document-number', 'AN1234567').code).toBe(0);
    expect(verify('aibek2', '--document-type', 'passport', '--document-number', 'AN1234567')).toMatchObject({
      code: 2,
      stderr: 'another verified account (aibek.uulu) has this ПИН; a citizen has one verified account\n',
    });
    expect(verify('aibek2', '--document-type', 'driving', '--document-number', 'AN1234567')).toMatchObject({ code: 2, stderr: '--document-type must be one of idCard, passport\n' });
    expect(verify('aibek2', '--document-type', 'passport', '--document-number', '12345')).toMatchObject({ code: 2 });
    expect(verify('nobody', '--document-type', 'passport', '--document-number', 'AN1234567')).toMatchObject({ code: 2, stderr: 'no account nobody\n' });
  });
});
