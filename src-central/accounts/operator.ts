import { loginKey } from '../../src-shared/accounts/rules';
import { DOCUMENT_TYPES } from '../../src-shared/clerks/wire';
import { formatPlainCode, randomPlainCode } from '../../src-shared/codes';
import type { Localized } from '../../src-shared/language';
import { isDocumentNumber, normalizeDocumentNumber } from '../../src-shared/validators/document';
import { MAX_ACTOR_LENGTH, MAX_REASON_LENGTH } from '../applications/statuses';
import type { CatalogHistory } from '../catalog/published';
import { prepared } from '../database';
import { linkGuestApplicationsOf } from './links';
import { type ScryptParameters, hashPasswordSync } from './passwords';
import { dropRemovedAccountContent, stripPurgedApplications } from './purge';
import { hasControlCharacters } from './refusals';
import { type Account, type AccountsContext, accountByLoginKey, endSessionsOf, recordAccountEvent, verifiedAccountsWithPin } from './store';

/**
 * What the service's staff do to accounts through the admin CLI: block,
 * unblock and remove (agreement 2.2, 2.9), reset a password after checking
 * the identity (2.7), confirm the identity (2.3). Each refusal is a plain
 * sentence for the operator.
 */
export class OperatorRefusal extends Error {
  override name = 'OperatorRefusal';

  /** What a kiosk's request is answered with when the refusal comes from one (verify-identity). */
  constructor(
    message: string,
    readonly why: 'removed' | 'pinTaken' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}

export function requireActor(actor: string | undefined, what: string): string {
  const trimmed = actor?.trim() ?? '';
  if (trimmed === '' || [...trimmed].length > MAX_ACTOR_LENGTH || hasControlCharacters(trimmed) || trimmed === 'system') {
    throw new OperatorRefusal(`${what} must be a name or id of 1-${MAX_ACTOR_LENGTH} characters on one line, and not "system"`);
  }
  return trimmed;
}

/** Both languages, one line each, at most MAX_REASON_LENGTH characters: the citizen reads it at the kiosk. */
export function requireReason(reason: { ky?: string; ru?: string }): Localized {
  const texts = { ky: reason.ky?.trim() ?? '', ru: reason.ru?.trim() ?? '' };
  for (const language of ['ky', 'ru'] as const) {
    const text = texts[language];
    if (text === '') throw new OperatorRefusal('a reason is needed in both Kyrgyz and Russian: give --reason-ky and --reason-ru');
    if ([...text].length > MAX_REASON_LENGTH) throw new OperatorRefusal(`the ${language} reason is longer than ${MAX_REASON_LENGTH} characters`);
    if (hasControlCharacters(text)) throw new OperatorRefusal(`the ${language} reason holds a control character (a line break, a tab…): write it on one line`);
  }
  return texts;
}

export function requireAccount(ctx: AccountsContext, login: string | undefined): Account {
  if (!login?.trim()) throw new OperatorRefusal('name the account with --login LOGIN');
  const account = accountByLoginKey(ctx.db, loginKey(login.trim()));
  if (!account) throw new OperatorRefusal(`no account ${login.trim()}`);
  return account;
}

function requireNotRemoved(account: Account): void {
  if (account.state === 'removed') throw new OperatorRefusal(`account ${account.login} was removed; nothing more can be done to it`, 'removed');
}

export function blockAccount(ctx: AccountsContext, account: Account, block: { reason: Localized; by: string }): number {
  requireNotRemoved(account);
  const now = ctx.clock();
  const ended = ctx.db
    .transaction(() => {
      prepared(ctx.db, 'UPDATE accounts SET blocked_at = ?, block_reason_ky = ?, block_reason_ru = ?, blocked_by = ? WHERE id = ?').run(
        now.toISOString(),
        block.reason.ky,
        block.reason.ru,
        block.by,
        account.id,
      );
      recordAccountEvent(ctx.db, { accountId: account.id, kind: 'blocked', actor: block.by }, now);
      return endSessionsOf(ctx.db, account.id);
    })
    .immediate();
  ctx.log('account.blocked', { accountId: account.id });
  return ended;
}

export function unblockAccount(ctx: AccountsContext, account: Account, by: string): void {
  requireNotRemoved(account);
  if (account.blockedAt === null) throw new OperatorRefusal(`account ${account.login} is not blocked`);
  const now = ctx.clock();
  ctx.db.transaction(() => {
    prepared(ctx.db, 'UPDATE accounts SET blocked_at = NULL, block_reason_ky = NULL, block_reason_ru = NULL, blocked_by = NULL WHERE id = ?').run(
      account.id,
    );
    recordAccountEvent(ctx.db, { accountId: account.id, kind: 'unblocked', actor: by }, now);
  })();
  ctx.log('account.unblocked', { accountId: account.id });
}

/**
 * The operator deletes an account: its content and personal data go at
 * once, as after its owner's month; the login stays taken and its owner is
 * told the reason when they sign in with the right password.
 */
export function removeAccount(ctx: AccountsContext, account: Account, removal: { reason: Localized; by: string; attachmentsDir: string | null }): void {
  requireNotRemoved(account);
  const now = ctx.clock();
  ctx.db
    .transaction(() => {
      prepared(
        ctx.db,
        `UPDATE accounts SET state = 'removed', blocked_at = ?, block_reason_ky = ?, block_reason_ru = ?, blocked_by = ? WHERE id = ?`,
      ).run(now.toISOString(), removal.reason.ky, removal.reason.ru, removal.by, account.id);
      dropRemovedAccountContent(ctx.db, account.id, now);
      recordAccountEvent(ctx.db, { accountId: account.id, kind: 'removed', actor: removal.by }, now);
    })
    .immediate();
  stripPurgedApplications(ctx, removal.attachmentsDir);
  ctx.log('account.removed', { accountId: account.id });
}

/** 16 characters of the plain alphabet (about 74 bits), printed in groups of four: typed as printed, dashes included. */
const TEMPORARY_PASSWORD_LENGTH = 16;

/**
 * After a clerk checked the identity: a new password, printed once for the
 * clerk to hand over, which the citizen changes at the kiosk. Ends the
 * misuse lock, every session and the login's count of wrong passwords.
 */
export function resetPassword(ctx: AccountsContext, account: Account, reset: { clerk: string; scrypt: ScryptParameters }): string {
  requireNotRemoved(account);
  const password = formatPlainCode(randomPlainCode(ctx.randomBytes, TEMPORARY_PASSWORD_LENGTH));
  const passwordHash = hashPasswordSync(password, reset.scrypt, ctx.randomBytes);
  const now = ctx.clock();
  ctx.db
    .transaction(() => {
      prepared(ctx.db, 'UPDATE accounts SET password_hash = ?, password_changed_at = ?, misuse_reported_at = NULL WHERE id = ?').run(
        passwordHash,
        now.toISOString(),
        account.id,
      );
      endSessionsOf(ctx.db, account.id);
      prepared(ctx.db, "DELETE FROM login_throttle WHERE scope = 'login' AND key = ?").run(account.loginKey);
      recordAccountEvent(ctx.db, { accountId: account.id, kind: 'passwordReset', actor: reset.clerk }, now);
    })
    .immediate();
  ctx.log('account.passwordReset', { accountId: account.id });
  return password;
}

/**
 * A clerk checked the passport or ID card (agreement 2.3). One ПИН has one
 * verified account; guest applications naming it are linked at once, and
 * later ones by the hourly maintenance.
 */
export function verifyAccount(
  ctx: AccountsContext,
  catalogs: CatalogHistory | null,
  account: Account,
  check: { clerk: string; documentType: string | undefined; documentNumber: string | undefined },
): { linked: number } {
  requireNotRemoved(account);
  if (!(DOCUMENT_TYPES as readonly string[]).includes(check.documentType ?? '')) {
    throw new OperatorRefusal(`--document-type must be one of ${DOCUMENT_TYPES.join(', ')}`);
  }
  const documentNumber = normalizeDocumentNumber(check.documentNumber ?? '');
  if (!isDocumentNumber(documentNumber)) throw new OperatorRefusal('--document-number must be two letters and seven digits (ID1234567, AN1234567)');
  const other = verifiedAccountsWithPin(ctx.db, account.pin).find((a) => a.id !== account.id);
  if (other) throw new OperatorRefusal(`another verified account (${other.login}) has this ПИН; a citizen has one verified account`, 'pinTaken');
  const now = ctx.clock();
  ctx.db.transaction(() => {
    prepared(ctx.db, 'UPDATE accounts SET verified_at = ?, verified_by = ?, document_type = ?, document_number = ? WHERE id = ?').run(
      now.toISOString(),
      check.clerk,
      check.documentType,
      documentNumber,
      account.id,
    );
    recordAccountEvent(ctx.db, { accountId: account.id, kind: 'verified', actor: check.clerk }, now);
  })();
  // Before any catalog was published no application can have been stored.
  const linked = catalogs ? linkGuestApplicationsOf(ctx, catalogs, account) : 0;
  ctx.log('account.verified', { accountId: account.id, linked });
  return { linked };
}
