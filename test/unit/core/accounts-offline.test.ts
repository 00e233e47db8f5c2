import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/index';
import type { MethodInput } from '../../../src-shared/contract';
import { failureOf } from './accounts-fixtures';
import { CoreHarness, recordingFetch } from './fixtures';

/**
 * What the kiosk says about accounts before and without the central
 * service: the register screen's slips answered at once, `account.offline`
 * whenever no genuine answer comes, `account.signedOut` for the cabinet of
 * nobody.
 */
let harness: CoreHarness;
beforeEach(() => {
  harness = new CoreHarness();
});
afterEach(async () => {
  await harness.close();
});

const goodRegistration: MethodInput<'register'> = {
  login: 'aigul.asanova',
  password: 'тоо-көл-2026-жаз',
  fullName: 'Асанова Айгүл Бакытовна',
  pin: '12505199012345',
  phone: '0555 123 456',
  termsVersion: 1,
  acceptTerms: true,
};

/** Every account call a citizen can make, with an input the contract accepts. */
const everyCall: Array<[string, (core: Core) => Promise<unknown>]> = [
  ['getTerms', (core) => core.getTerms({})],
  ['register', (core) => core.register(goodRegistration)],
  ['login', (core) => core.login({ login: 'aigul.asanova', password: 'тоо-көл-2026-жаз' })],
  ['restoreAccount', (core) => core.restoreAccount({ login: 'aigul.asanova', password: 'тоо-көл-2026-жаз' })],
];

describe('registering, checked before anything is sent', () => {
  it('answers each field the rules refuse, with the codes the service uses, and sends nothing', async () => {
    const { url } = await harness.central();
    const recording = recordingFetch();
    const { core } = harness.kiosk({ centralUrl: url, fetch: recording.fetch });
    const failure = await failureOf(
      core.register({ ...goodRegistration, login: '1ab', password: 'aaaaaaaaaaaa', fullName: 'Asanova 42', pin: '32505199012345', phone: '12345' }),
    );
    expect(failure).toEqual({
      code: 'account.invalid',
      fields: [
        { field: 'login', code: 'login.length' },
        { field: 'password', code: 'password.simple' },
        { field: 'fullName', code: 'fullName.characters' },
        { field: 'pin', code: 'pin.gender' },
        { field: 'phone', code: 'phone.invalid' },
      ],
    });
    expect(await failureOf(core.register({ ...goodRegistration, password: 'xaigul.asanova1' }))).toMatchObject({
      fields: [{ field: 'password', code: 'password.login' }],
    });
    expect(recording.requests.filter((request) => request.includes('/v1/accounts'))).toEqual([]);
  });
});

describe('without the central service', () => {
  it('says account.offline on a kiosk that was never enrolled', async () => {
    const { core } = harness.kiosk();
    for (const [name, call] of everyCall) expect([name, (await failureOf(call(core))).code]).toEqual([name, 'account.offline']);
    expect(await core.getAccountState({})).toEqual({ status: 'signedOut' });
  });

  it('says account.offline when the service is out of reach', async () => {
    const { central, url } = await harness.central();
    const { core } = harness.kiosk({ centralUrl: url });
    await harness.enroll(core, central);
    await central.close();
    for (const [name, call] of everyCall) expect([name, (await failureOf(call(core))).code]).toEqual([name, 'account.offline']);
  });

  it('believes no unsigned answer: a portal or a proxy answering in the service\'s name is account.offline', async () => {
    const { central, url } = await harness.central();
    let intercept = false;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (!intercept) return globalThis.fetch(input, init);
      const session = {
        session: { token: 'A'.repeat(43), expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
        account: { login: 'x', fullName: 'x', pin: 'x', phone: 'x', createdAt: new Date().toISOString(), verified: true, termsVersion: 1 },
        termsToAccept: null,
      };
      return new Response(JSON.stringify(session), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const { core } = harness.kiosk({ centralUrl: url, fetch });
    await harness.enroll(core, central);
    intercept = true;
    expect((await failureOf(core.login({ login: 'aigul.asanova', password: 'тоо-көл-2026-жаз' }))).code).toBe('account.offline');
    expect(await core.getAccountState({})).toEqual({ status: 'signedOut' });
  });
});

describe('signed out', () => {
  it('refuses what needs a session with account.signedOut, and logging out again is no failure', async () => {
    const { core } = harness.kiosk();
    const { id } = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    const needSession: Array<[string, Promise<unknown>]> = [
      ['getCabinet', core.getCabinet({})],
      ['changePassword', core.changePassword({ currentPassword: 'тоо-көл-2026-жаз', newPassword: 'жаңы-сырсөз-2027' })],
      ['reportMisuse', core.reportMisuse({})],
      ['deleteAccount', core.deleteAccount({ password: 'тоо-көл-2026-жаз' })],
      ['saveDraftToAccount', core.saveDraftToAccount({ draftId: id })],
      ['openAccountDraft', core.openAccountDraft({ draftId: id })],
      ['markNoticeRead', core.markNoticeRead({ noticeId: id })],
      ['answerTerms', core.answerTerms({ version: 1, accept: true })],
    ];
    for (const [name, call] of needSession) expect([name, (await failureOf(call)).code]).toEqual([name, 'account.signedOut']);
    expect(await core.logout({})).toEqual({ status: 'signedOut' });
    expect(await core.answerTerms({ version: 1, accept: false })).toEqual({ status: 'signedOut' });
  });
});
