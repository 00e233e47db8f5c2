import type { AccountView } from '../../src-shared/accounts/wire';
import type { Localized } from '../../src-shared/language';
import { type CentralDatabase, prepared } from '../database';

/** What the accounts feature needs of the world: the service's clock, randomness and log, and its choices. */
export interface AccountsContext {
  db: CentralDatabase;
  clock: () => Date;
  randomBytes: (size: number) => Buffer;
  log: (event: string, fields?: Record<string, string | number | boolean | null | undefined>) => void;
}

export type AccountState = 'active' | 'deleted' | 'removed';

/** An account as stored (personal data included: never logged). */
export interface Account {
  id: string;
  login: string;
  loginKey: string;
  passwordHash: string;
  fullName: string;
  pin: string;
  phone: string;
  createdAt: string;
  createdByKiosk: string;
  termsVersion: number;
  state: AccountState;
  deletedAt: string | null;
  restoreUntil: string | null;
  blockedAt: string | null;
  blockReasonKy: string | null;
  blockReasonRu: string | null;
  blockedBy: string | null;
  misuseReportedAt: string | null;
  passwordChangedAt: string;
  verifiedAt: string | null;
  verifiedBy: string | null;
  documentType: 'passport' | 'idCard' | null;
  documentNumber: string | null;
}

const COLUMNS = `id, login, login_key AS loginKey, password_hash AS passwordHash, full_name AS fullName, pin, phone,
  created_at AS createdAt, created_by_kiosk AS createdByKiosk, terms_version AS termsVersion, state,
  deleted_at AS deletedAt, restore_until AS restoreUntil, blocked_at AS blockedAt, block_reason_ky AS blockReasonKy,
  block_reason_ru AS blockReasonRu, blocked_by AS blockedBy, misuse_reported_at AS misuseReportedAt,
  password_changed_at AS passwordChangedAt, verified_at AS verifiedAt, verified_by AS verifiedBy,
  document_type AS documentType, document_number AS documentNumber`;

export function accountByLoginKey(db: CentralDatabase, loginKey: string): Account | undefined {
  return prepared<Account>(db, `SELECT ${COLUMNS} FROM accounts WHERE login_key = ?`).get(loginKey);
}

export function accountById(db: CentralDatabase, id: string): Account | undefined {
  return prepared<Account>(db, `SELECT ${COLUMNS} FROM accounts WHERE id = ?`).get(id);
}

/** Verified accounts (not removed) with this ПИН: at most one, verify-account sees to it. */
export function verifiedAccountsWithPin(db: CentralDatabase, pin: string): Account[] {
  return prepared<Account>(
    db,
    `SELECT ${COLUMNS} FROM accounts WHERE pin = ? AND verified_at IS NOT NULL AND state <> 'removed'`,
  ).all(pin);
}

export interface NewAccount {
  id: string;
  login: string;
  loginKey: string;
  passwordHash: string;
  fullName: string;
  pin: string;
  phone: string;
  kioskId: string;
  termsVersion: number;
}

/** False when the login is taken by now (the UNIQUE index decides a race between two registrations). */
export function insertAccount(db: CentralDatabase, account: NewAccount, now: Date): boolean {
  const at = now.toISOString();
  return (
    prepared(
      db,
      `INSERT INTO accounts (id, login, login_key, password_hash, full_name, pin, phone, created_at, created_by_kiosk,
         terms_version, password_changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (login_key) DO NOTHING`,
    ).run(
      account.id,
      account.login,
      account.loginKey,
      account.passwordHash,
      account.fullName,
      account.pin,
      account.phone,
      at,
      account.kioskId,
      account.termsVersion,
      at,
    ).changes === 1
  );
}

export function recordTermsAcceptance(
  db: CentralDatabase,
  acceptance: { accountId: string; version: number; language: string; kioskId: string },
  now: Date,
): void {
  prepared(
    db,
    `INSERT INTO terms_acceptances (account_id, version, accepted_at, language, kiosk_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (account_id, version) DO UPDATE SET accepted_at = excluded.accepted_at, language = excluded.language,
       kiosk_id = excluded.kiosk_id`,
  ).run(acceptance.accountId, acceptance.version, now.toISOString(), acceptance.language, acceptance.kioskId);
  prepared(db, 'UPDATE accounts SET terms_version = MAX(terms_version, ?) WHERE id = ?').run(acceptance.version, acceptance.accountId);
}

export type AccountEventKind =
  | 'registered'
  | 'loggedIn'
  | 'termsAccepted'
  | 'termsDeclined'
  | 'loggedOut'
  | 'passwordChanged'
  | 'misuseReported'
  | 'deleted'
  | 'restored'
  | 'purged'
  | 'blocked'
  | 'unblocked'
  | 'removed'
  | 'passwordReset'
  | 'verified'
  | 'noticeSent';

/** One line of the account's history for the security officer: ids and kinds, no personal data. */
export function recordAccountEvent(
  db: CentralDatabase,
  event: { accountId: string; kind: AccountEventKind; kioskId?: string | null; actor?: string | null },
  now: Date,
): void {
  prepared(db, 'INSERT INTO account_events (account_id, kind, at, kiosk_id, actor) VALUES (?, ?, ?, ?, ?)').run(
    event.accountId,
    event.kind,
    now.toISOString(),
    event.kioskId ?? null,
    event.actor ?? null,
  );
}

export function accountEvents(db: CentralDatabase, accountId: string): Array<{ kind: string; at: string; kioskId: string | null; actor: string | null }> {
  return prepared<{ kind: string; at: string; kioskId: string | null; actor: string | null }>(
    db,
    'SELECT kind, at, kiosk_id AS kioskId, actor FROM account_events WHERE account_id = ? ORDER BY id',
  ).all(accountId);
}

/** What the citizen sees of their account. */
export function accountView(account: Account): AccountView {
  return {
    login: account.login,
    fullName: account.fullName,
    pin: account.pin,
    phone: account.phone,
    createdAt: account.createdAt,
    verified: account.verifiedAt !== null,
    termsVersion: account.termsVersion,
  };
}

/** The operator's reason for a block or removal, in both languages. */
export function blockReason(account: Account): Localized | undefined {
  return account.blockReasonKy !== null && account.blockReasonRu !== null ? { ky: account.blockReasonKy, ru: account.blockReasonRu } : undefined;
}

/** Ends every session of an account, or every one but `except` (a token's SHA-256). */
export function endSessionsOf(db: CentralDatabase, accountId: string, except?: string): number {
  if (except === undefined) return prepared(db, 'DELETE FROM account_sessions WHERE account_id = ?').run(accountId).changes;
  return prepared(db, 'DELETE FROM account_sessions WHERE account_id = ? AND token_sha256 <> ?').run(accountId, except).changes;
}
