import { loginKey } from '../../src-shared/accounts/rules';
import type {
  AnswerTermsRequest,
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
  SessionResponse,
  TermsVersion,
} from '../../src-shared/accounts/wire';
import type { CatalogHistory } from '../catalog/published';
import { prepared } from '../database';
import { randomUuid } from '../effects';
import { RequestError } from '../requests';
import { termsInForce } from '../terms/terms';
import { judgeRegistration, passwordProblems } from './fields';
import { type ScryptParameters, hashForNothing, hashPassword, needsRehash, verifyPassword } from './passwords';
import { purgeDeletedAccount, oneMonthAfter } from './purge';
import { fieldError, invalid, refuse } from './refusals';
import { restrictionFor } from './restrictions';
import { type Session, type SessionLimits, clearTermsPending, currentGrant, endSession, openSession, resolveSession, tokenSha256 } from './sessions';
import {
  type Account,
  type AccountsContext,
  accountById,
  accountByLoginKey,
  accountView,
  blockReason,
  endSessionsOf,
  insertAccount,
  recordAccountEvent,
  recordTermsAcceptance,
} from './store';
import { clearLoginFailures, countWrongPassword, lockedFor } from './throttle';

/** The accounts feature as the service runs it: the context and the choices of this deployment. */
export interface AccountsDeps extends AccountsContext {
  scrypt: ScryptParameters;
  sessions: SessionLimits;
  catalogs: CatalogHistory;
  /** Where attachments are kept, so a purge can remove an application's files; null leaves them. */
  attachmentsDir: string | null;
}

/** The edition a citizen must have accepted now; a service with none published cannot take accounts. */
function termsNow(deps: AccountsDeps): TermsVersion {
  const terms = termsInForce(deps.db, deps.clock());
  if (!terms) throw new RequestError(503, 'terms.unavailable');
  return terms;
}

function sessionResponse(account: Account, grant: SessionResponse['session'], termsToAccept: TermsVersion | null): SessionResponse {
  return { session: grant, account: accountView(account), termsToAccept };
}

/** The login a request names, as compared: logins are one regardless of case. */
function keyOf(login: string): string {
  return loginKey(login.trim());
}

function refuseIfLocked(deps: AccountsDeps, which: { loginKey: string; kioskId: string }): void {
  const seconds = lockedFor(deps.db, which, deps.clock());
  if (seconds > 0) throw refuse('account.locked', { retryAfterSeconds: seconds });
}

/**
 * Checks a login and password, the same way whether or not the login
 * exists: the lock first, one scrypt hash in every case, the same count
 * and the same refusal. Answers the account only for the right password.
 */
async function checkCredentials(deps: AccountsDeps, kioskId: string, request: LoginRequest): Promise<Account> {
  const key = keyOf(request.login);
  refuseIfLocked(deps, { loginKey: key, kioskId });
  const account = accountByLoginKey(deps.db, key);
  const right = account
    ? await verifyPassword(account.passwordHash, request.password)
    : await hashForNothing(request.password, deps.scrypt, deps.randomBytes);
  if (!right || !account) {
    countWrongPassword(deps.db, { loginKey: key, kioskId }, deps.clock());
    deps.log('account.loginFailed', { kioskId });
    throw refuse('account.credentials');
  }
  clearLoginFailures(deps.db, key);
  if (needsRehash(account.passwordHash, deps.scrypt)) {
    const rehashed = await hashPassword(request.password, deps.scrypt, deps.randomBytes);
    prepared(deps.db, 'UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?').run(rehashed, account.id, account.passwordHash);
  }
  // Re-read: the state may have moved while the hash was computed.
  const current = accountById(deps.db, account.id);
  if (!current) throw refuse('account.credentials');
  return current;
}

/** Why an account whose password was right may not start a session, apart from its owner's deletion. */
function refuseIfBarred(account: Account): void {
  if (account.state === 'removed' || account.blockedAt !== null) {
    const reason = blockReason(account);
    throw refuse('account.blocked', reason ? { reason } : {});
  }
  if (account.misuseReportedAt !== null) throw refuse('account.misuseLocked');
}

function refuseIfRestricted(deps: AccountsDeps, pin: string): void {
  const restriction = restrictionFor(deps.db, pin, deps.clock());
  if (restriction) throw refuse('account.restricted', { reason: restriction.reason });
}

/** A session for an account that may have one; the terms to accept first when a newer edition is in force. */
function startSession(deps: AccountsDeps, account: Account, kioskId: string): SessionResponse {
  const terms = termsInForce(deps.db, deps.clock()) ?? null;
  const pending = terms && terms.version > account.termsVersion ? terms : null;
  const { grant } = openSession(deps, deps.sessions, { accountId: account.id, kioskId, termsPending: pending?.version ?? null });
  recordAccountEvent(deps.db, { accountId: account.id, kind: 'loggedIn', kioskId }, deps.clock());
  return sessionResponse(account, grant, pending);
}

/** Whether nobody holds the login; one whose owner deleted it over a month ago is purged now, before the hourly run. */
function loginIsFree(deps: AccountsDeps, key: string): boolean {
  const holder = accountByLoginKey(deps.db, key);
  if (!holder) return true;
  const monthOver = holder.state === 'deleted' && (holder.restoreUntil ?? '') <= deps.clock().toISOString();
  return monthOver && purgeDeletedAccount(deps, holder.id);
}

/**
 * Registration: every field judged (nothing stored when one is wrong), the
 * edition of the terms the citizen accepted must be the one in force, the
 * citizen must not be of a restricted category; then one transaction
 * stores the account, the acceptance and the session.
 */
export async function register(deps: AccountsDeps, kioskId: string, request: RegisterRequest): Promise<SessionResponse> {
  const now = deps.clock();
  const judged = judgeRegistration(deps.db, request, now);
  const fields = judged.ok ? [] : [...judged.fields];
  if (!fields.some((f) => f.field === 'login') && !loginIsFree(deps, keyOf(request.login))) fields.unshift(fieldError('login', 'login.taken'));
  if (fields.length > 0 || !judged.ok) throw invalid(fields);
  const terms = termsNow(deps);
  if (request.termsVersion !== terms.version) throw refuse('account.termsOutdated');
  refuseIfRestricted(deps, judged.data.pin);

  const passwordHash = await hashPassword(request.password, deps.scrypt, deps.randomBytes);
  const id = randomUuid(deps.randomBytes);
  const response = deps.db
    .transaction(() => {
      const at = deps.clock();
      if (!insertAccount(deps.db, { id, ...judged.data, passwordHash, kioskId, termsVersion: terms.version }, at)) {
        throw invalid([fieldError('login', 'login.taken')]);
      }
      recordTermsAcceptance(deps.db, { accountId: id, version: terms.version, language: request.language, kioskId }, at);
      recordAccountEvent(deps.db, { accountId: id, kind: 'registered', kioskId }, at);
      const account = accountById(deps.db, id);
      if (!account) throw new Error('account was not stored');
      const { grant } = openSession(deps, deps.sessions, { accountId: id, kioskId, termsPending: null });
      return sessionResponse(account, grant, null);
    })
    .immediate();
  deps.log('account.registered', { accountId: id, kioskId });
  return response;
}

export async function login(deps: AccountsDeps, kioskId: string, request: LoginRequest): Promise<SessionResponse> {
  const account = await checkCredentials(deps, kioskId, request);
  refuseIfBarred(account);
  if (account.state === 'deleted') {
    const restoreUntil = account.restoreUntil ?? '';
    if (restoreUntil > deps.clock().toISOString()) throw refuse('account.deleted', { restoreUntil });
    throw refuse('account.notRestorable');
  }
  refuseIfRestricted(deps, account.pin);
  const response = startSession(deps, account, kioskId);
  deps.log('account.loggedIn', { accountId: account.id, kioskId, termsPending: response.termsToAccept?.version ?? null });
  return response;
}

/** Within the month after its owner deleted it: everything back as it was, and signed in. */
export async function restore(deps: AccountsDeps, kioskId: string, request: LoginRequest): Promise<SessionResponse> {
  const account = await checkCredentials(deps, kioskId, request);
  refuseIfBarred(account);
  const now = deps.clock();
  if (account.state !== 'deleted' || (account.restoreUntil ?? '') <= now.toISOString()) throw refuse('account.notRestorable');
  refuseIfRestricted(deps, account.pin);
  const response = deps.db
    .transaction(() => {
      prepared(deps.db, "UPDATE accounts SET state = 'active', deleted_at = NULL, restore_until = NULL WHERE id = ? AND state = 'deleted'").run(
        account.id,
      );
      recordAccountEvent(deps.db, { accountId: account.id, kind: 'restored', kioskId }, now);
      const restored = accountById(deps.db, account.id);
      if (!restored) throw new Error('restored account is missing');
      return startSession(deps, restored, kioskId);
    })
    .immediate();
  deps.log('account.restored', { accountId: account.id, kioskId });
  return response;
}

/** Accepting the edition in force continues the session; declining ends it. */
export function answerTerms(deps: AccountsDeps, kioskId: string, request: AnswerTermsRequest): SessionResponse | { ended: true } {
  const { session, account } = resolveSession(deps, deps.sessions, { token: request.token, kioskId, termsAnswer: true });
  const terms = termsNow(deps);
  if (request.version !== terms.version) throw refuse('account.termsOutdated');
  const now = deps.clock();
  if (!request.accept) {
    endSession(deps.db, session.tokenSha256);
    recordAccountEvent(deps.db, { accountId: account.id, kind: 'termsDeclined', kioskId }, now);
    deps.log('account.termsDeclined', { accountId: account.id, kioskId, version: terms.version });
    return { ended: true };
  }
  deps.db.transaction(() => {
    recordTermsAcceptance(deps.db, { accountId: account.id, version: terms.version, language: request.language, kioskId }, now);
    clearTermsPending(deps.db, session.tokenSha256);
    recordAccountEvent(deps.db, { accountId: account.id, kind: 'termsAccepted', kioskId }, now);
  })();
  const updated = accountById(deps.db, account.id) ?? account;
  deps.log('account.termsAccepted', { accountId: account.id, kioskId, version: terms.version });
  return sessionResponse(updated, currentGrant(session, request.token, deps.sessions), null);
}

/** Ends the session if this kiosk holds it; answers the same whatever the token was. */
export function logout(deps: AccountsDeps, kioskId: string, token: string): { ended: true } {
  const hash = tokenSha256(token);
  const row = prepared<{ accountId: string; kioskId: string }>(
    deps.db,
    'SELECT account_id AS accountId, kiosk_id AS kioskId FROM account_sessions WHERE token_sha256 = ?',
  ).get(hash);
  if (row && row.kioskId === kioskId) {
    endSession(deps.db, hash);
    recordAccountEvent(deps.db, { accountId: row.accountId, kind: 'loggedOut', kioskId }, deps.clock());
  }
  return { ended: true };
}

/** The password again, for changing it or deleting the account: counted like a login's. */
async function confirmPassword(deps: AccountsDeps, kioskId: string, account: Account, password: string): Promise<void> {
  refuseIfLocked(deps, { loginKey: account.loginKey, kioskId });
  if (!(await verifyPassword(account.passwordHash, password))) {
    countWrongPassword(deps.db, { loginKey: account.loginKey, kioskId }, deps.clock());
    deps.log('account.passwordWrong', { accountId: account.id, kioskId });
    throw refuse('account.passwordWrong');
  }
  clearLoginFailures(deps.db, account.loginKey);
}

export function sessionOf(deps: AccountsDeps, kioskId: string, token: string): { session: Session; account: Account } {
  return resolveSession(deps, deps.sessions, { token, kioskId });
}

/** A new password; every other session of the account ends, this one goes on. */
export async function changePassword(deps: AccountsDeps, kioskId: string, request: ChangePasswordRequest): Promise<{ done: true }> {
  const { session, account } = sessionOf(deps, kioskId, request.token);
  const problems = passwordProblems('newPassword', request.newPassword, account.login);
  if (problems.length > 0) throw invalid(problems);
  await confirmPassword(deps, kioskId, account, request.currentPassword);
  const passwordHash = await hashPassword(request.newPassword, deps.scrypt, deps.randomBytes);
  const now = deps.clock();
  deps.db.transaction(() => {
    prepared(deps.db, 'UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(passwordHash, now.toISOString(), account.id);
    endSessionsOf(deps.db, account.id, session.tokenSha256);
    recordAccountEvent(deps.db, { accountId: account.id, kind: 'passwordChanged', kioskId }, now);
  })();
  deps.log('account.passwordChanged', { accountId: account.id, kioskId });
  return { done: true };
}

/** "Someone else used my account" (agreement 2.7): locked at once, every session ended, until a clerk resets it. */
export function reportMisuse(deps: AccountsDeps, kioskId: string, token: string): { ended: true } {
  const { account } = sessionOf(deps, kioskId, token);
  const now = deps.clock();
  deps.db.transaction(() => {
    prepared(deps.db, 'UPDATE accounts SET misuse_reported_at = ? WHERE id = ?').run(now.toISOString(), account.id);
    endSessionsOf(deps.db, account.id);
    recordAccountEvent(deps.db, { accountId: account.id, kind: 'misuseReported', kioskId }, now);
  })();
  deps.log('account.misuseReported', { accountId: account.id, kioskId });
  return { ended: true };
}

/** The owner deletes the account: blocked for a month with everything kept, then purged (agreement 2.10). */
export async function deleteAccount(deps: AccountsDeps, kioskId: string, request: { token: string; password: string }): Promise<{ restoreUntil: string }> {
  const { account } = sessionOf(deps, kioskId, request.token);
  await confirmPassword(deps, kioskId, account, request.password);
  const now = deps.clock();
  const restoreUntil = oneMonthAfter(now).toISOString();
  deps.db.transaction(() => {
    prepared(deps.db, "UPDATE accounts SET state = 'deleted', deleted_at = ?, restore_until = ? WHERE id = ? AND state = 'active'").run(
      now.toISOString(),
      restoreUntil,
      account.id,
    );
    endSessionsOf(deps.db, account.id);
    recordAccountEvent(deps.db, { accountId: account.id, kind: 'deleted', kioskId }, now);
  })();
  deps.log('account.deleted', { accountId: account.id, kioskId });
  return { restoreUntil };
}

