import { AccountErrorResponse } from '../../../src-shared/accounts/wire';
import type { ClerkState, IdentityResult } from '../../../src-shared/clerks/views';
import { CLERK_PATHS, ClerkId, VerifyAccountResponse, type DocumentType, type VerifyAccountRequest } from '../../../src-shared/clerks/wire';
import type { Draft, KioskApi, KioskEvent } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';
import { isDocumentNumber, normalizeDocumentNumber } from '../../../src-shared/validators/document';
import type { Ask } from '../accounts/central-accounts';
import type { ApplicationStore } from '../applications/applications';
import type { AuditActor, AuditLog } from '../audit/audit-log';
import type { KioskDatabase } from '../db/database';
import type { IdentityStore } from '../enrollment/identity';
import { CentralFailure } from '../sync/central-client';
import type { ClerkCalls } from './clerk-calls';
import type { ClerkFind } from './clerk-find';
import type { ClerkList } from './clerk-list';
import type { ClerkSession } from './clerk-session';
import { maskDocumentNumber, type IdentityConfirmations } from './identity-confirmations';
import type { LoginLocks } from './login-locks';
import { FALLBACK_PARAMS, type PinChecker } from './pin-check';

export type ClerkMethod =
  | 'getClerkState'
  | 'clerkLogin'
  | 'clerkLogout'
  | 'callClerk'
  | 'getClerkCalls'
  | 'answerClerkCall'
  | 'clerkFind'
  | 'clerkOpenDraft'
  | 'confirmIdentity';

/** Salt for the derivation an unknown id costs (nothing is compared against it). */
const UNKNOWN_SALT = Buffer.alloc(16).toString('base64');

export interface ClerkModeDeps {
  db: KioskDatabase;
  session: ClerkSession;
  list: ClerkList;
  locks: LoginLocks;
  pins: PinChecker;
  calls: ClerkCalls;
  find: ClerkFind;
  confirmations: IdentityConfirmations;
  applications: Pick<ApplicationStore, 'receipt'>;
  identity: Pick<IdentityStore, 'enrolled'>;
  audit: AuditLog;
  ask: Ask;
  /** Who acts when no clerk is signed in: the citizen's session. */
  citizen: () => AuditActor;
  /**
   * Makes a found draft the session's open draft and records the clerk on
   * it, running `inTransaction` in the same transaction; answers it as it opens.
   */
  openDraftFor: (draftId: string, clerkId: string, inTransaction: () => void) => Draft;
  /** The citizen's session ends with the clerk's (logout): the renderer reloads clean. */
  endCitizenSession: () => Promise<unknown>;
  clock: () => Date;
  newId: () => string;
  emit: (event: KioskEvent) => void;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/**
 * Clerk mode in the core: a login checked offline against the provisioned
 * list, the help calls, the search and the identity checks. Every clerk
 * method asks the session first, and every action goes into the audit log,
 * in the same transaction as the action where there is one.
 */
export function createClerkMode(deps: ClerkModeDeps) {
  const { db, session, list, locks, audit, log } = deps;
  const nowIso = () => deps.clock().toISOString();

  function state(): ClerkState {
    const current = session.current();
    if (current) return { status: 'signedIn', clerk: current.clerk, since: current.since };
    return { status: 'signedOut', entry: deps.identity.enrolled() ? 'login' : 'enroll', clerksKnown: list.count() };
  }

  const clerkActor = (clerkId: string): AuditActor => ({ kind: 'clerk', clerkId });

  const lockedError = (ms: number) => new KioskError('clerk.locked', undefined, { minutes: Math.ceil(ms / 60_000) });

  const callsChanged = () => deps.emit({ type: 'clerkCallsChanged', waiting: deps.calls.waitingCount() });

  /** Ends the clerk's session (logout, exit, idle, removal); null when there was none. */
  function endClerkSession(reason: 'logout' | 'sessionEnded' | 'removed' | 'roleChanged'): string | null {
    const ended = session.end();
    if (!ended) return null;
    audit.record({ actor: clerkActor(ended.clerkId), action: 'clerk.logout', target: ended.clerkId, details: { reason } });
    log('clerk.loggedOut', { clerkId: ended.clerkId, reason });
    return ended.clerkId;
  }

  async function login(typedId: string, pin: string): Promise<ClerkState> {
    const kiosk = deps.identity.enrolled();
    if (!kiosk || !list.received()) throw new KioskError('clerk.notProvisioned');
    const clerkId = ClerkId.safeParse(typedId).success ? typedId : null;
    const remaining = locks.remainingMs(clerkId, deps.clock());
    if (remaining > 0) throw lockedError(remaining);
    const known = clerkId === null ? null : list.credentials(clerkId);
    // An unknown or malformed id pays the same derivation as a known one.
    const right = await deps.pins.check(
      pin,
      known?.salt ?? UNKNOWN_SALT,
      known?.params ?? list.typicalParams() ?? FALLBACK_PARAMS,
      known?.verifier ?? null,
      kiosk.kioskId,
    );
    const now = deps.clock();
    if (right && known) {
      // Another clerk's session still open here ends first: one clerk at a time.
      endClerkSession('logout');
      db.transaction(() => {
        locks.recordSuccess(known.clerk.clerkId);
        audit.record({ actor: clerkActor(known.clerk.clerkId), action: 'clerk.login', target: known.clerk.clerkId });
      })();
      session.start(known.clerk, now.toISOString());
      log('clerk.loggedIn', { clerkId: known.clerk.clerkId });
      return state();
    }
    const lockMs = db.transaction(() => {
      const started = locks.recordFailure(clerkId, now);
      audit.record({ actor: deps.citizen(), action: 'clerk.loginFailed', target: clerkId });
      if (started !== null) {
        audit.record({ actor: { kind: 'system' }, action: 'clerk.locked', target: clerkId, details: { minutes: started / 60_000 } });
      }
      return started;
    })();
    log('clerk.loginFailed', { clerkId, locked: lockMs !== null });
    if (lockMs !== null) throw lockedError(lockMs);
    throw new KioskError('clerk.credentials');
  }

  async function verifyAccount(login: string, clerkId: string, documentType: DocumentType, documentNumber: string): Promise<string> {
    const request: VerifyAccountRequest = { login, clerkId, documentType, documentNumber };
    let answer: unknown;
    try {
      answer = await deps.ask((central, signer) => central.accountJson(signer, { method: 'POST', path: CLERK_PATHS.verifyAccount, body: request }));
    } catch (error) {
      const refusal = error instanceof CentralFailure && error.status !== null ? AccountErrorResponse.safeParse(error.refusal) : null;
      if (!refusal?.success) {
        log('identity.offline', { code: error instanceof CentralFailure ? error.code : 'internal' });
        throw new KioskError('identity.offline');
      }
      if (refusal.data.error === 'account.invalid') throw new KioskError('identity.invalid', refusal.data.fields ?? []);
      log('identity.accountRefused', { code: refusal.data.error });
      throw new KioskError('identity.accountNotFound');
    }
    const parsed = VerifyAccountResponse.safeParse(answer);
    if (!parsed.success) throw new KioskError('identity.offline');
    return parsed.data.verifiedAt;
  }

  const api: Pick<KioskApi, ClerkMethod> = {
    async getClerkState() {
      return state();
    },

    async clerkLogin({ clerkId, pin }) {
      return login(clerkId, pin);
    },

    async clerkLogout() {
      endClerkSession('logout');
      await deps.endCitizenSession();
      return state();
    },

    async callClerk({ screen }) {
      const { call, raised } = db.transaction(() => {
        const outcome = deps.calls.raise(deps.newId(), screen, nowIso());
        if (outcome.raised) {
          audit.record({ actor: deps.citizen(), action: 'clerkCall.raised', target: outcome.call.id, details: { number: outcome.call.number } });
        }
        return outcome;
      })();
      if (raised) {
        log('clerkCall.raised', { callId: call.id, number: call.number });
        callsChanged();
      }
      return call;
    },

    async getClerkCalls() {
      session.require();
      return { calls: deps.calls.waiting() };
    },

    async answerClerkCall({ id }) {
      const clerk = session.require();
      const answered = db.transaction(() => {
        if (!deps.calls.answer(id, clerk.clerkId, nowIso())) return false;
        audit.record({ actor: clerkActor(clerk.clerkId), action: 'clerkCall.answered', target: id });
        return true;
      })();
      if (!answered) throw new KioskError('clerkCall.notFound');
      callsChanged();
      return { done: true as const };
    },

    async clerkFind({ query }) {
      const clerk = session.require();
      const result = deps.find.find(query);
      audit.record({ actor: clerkActor(clerk.clerkId), action: 'clerk.find', details: { matchedBy: result.matchedBy, count: result.items.length } });
      return result;
    },

    async clerkOpenDraft({ draftId }) {
      const clerk = session.require();
      const draft = deps.openDraftFor(draftId, clerk.clerkId, () => {
        audit.record({ actor: clerkActor(clerk.clerkId), action: 'clerk.openDraft', target: draftId });
      });
      log('clerk.openedDraft', { clerkId: clerk.clerkId, draftId });
      return draft;
    },

    async confirmIdentity({ target, documentType, documentNumber }): Promise<IdentityResult> {
      const clerk = session.require();
      const number = normalizeDocumentNumber(documentNumber);
      if (!isDocumentNumber(number)) throw new KioskError('identity.invalid', [{ field: 'documentNumber', code: 'document.invalid' }]);
      const masked = maskDocumentNumber(number);
      if (target.kind === 'application') {
        deps.applications.receipt(target.applicationId);
        const confirmedAt = nowIso();
        db.transaction(() => {
          deps.confirmations.record({
            id: deps.newId(),
            applicationId: target.applicationId,
            clerkId: clerk.clerkId,
            documentType,
            documentNumber: number,
            confirmedAt,
          });
          audit.record({ actor: clerkActor(clerk.clerkId), action: 'identity.confirmed', target: target.applicationId, details: { documentType } });
        })();
        log('identity.confirmed', { applicationId: target.applicationId, clerkId: clerk.clerkId });
        return { target, documentType, documentNumberMasked: masked, confirmedAt, recorded: 'kiosk' };
      }
      const confirmedAt = await verifyAccount(target.login, clerk.clerkId, documentType, number);
      audit.record({ actor: clerkActor(clerk.clerkId), action: 'identity.confirmed', target: 'account', details: { documentType } });
      log('identity.accountVerified', { clerkId: clerk.clerkId });
      return { target, documentType, documentNumberMasked: masked, confirmedAt, recorded: 'central' };
    },
  };

  return {
    api,
    state,
    /** Exit or idle: the clerk's session ends with the citizen's. */
    sessionEnded(): void {
      if (endClerkSession('sessionEnded') !== null) deps.emit({ type: 'clerkChanged', state: state() });
    },
    /** A new list came: a signed-in clerk no longer on it (or with another role now) is signed out. */
    listReplaced(): void {
      const current = session.current();
      if (!current) return;
      const now = list.credentials(current.clerk.clerkId);
      if (now && now.clerk.role === current.clerk.role) return;
      endClerkSession(now ? 'roleChanged' : 'removed');
      deps.emit({ type: 'clerkChanged', state: state() });
    },
  };
}
export type ClerkMode = ReturnType<typeof createClerkMode>;
