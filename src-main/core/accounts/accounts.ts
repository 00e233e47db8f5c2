import type { AccountDraft, AccountView, SessionResponse, TermsVersion } from '../../../src-shared/accounts/wire';
import type { AccountState, Draft, KioskApi, KioskEvent, Receipt } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';
import type { FormDefinition } from '../../../src-shared/forms/schema';
import type { Language } from '../../../src-shared/language';
import { accountDraftOf } from './account-drafts';
import { AccountRefusal, AccountsUnreachable, type CentralAccounts, type SubmittedApplication } from './central-accounts';
import { checkNewPassword, registerRequestOf } from './register-input';
import { endsTheSession, kioskErrorOfRefusal } from './refusals';

export type AccountMethod =
  | 'getTerms'
  | 'getAccountState'
  | 'register'
  | 'login'
  | 'answerTerms'
  | 'logout'
  | 'getCabinet'
  | 'changePassword'
  | 'reportMisuse'
  | 'deleteAccount'
  | 'restoreAccount'
  | 'saveDraftToAccount'
  | 'openAccountDraft'
  | 'markNoticeRead';

/** What the accounts need of the session's drafts; the core owns them. */
export interface SessionDrafts {
  /** The session's open draft as stored, or `draft.notFound`. */
  stored(id: string): Draft;
  /** The session's open draft as it opens (on the current form version), or `draft.notFound`. */
  opened(id: string): Draft;
  openDraftId(): string | null;
  formFor(formId: string, version: number): FormDefinition | undefined;
  /** A fresh local draft of a draft the account keeps, opened as the session's. */
  openCopy(kept: AccountDraft): Draft;
  /** Sign-out: if the session's open draft is one of these, the session lets go of it. */
  letGo(localIds: ReadonlySet<string>): void;
}

export interface AccountsOptions {
  central: CentralAccounts;
  clock: () => Date;
  /** The session's language: the edition of the terms is accepted in it, and a refusal's reason is given in it. */
  language: () => Language;
  drafts: SessionDrafts;
  emit: (event: KioskEvent) => void;
  /** Codes and ids only: never a login, a name, a token. */
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/** The central session, in this process's memory only: never in SQLite, never across the contract, never in a log. */
interface HeldSession {
  token: string;
  account: AccountView;
  termsToAccept: TermsVersion | null;
  /** Local draft id → the id the account keeps it under: drafts opened from or saved to the account in this session. */
  drafts: Map<string, string>;
  /** Links and draft removals after a submit, still on their way; the session is ended at the service after them. */
  pending: Set<Promise<void>>;
}

const SIGNED_OUT: AccountState = { status: 'signedOut' };

function stateOf(session: HeldSession | null): AccountState {
  if (!session) return SIGNED_OUT;
  if (session.termsToAccept) return { status: 'termsPending', login: session.account.login, terms: session.termsToAccept };
  return { status: 'signedIn', account: session.account };
}

function codeOf(error: unknown): string {
  if (error instanceof AccountRefusal) return error.response.error;
  if (error instanceof AccountsUnreachable || error instanceof KioskError) return error.code;
  return 'internal';
}

/**
 * The citizen's account at this kiosk. Accounts live in the central service;
 * here is only the session: its token in memory, forgotten at logout, exit,
 * idle timeout and restart, and ended at the service too whenever it can be
 * reached. `accountChanged` is emitted when the state changes without the
 * renderer's call answering with it: the service ended the session (it
 * expired there, or was ended from elsewhere), a new edition of the terms
 * took effect, exit or deletion. The service alone decides when a session
 * expires: the kiosk learns it from the next answer.
 */
export function createAccounts(options: AccountsOptions) {
  const { central, drafts, emit, log } = options;
  let held: HeldSession | null = null;
  /** Grows whenever the citizen leaves: a sign-in answered after that must not sign in the next person at the kiosk. */
  let departures = 0;
  /** Everything still on its way, for `close`. */
  const inFlight = new Set<Promise<void>>();

  function track(work: Promise<void>, session?: HeldSession): void {
    inFlight.add(work);
    session?.pending.add(work);
    void work.finally(() => {
      inFlight.delete(work);
      session?.pending.delete(work);
    });
  }

  /** Forgets the session here at once; ending it at the service is separate (or the service ended it already). */
  function forget(reason: string, announce: boolean): HeldSession | null {
    const was = held;
    if (!was) return null;
    held = null;
    drafts.letGo(new Set(was.drafts.keys()));
    log('account.signedOut', { reason });
    if (announce) emit({ type: 'accountChanged', state: SIGNED_OUT });
    return was;
  }

  /** Logout, exit, idle timeout, declined terms, shutdown: also a sign-in still on its way is nobody's now. */
  function leave(reason: string, announce: boolean): HeldSession | null {
    departures += 1;
    return forget(reason, announce);
  }

  /** Ends a forgotten session at the service, after what was still on its way; best effort: offline, it expires there by itself. */
  async function endAtService(was: HeldSession, reason: string): Promise<void> {
    await Promise.allSettled([...was.pending]);
    try {
      await central.logout(was.token);
    } catch (error) {
      log('account.endUnconfirmed', { reason, code: codeOf(error) });
    }
  }

  /** A failure as the contract says it: the service's refusal, `account.offline`, or the core's own error unchanged. */
  function contractError(error: unknown): unknown {
    if (error instanceof AccountRefusal) {
      log('account.refused', { code: error.response.error });
      return kioskErrorOfRefusal(error.response, options.language());
    }
    if (error instanceof AccountsUnreachable) {
      log('account.offline', { code: error.code });
      return new KioskError('account.offline');
    }
    return error;
  }

  /** A new edition took effect while signed in: the session can only answer it now; the screens are told. */
  async function learnNewTerms(session: HeldSession): Promise<void> {
    try {
      const terms = await central.terms();
      if (held !== session) return;
      session.termsToAccept = terms;
      emit({ type: 'accountChanged', state: stateOf(session) });
    } catch (error) {
      log('account.termsUnknown', { code: codeOf(error) });
    }
  }

  /** What a refusal to a signed-in call means for the session held. */
  async function follow(error: unknown, session: HeldSession): Promise<void> {
    if (!(error instanceof AccountRefusal) || held !== session) return;
    const code = error.response.error;
    if (endsTheSession(code)) forget(code, true);
    else if (code === 'account.termsRequired' || (code === 'account.termsOutdated' && session.termsToAccept)) await learnNewTerms(session);
  }

  /** A call that needs the session: `account.signedOut` without one, `account.termsRequired` while new terms wait. */
  async function withSession<T>(call: (session: HeldSession) => Promise<T>, during: { termsPending?: boolean } = {}): Promise<T> {
    const session = held;
    if (!session) throw new KioskError('account.signedOut');
    if (session.termsToAccept && !during.termsPending) throw new KioskError('account.termsRequired');
    try {
      return await call(session);
    } catch (error) {
      await follow(error, session);
      throw contractError(error);
    }
  }

  function hold(response: SessionResponse): HeldSession {
    return {
      token: response.session.token,
      account: response.account,
      termsToAccept: response.termsToAccept,
      drafts: new Map(),
      pending: new Set(),
    };
  }

  /** Register, login and restore: whoever was signed in is signed out first; the answer is kept only if nobody left meanwhile. */
  async function signIn(how: string, ask: () => Promise<SessionResponse>): Promise<AccountState> {
    const previous = forget('replaced', true);
    if (previous) track(endAtService(previous, 'replaced'));
    const started = departures;
    let response: SessionResponse;
    try {
      response = await ask();
    } catch (error) {
      throw contractError(error);
    }
    const session = hold(response);
    if (started !== departures) {
      // Exit or the idle timeout came while the service answered: the session is nobody's at the kiosk now.
      track(endAtService(session, 'late'));
      throw new KioskError('account.signedOut');
    }
    // A second tap signed in twice: the later one stays.
    const twice = held;
    if (twice) track(endAtService(twice, 'replaced'));
    held = session;
    log('account.signedIn', { how, termsPending: session.termsToAccept !== null });
    return stateOf(session);
  }

  /** After a submit's own transaction: nothing here can spoil the receipt. */
  async function linkSubmitted(session: HeldSession, application: SubmittedApplication, accountDraftId: string | undefined): Promise<void> {
    const { applicationId } = application;
    try {
      await central.linkApplication(session.token, application);
      log('account.applicationLinked', { applicationId });
    } catch (error) {
      log('account.linkFailed', { applicationId, code: codeOf(error) });
      await follow(error, session);
      return;
    }
    if (!accountDraftId) return;
    try {
      // The draft became this application: the account keeps it no longer, so it is not submitted twice.
      await central.deleteDraft(session.token, accountDraftId);
    } catch (error) {
      log('account.draftNotRemoved', { applicationId, code: codeOf(error) });
      await follow(error, session);
    }
  }

  const api: Pick<KioskApi, AccountMethod> = {
    async getTerms() {
      try {
        return await central.terms();
      } catch (error) {
        throw contractError(error);
      }
    },

    async getAccountState() {
      return stateOf(held);
    },

    async register(input) {
      const request = registerRequestOf(input, options.language(), options.clock());
      return signIn('register', () => central.register(request));
    },

    async login({ login, password }) {
      return signIn('login', () => central.login({ login, password }));
    },

    async restoreAccount({ login, password }) {
      return signIn('restore', () => central.restore({ login, password }));
    },

    async answerTerms({ version, accept }) {
      if (!accept) {
        // Declining signs out here whatever the service says; it is told, as at logout.
        const was = leave('termsDeclined', false);
        if (was) {
          try {
            await central.answerTerms({ token: was.token, version, language: options.language(), accept: false });
          } catch (error) {
            // Another edition came into force meanwhile, or no answer: the session is ended as at logout.
            log('account.declineUnconfirmed', { code: codeOf(error) });
            if (error instanceof AccountRefusal) await endAtService(was, 'termsDeclined');
          }
        }
        return SIGNED_OUT;
      }
      return withSession(
        async (session) => {
          const answer = await central.answerTerms({ token: session.token, version, language: options.language(), accept: true });
          if (held !== session) throw new KioskError('account.signedOut');
          if (!('session' in answer)) {
            forget('termsDeclined', false);
            return SIGNED_OUT;
          }
          session.token = answer.session.token;
          session.account = answer.account;
          session.termsToAccept = answer.termsToAccept;
          log('account.termsAccepted', { version });
          return stateOf(session);
        },
        { termsPending: true },
      );
    },

    async logout() {
      const was = leave('logout', false);
      if (was) await endAtService(was, 'logout');
      return SIGNED_OUT;
    },

    async getCabinet() {
      return withSession(async (session) => {
        // An application submitted a moment ago is in the cabinet the citizen opens next.
        await Promise.allSettled([...session.pending]);
        const cabinet = await central.cabinet(session.token);
        if (held === session) session.account = cabinet.account;
        return cabinet;
      });
    },

    async changePassword({ currentPassword, newPassword }) {
      return withSession(async (session) => {
        checkNewPassword(newPassword, session.account.login);
        await central.changePassword({ token: session.token, currentPassword, newPassword });
        log('account.passwordChanged');
        return { changed: true as const };
      });
    },

    async reportMisuse() {
      await withSession((session) => central.reportMisuse(session.token));
      // The service locked the account and ended its sessions, this one too.
      forget('misuse', false);
      return SIGNED_OUT;
    },

    async deleteAccount({ password }) {
      const { restoreUntil } = await withSession((session) => central.deleteAccount(session.token, password));
      forget('deleted', true);
      return { restoreUntil };
    },

    async saveDraftToAccount({ draftId }) {
      return withSession(async (session) => {
        const draft = drafts.stored(draftId);
        const accountDraftId = session.drafts.get(draftId) ?? draftId;
        await central.saveDraft(session.token, accountDraftOf(draft, accountDraftId, drafts.formFor(draft.formId, draft.formVersion)));
        if (held === session) session.drafts.set(draftId, accountDraftId);
        log('account.draftSaved', { draftId });
        return { saved: true as const };
      });
    },

    async openAccountDraft({ draftId }) {
      return withSession(async (session) => {
        const openId = drafts.openDraftId();
        // Opened already in this session: it stays open as it is, with what was typed since.
        if (openId !== null && session.drafts.get(openId) === draftId) return drafts.opened(openId);
        const kept = (await central.cabinet(session.token)).drafts.find((draft) => draft.id === draftId);
        if (!kept) throw new KioskError('draft.notFound');
        if (held !== session) throw new KioskError('account.signedOut');
        const local = drafts.openCopy(kept);
        session.drafts.set(local.id, kept.id);
        log('account.draftOpened', { draftId: local.id });
        return local;
      });
    },

    async markNoticeRead({ noticeId }) {
      return withSession(async (session) => {
        await central.readNotice(session.token, noticeId);
        return { done: true as const };
      });
    },
  };

  return {
    api,

    /**
     * Exit and the idle timeout: the session is forgotten before this
     * returns its promise (so the kiosk's own session can end right after),
     * then ended at the service.
     */
    endSession(): Promise<void> {
      const was = leave('endSession', true);
      if (!was) return Promise.resolve();
      const ending = endAtService(was, 'endSession');
      track(ending);
      return ending;
    },

    /** A submit while signed in: the application joins the account, in the background. */
    applicationSubmitted(receipt: Receipt, draftId: string): void {
      const session = held;
      if (!session || session.termsToAccept) return;
      const accountDraftId = session.drafts.get(draftId);
      session.drafts.delete(draftId);
      const { applicationId, lookupCode, serviceId, variantId, submittedAt } = receipt;
      track(linkSubmitted(session, { applicationId, lookupCode, serviceId, variantId, submittedAt }, accountDraftId), session);
    },

    /** Kiosk shutdown: the session ends at the service if it answers soon; nothing of it outlives the process anyway. */
    async close(): Promise<void> {
      const was = leave('close', false);
      if (was) track(endAtService(was, 'close'));
      await Promise.allSettled([...inFlight]);
    },
  };
}
export type Accounts = ReturnType<typeof createAccounts>;
