import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CentralDatabase, prepared } from '../database';
import { type AccountsContext, recordAccountEvent } from './store';

/**
 * The end of an account's content (agreement 2.10): a month after its
 * owner deleted it, or at once when the operator removes it. Its drafts,
 * notices, sessions and acceptances go; the applications linked to it
 * lose their answers (the personal data of the stored envelope) and their
 * attached files, also an application that arrives later. What stays is
 * what the service itself made: registration numbers, lookup codes,
 * services and status histories.
 */

/** A stored file's name: its hash, never a path. */
const SHA256 = /^[0-9a-f]{64}$/;

/** A month in the calendar's sense: 31 January + 1 month is 28 (29) February. */
export function oneMonthAfter(date: Date): Date {
  const next = new Date(date.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

/** Drops the account's content and marks its applications for stripping; the caller holds the transaction. */
function dropContent(db: CentralDatabase, accountId: string, now: Date): void {
  const at = now.toISOString();
  prepared(db, 'UPDATE account_applications SET account_id = NULL, purged_at = ? WHERE account_id = ?').run(at, accountId);
  prepared(db, 'DELETE FROM account_drafts WHERE account_id = ?').run(accountId);
  prepared(db, 'DELETE FROM account_notices WHERE account_id = ?').run(accountId);
  prepared(db, 'DELETE FROM account_sessions WHERE account_id = ?').run(accountId);
  prepared(db, 'DELETE FROM terms_acceptances WHERE account_id = ?').run(accountId);
}

/** Deletes an account its owner deleted a month ago: its login is free from now on. */
export function purgeDeletedAccount(ctx: AccountsContext, accountId: string): boolean {
  const now = ctx.clock();
  const purged = ctx.db
    .transaction(() => {
      const due = prepared<{ loginKey: string }>(
        ctx.db,
        "SELECT login_key AS loginKey FROM accounts WHERE id = ? AND state = 'deleted' AND restore_until <= ?",
      ).get(accountId, now.toISOString());
      if (!due) return false;
      dropContent(ctx.db, accountId, now);
      prepared(ctx.db, 'DELETE FROM accounts WHERE id = ?').run(accountId);
      prepared(ctx.db, "DELETE FROM login_throttle WHERE scope = 'login' AND key = ?").run(due.loginKey);
      recordAccountEvent(ctx.db, { accountId, kind: 'purged', actor: 'system' }, now);
      return true;
    })
    .immediate();
  if (purged) ctx.log('account.purged', { accountId });
  return purged;
}

/**
 * The operator removed the account: its content goes at once and its
 * personal data with it; the row keeps the login (taken for good), the
 * password hash and the reason, so its owner, and only they, learn why.
 * The caller holds the transaction.
 */
export function dropRemovedAccountContent(db: CentralDatabase, accountId: string, now: Date): void {
  dropContent(db, accountId, now);
  prepared(
    db,
    `UPDATE accounts SET full_name = '', pin = '', phone = '', document_number = NULL, deleted_at = NULL, restore_until = NULL
      WHERE id = ?`,
  ).run(accountId);
}

/** Accounts deleted by their owners whose month is over. */
export function accountsDueForPurge(db: CentralDatabase, now: Date): string[] {
  return prepared<{ id: string }>(db, "SELECT id FROM accounts WHERE state = 'deleted' AND restore_until <= ? ORDER BY restore_until")
    .all(now.toISOString())
    .map((row) => row.id);
}

/**
 * Removes the answers of stored applications whose account was purged
 * (in the application and in any conflicting copy of it), and the files
 * they attached that no other application names. An application that has
 * not arrived yet is stripped when a later run finds it.
 */
export function stripPurgedApplications(ctx: AccountsContext, attachmentsDir: string | null): number {
  const now = ctx.clock().toISOString();
  const due = prepared<{ applicationId: string }>(
    ctx.db,
    `SELECT l.application_id AS applicationId FROM account_applications l JOIN applications a ON a.id = l.application_id
      WHERE l.purged_at IS NOT NULL AND l.stripped_at IS NULL`,
  ).all();
  const unusedFiles: string[] = [];
  ctx.db
    .transaction(() => {
      for (const { applicationId } of due) {
        prepared(ctx.db, `UPDATE applications SET envelope_json = json_set(envelope_json, '$.answers', json('{}')) WHERE id = ?`).run(
          applicationId,
        );
        prepared(
          ctx.db,
          `UPDATE application_conflicts SET envelope_json = json_set(envelope_json, '$.answers', json('{}')) WHERE application_id = ?`,
        ).run(applicationId);
        const files = prepared<{ sha256: string }>(ctx.db, 'SELECT sha256 FROM application_attachments WHERE application_id = ?')
          .all(applicationId)
          .map((row) => row.sha256);
        prepared(ctx.db, 'DELETE FROM application_attachments WHERE application_id = ?').run(applicationId);
        for (const sha256 of files) {
          const stillNamed = prepared(ctx.db, 'SELECT 1 FROM application_attachments WHERE sha256 = ? LIMIT 1').get(sha256);
          if (stillNamed) continue;
          prepared(ctx.db, 'DELETE FROM attachments WHERE sha256 = ?').run(sha256);
          unusedFiles.push(sha256);
        }
        prepared(ctx.db, 'UPDATE account_applications SET stripped_at = ? WHERE application_id = ?').run(now, applicationId);
      }
    })
    .immediate();
  // After the commit: a file without its row is only litter, a row without its file would be a lie.
  if (attachmentsDir) for (const sha256 of unusedFiles.filter((name) => SHA256.test(name))) rmSync(join(attachmentsDir, sha256), { force: true });
  if (due.length > 0) ctx.log('account.applicationsStripped', { applications: due.length, files: unusedFiles.length });
  return due.length;
}
