import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeClerk, setClerkRole } from '../../../src-central/clerks/store';
import type { Core } from '../../../src-main/core/index';
import { FIRST_LOCK_MS } from '../../../src-main/core/clerks/login-locks';
import { formatPlainCode } from '../../../src-shared/codes';
import type { KioskEvent } from '../../../src-shared/contract';
import { validAnswers } from '../../support/catalog-fixture';
import { AccountsHarness, failureOf, registration } from './accounts-fixtures';
import { admin, clerk, provision } from './clerks-fixtures';
import { MINUTE, MovableClock } from './fixtures';

let harness: AccountsHarness;
beforeEach(() => {
  harness = new AccountsHarness();
});
afterEach(async () => {
  await harness.close();
});

/** A central service with a clerk and an admin provisioned, and a kiosk enrolled with it (its first sync fetched the list). */
async function office(options: { clock?: MovableClock } = {}) {
  const running = await harness.central();
  provision(running.central, clerk);
  provision(running.central, admin);
  const kiosk = await harness.kiosk(running, options.clock ? { clock: options.clock.read } : {});
  return { ...running, ...kiosk };
}

const signIn = (core: Core, who = clerk) => core.clerkLogin({ clerkId: who.clerkId, pin: who.pin });

/** A draft of the id-card form with the fixture's answers (its ПИН among them), open in the session. */
async function filledDraft(core: Core, answers: Record<string, string> = validAnswers) {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers, pageId: null });
  return draft.id;
}

const clerkEvents = (events: KioskEvent[]) => events.filter((event) => event.type === 'clerkChanged');

describe('clerk login', () => {
  it('opens the enrollment on a kiosk never enrolled, and lets no one in before a clerk list came', async () => {
    const { core } = harness.kiosks.kiosk();
    expect(await core.getClerkState({})).toEqual({ status: 'signedOut', entry: 'enroll', clerksKnown: 0 });
    expect((await failureOf(signIn(core))).code).toBe('clerk.notProvisioned');
  });

  it('takes the list the central service provisioned and checks the PIN offline, the service stopped', async () => {
    const { core, central } = await office();
    expect(await core.getClerkState({})).toEqual({ status: 'signedOut', entry: 'login', clerksKnown: 2 });
    await central.close();

    expect(await failureOf(core.clerkLogin({ clerkId: clerk.clerkId, pin: '739106' }))).toEqual({ code: 'clerk.credentials' });
    expect(await failureOf(core.clerkLogin({ clerkId: '999999', pin: clerk.pin }))).toEqual({ code: 'clerk.credentials' });
    const state = await signIn(core);
    expect(state).toEqual({ status: 'signedIn', clerk: { clerkId: clerk.clerkId, name: clerk.name, role: 'clerk' }, since: expect.any(String) });
    expect(await core.getClerkState({})).toEqual(state);

    expect(await core.clerkLogout({})).toEqual({ status: 'signedOut', entry: 'login', clerksKnown: 2 });
    expect((await failureOf(core.getClerkCalls({}))).code).toBe('clerk.required');
  });

  it('locks a clerk id after five wrong PINs, through a restart, and doubles the next lock', async () => {
    const clock = new MovableClock();
    const kiosk = await office({ clock });
    await kiosk.central.close();
    const wrong = () => failureOf(kiosk.core.clerkLogin({ clerkId: clerk.clerkId, pin: '000111' }));
    for (let i = 0; i < 4; i += 1) expect((await wrong()).code).toBe('clerk.credentials');
    expect(await wrong()).toEqual({ code: 'clerk.locked', params: { minutes: 15 } });
    // The right PIN is refused while locked, and the lock outlives a restart.
    expect(await failureOf(signIn(kiosk.core))).toEqual({ code: 'clerk.locked', params: { minutes: 15 } });
    await kiosk.core.close();
    const reopened = kiosk.reopen();
    clock.advance(5 * MINUTE);
    expect(await failureOf(signIn(reopened))).toEqual({ code: 'clerk.locked', params: { minutes: 10 } });
    // Another clerk is not locked out by it.
    expect(await signIn(reopened, admin)).toMatchObject({ status: 'signedIn' });
    await reopened.clerkLogout({});

    clock.advance(FIRST_LOCK_MS);
    for (let i = 0; i < 4; i += 1) await failureOf(reopened.clerkLogin({ clerkId: clerk.clerkId, pin: '000111' }));
    expect(await failureOf(reopened.clerkLogin({ clerkId: clerk.clerkId, pin: '000111' }))).toEqual({ code: 'clerk.locked', params: { minutes: 30 } });
    clock.advance(30 * MINUTE);
    expect(await signIn(reopened)).toMatchObject({ status: 'signedIn' });
  });

  it('fetches the list once for a run of clerk changes in the feed', async () => {
    const running = await harness.central();
    provision(running.central, clerk);
    provision(running.central, admin);
    const asked: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      asked.push(new URL(String(input instanceof Request ? input.url : input)).pathname);
      return globalThis.fetch(input, init);
    };
    const { core } = await harness.kiosk(running, { fetch });
    await core.syncNow({});
    expect(asked.filter((path) => path === '/v1/clerks')).toHaveLength(1);
    expect(await core.getClerkState({})).toMatchObject({ clerksKnown: 2 });
  });

  it('stops every login at the kiosk for a while after many failures over several ids', async () => {
    const { core } = await office();
    for (const id of ['200001', '200002', '200003', '200004', '200005']) {
      for (let i = 0; i < 4; i += 1) expect((await failureOf(core.clerkLogin({ clerkId: id, pin: '918273' }))).code).toBe('clerk.credentials');
    }
    expect(await failureOf(signIn(core))).toEqual({ code: 'clerk.locked', params: { minutes: 15 } });
  });

  it('locks an id nobody holds just like a real one', async () => {
    const { core } = await office();
    const failures: string[] = [];
    for (let i = 0; i < 5; i += 1) failures.push((await failureOf(core.clerkLogin({ clerkId: '555555', pin: '123987' }))).code);
    expect(failures).toEqual(['clerk.credentials', 'clerk.credentials', 'clerk.credentials', 'clerk.credentials', 'clerk.locked']);
  });

  it('ends the clerk session with the citizen session, and when the clerk is removed from the list', async () => {
    const { core, central, events } = await office();
    await signIn(core);
    await core.endSession({});
    expect(await core.getClerkState({})).toMatchObject({ status: 'signedOut' });

    await signIn(core);
    events.length = 0;
    removeClerk(central.db, clerk.clerkId, 'left the office', new Date());
    await core.syncNow({});
    expect(clerkEvents(events)).toEqual([{ type: 'clerkChanged', state: { status: 'signedOut', entry: 'login', clerksKnown: 1 } }]);
    expect(await failureOf(signIn(core))).toEqual({ code: 'clerk.credentials' });

    // An admin made a plain clerk keeps no admin rights: the session ends.
    await signIn(core, admin);
    events.length = 0;
    setClerkRole(central.db, admin.clerkId, 'clerk', new Date());
    await core.syncNow({});
    expect(clerkEvents(events)).toEqual([{ type: 'clerkChanged', state: { status: 'signedOut', entry: 'login', clerksKnown: 1 } }]);
    expect(await signIn(core, admin)).toMatchObject({ clerk: { role: 'clerk' } });
  });
});

describe('calling a clerk', () => {
  it('gives the citizen a number, keeps it while the call waits, and counts on after a clerk answers', async () => {
    const { core, events } = await office();
    const call = await core.callClerk({ screen: 'form' });
    expect(call).toMatchObject({ number: 1, screen: 'form' });
    expect(await core.callClerk({ screen: 'review' })).toEqual(call);
    expect(events).toContainEqual({ type: 'clerkCallsChanged', waiting: 1 });
    expect((await failureOf(core.answerClerkCall({ id: call.id }))).code).toBe('clerk.required');

    await signIn(core);
    expect(await core.getClerkCalls({})).toEqual({ calls: [call] });
    expect(await core.answerClerkCall({ id: call.id })).toEqual({ done: true });
    expect(events.at(-1)).toEqual({ type: 'clerkCallsChanged', waiting: 0 });
    expect((await failureOf(core.answerClerkCall({ id: call.id }))).code).toBe('clerkCall.notFound');
    expect(await core.getClerkCalls({})).toEqual({ calls: [] });
    expect(await core.callClerk({ screen: 'home' })).toMatchObject({ number: 2 });
  });
});

describe('finding a draft or an application', () => {
  it('finds by resume code, lookup code and ПИН (drafts left at the idle timeout too), without answers', async () => {
    const { core } = await office();
    const kept = await filledDraft(core);
    const { code } = await core.suspendDraft({ id: kept });
    const left = await filledDraft(core);
    await core.endSession({});
    const submitted = await core.submitApplication({ draftId: await filledDraft(core), consent: true });

    expect((await failureOf(core.clerkFind({ query: code }))).code).toBe('clerk.required');
    await signIn(core);
    const byCode = await core.clerkFind({ query: code.toLowerCase().replace('-', ' ') });
    expect(byCode).toEqual({ matchedBy: 'resumeCode', items: [expect.objectContaining({ kind: 'draft', draftId: kept, abandoned: false, assistedBy: null })] });

    const byLookup = await core.clerkFind({ query: formatPlainCode(submitted.lookupCode) });
    expect(byLookup).toEqual({
      matchedBy: 'lookupCode',
      items: [expect.objectContaining({ kind: 'application', applicationId: submitted.applicationId, delivery: 'waiting', identity: null })],
    });

    const byPin = await core.clerkFind({ query: '1 2505 1990 12345' });
    expect(byPin.matchedBy).toBe('pin');
    expect(byPin.items).toHaveLength(3);
    expect(byPin.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'draft', draftId: kept, abandoned: false }),
        expect.objectContaining({ kind: 'draft', draftId: left, abandoned: true }),
        expect.objectContaining({ kind: 'application', applicationId: submitted.applicationId }),
      ]),
    );
    expect(JSON.stringify(byPin)).not.toContain(validAnswers.surname);
    // Another ПИН finds nothing; something that is no code nor ПИН is said to be so.
    expect(await core.clerkFind({ query: '22505199012345' })).toEqual({ matchedBy: 'pin', items: [] });
    expect((await failureOf(core.clerkFind({ query: 'hello' }))).code).toBe('clerk.queryInvalid');
  });

  it('does not spend the citizens\' resume-code tries, nor open for them a locked entry', async () => {
    const { core } = await office();
    const draftId = await filledDraft(core);
    const { code } = await core.suspendDraft({ id: draftId });
    await signIn(core);
    for (let i = 0; i < 6; i += 1) expect((await core.clerkFind({ query: 'ACDE-FGHJ' })).items).toEqual([]);
    await core.clerkLogout({});
    expect((await core.resumeDraft({ code })).id).toBe(draftId);
  });

  it('opens an abandoned draft with the citizen, and the application records the clerk who assisted', async () => {
    const { core } = await office();
    const left = await filledDraft(core, { ...validAnswers, surname: '' });
    await core.endSession({});
    await signIn(core);
    const opened = await core.clerkOpenDraft({ draftId: left });
    expect(opened.id).toBe(left);
    expect((await core.getSession({})).activeDraftId).toBe(left);
    await core.saveDraft({ id: left, answers: validAnswers, pageId: null });
    const receipt = await core.submitApplication({ draftId: left, consent: true });
    const [found] = (await core.clerkFind({ query: receipt.lookupCode })).items;
    expect(found).toMatchObject({ kind: 'application', assistedBy: clerk.clerkId });

    // A draft begun while a clerk is signed in is assisted too.
    const begun = await filledDraft(core);
    const { code } = await core.suspendDraft({ id: begun });
    expect((await core.clerkFind({ query: code })).items).toEqual([expect.objectContaining({ draftId: begun, assistedBy: clerk.clerkId })]);
    expect((await failureOf(core.clerkOpenDraft({ draftId: '00000000-0000-4000-8000-000000000000' }))).code).toBe('draft.notFound');
  });
});

describe('confirming identity', () => {
  it('records a check for an application here and delivers it with the sync once the service holds the application', async () => {
    const { core, central } = await office();
    await signIn(core);
    const receipt = await core.submitApplication({ draftId: await filledDraft(core), consent: true });
    expect(await failureOf(core.confirmIdentity({ target: { kind: 'application', applicationId: receipt.applicationId }, documentType: 'idCard', documentNumber: 'ID12' }))).toEqual({
      code: 'identity.invalid',
      fields: [{ field: 'documentNumber', code: 'document.invalid' }],
    });
    const result = await core.confirmIdentity({
      target: { kind: 'application', applicationId: receipt.applicationId },
      documentType: 'idCard',
      documentNumber: 'id 1234567',
    });
    expect(result).toMatchObject({ documentType: 'idCard', documentNumberMasked: 'ID•••••67', recorded: 'kiosk' });
    const [found] = (await core.clerkFind({ query: receipt.lookupCode })).items;
    expect(found).toMatchObject({ identity: { documentType: 'idCard', documentNumberMasked: 'ID•••••67', clerkId: clerk.clerkId } });

    await core.syncNow({});
    const stored = central.db.prepare('SELECT application_id AS applicationId, clerk_id AS clerkId, document_number AS number FROM identity_confirmations').all();
    expect(stored).toEqual([{ applicationId: receipt.applicationId, clerkId: clerk.clerkId, number: 'ID1234567' }]);
    await core.syncNow({});
    expect(central.db.prepare('SELECT count(*) AS n FROM identity_confirmations').get()).toEqual({ n: 1 });
  });

  it('verifies an account at the service while it answers, and says so when it does not', async () => {
    const { core, central } = await office();
    const { version } = await core.getTerms({});
    await core.register({ ...registration, termsVersion: version });
    await core.logout({});
    await signIn(core);
    const target = { kind: 'account' as const, login: registration.login };
    const result = await core.confirmIdentity({ target, documentType: 'passport', documentNumber: 'AC7654321' });
    expect(result).toMatchObject({ target, documentNumberMasked: 'AC•••••21', recorded: 'central' });
    const account = central.db.prepare('SELECT verified_by AS verifiedBy FROM accounts WHERE login = ?').get(registration.login) as { verifiedBy: string };
    expect(account.verifiedBy).toBe(clerk.clerkId);

    const unknown = { kind: 'account' as const, login: 'nobody.here' };
    expect((await failureOf(core.confirmIdentity({ target: unknown, documentType: 'idCard', documentNumber: 'ID7654321' }))).code).toBe('identity.accountNotFound');
    await central.close();
    expect((await failureOf(core.confirmIdentity({ target, documentType: 'idCard', documentNumber: 'ID7654321' }))).code).toBe('identity.offline');
  });
});

describe('the audit log', () => {
  it('records every clerk action, chained, with codes and ids but no PIN, ПИН, query or document number', async () => {
    const { core, dataDir } = await office();
    await failureOf(core.clerkLogin({ clerkId: clerk.clerkId, pin: '000111' }));
    await failureOf(core.clerkLogin({ clerkId: 'not-an-id', pin: '000111' }));
    await core.callClerk({ screen: 'form' });
    await signIn(core);
    const [call] = (await core.getClerkCalls({})).calls;
    await core.answerClerkCall({ id: call?.id ?? '' });
    const draftId = await filledDraft(core);
    await core.clerkFind({ query: validAnswers.pin });
    await core.clerkOpenDraft({ draftId });
    const receipt = await core.submitApplication({ draftId, consent: true });
    await core.confirmIdentity({ target: { kind: 'application', applicationId: receipt.applicationId }, documentType: 'idCard', documentNumber: 'ID1234567' });
    await core.deleteDraft({ id: await filledDraft(core) });
    // The outbox is the clerk's: seen and offered again with a clerk signed in.
    expect((await core.getOutbox({})).items.map((item) => item.applicationId)).toEqual([receipt.applicationId]);
    expect(await core.retryApplication({ applicationId: receipt.applicationId })).toMatchObject({ delivery: 'waiting' });
    await core.clerkLogout({});

    expect(await failureOf(core.verifyAuditLog({}))).toEqual({ code: 'clerk.required' });
    await signIn(core, admin);
    expect(await core.verifyAuditLog({})).toMatchObject({ firstBrokenSeq: null });
    const db = harness.kiosks.kioskDb(dataDir);
    const entries = db.prepare('SELECT actor_kind AS kind, actor_id AS actor, action, target, details FROM audit_log ORDER BY seq').all() as Array<{
      kind: string;
      actor: string | null;
      action: string;
      target: string | null;
      details: string;
    }>;
    db.close();
    const actions = entries.map((entry) => entry.action);
    for (const action of [
      'clerkList.replaced',
      'clerk.loginFailed',
      'clerkCall.raised',
      'clerk.login',
      'clerkCall.answered',
      'clerk.find',
      'clerk.openDraft',
      'application.submitted',
      'identity.confirmed',
      'draft.deleted',
      'application.offeredAgain',
      'clerk.logout',
    ]) {
      expect(actions).toContain(action);
    }
    const failed = entries.filter((entry) => entry.action === 'clerk.loginFailed');
    expect(failed.map((entry) => entry.target)).toEqual([clerk.clerkId, null]);
    expect(entries.find((entry) => entry.action === 'clerk.find')).toMatchObject({ kind: 'clerk', actor: clerk.clerkId, details: '{"matchedBy":"pin","count":1}' });
    expect(entries.find((entry) => entry.action === 'application.submitted')).toMatchObject({ kind: 'clerk', target: receipt.applicationId });
    expect(entries.find((entry) => entry.action === 'identity.confirmed')).toMatchObject({ target: receipt.applicationId, details: '{"documentType":"idCard"}' });
    const text = JSON.stringify(entries);
    for (const secret of [clerk.pin, '000111', validAnswers.pin, 'ID1234567', validAnswers.surname]) expect(text).not.toContain(secret);
  });

  it('names the citizen session as the actor without a clerk, a new one after the session ends', async () => {
    const { core, dataDir } = await office();
    await core.callClerk({ screen: 'home' });
    await core.endSession({});
    await core.deleteDraft({ id: await filledDraft(core) });
    const db = harness.kiosks.kioskDb(dataDir);
    const actors = db
      .prepare("SELECT actor_kind AS kind, actor_id AS id FROM audit_log WHERE action IN ('clerkCall.raised', 'draft.deleted') ORDER BY seq")
      .all() as Array<{ kind: string; id: string }>;
    db.close();
    expect(actors.map((actor) => actor.kind)).toEqual(['citizen', 'citizen']);
    expect(actors[0]?.id).not.toBe(actors[1]?.id);
  });
});
