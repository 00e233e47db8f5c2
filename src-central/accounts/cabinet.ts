import { AccountDraft, type CabinetResponse, type LinkApplicationRequest, type Notice } from '../../src-shared/accounts/wire';
import type { FieldError } from '../../src-shared/errors';
import type { Localized } from '../../src-shared/language';
import { type CentralDatabase, prepared } from '../database';
import { randomUuid } from '../effects';
import type { AccountsDeps } from './flows';
import { sessionOf } from './flows';
import { cabinetApplications, linkAtSubmit } from './links';
import { fieldError, hasControlCharacters, invalid, refuse } from './refusals';
import { type AccountsContext, accountView, recordAccountEvent } from './store';

/** The personal cabinet: the account's applications, drafts, notices and data (agreement 1.1, 3.2). */

/** Drafts an account keeps at most; the citizen deletes one to keep another. */
export const MAX_ACCOUNT_DRAFTS = 20;

function accountDrafts(db: CentralDatabase, accountId: string): AccountDraft[] {
  const rows = prepared<{ json: string }>(db, 'SELECT json FROM account_drafts WHERE account_id = ? ORDER BY updated_at DESC, id').all(accountId);
  const drafts: AccountDraft[] = [];
  for (const row of rows) {
    // Stored drafts passed this schema when saved; one that no longer does is left out, not fatal.
    const parsed = AccountDraft.safeParse(JSON.parse(row.json));
    if (parsed.success) drafts.push(parsed.data);
  }
  return drafts;
}

interface NoticeRow {
  id: string;
  sentAt: string;
  titleKy: string;
  titleRu: string;
  bodyKy: string;
  bodyRu: string;
  readAt: string | null;
}

function accountNotices(db: CentralDatabase, accountId: string): Notice[] {
  return prepared<NoticeRow>(
    db,
    `SELECT id, sent_at AS sentAt, title_ky AS titleKy, title_ru AS titleRu, body_ky AS bodyKy, body_ru AS bodyRu, read_at AS readAt
       FROM account_notices WHERE account_id = ? ORDER BY sent_at DESC, id`,
  )
    .all(accountId)
    .map((row) => ({
      id: row.id,
      sentAt: row.sentAt,
      title: { ky: row.titleKy, ru: row.titleRu },
      body: { ky: row.bodyKy, ru: row.bodyRu },
      readAt: row.readAt,
    }));
}

export function cabinet(deps: AccountsDeps, kioskId: string, token: string): CabinetResponse {
  const { account } = sessionOf(deps, kioskId, token);
  return {
    account: accountView(account),
    applications: cabinetApplications(deps.db, account.id),
    drafts: accountDrafts(deps.db, account.id),
    notices: accountNotices(deps.db, account.id),
  };
}

export function linkApplication(deps: AccountsDeps, kioskId: string, request: LinkApplicationRequest): { linked: true } {
  const { account } = sessionOf(deps, kioskId, request.token);
  linkAtSubmit(deps, { accountId: account.id, kioskId, request });
  deps.log('account.applicationLinked', { accountId: account.id, kioskId, applicationId: request.applicationId });
  return { linked: true };
}

/** An answer that names attached files: a list of objects with a `sha256`. */
function namesFiles(value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null && 'sha256' in item);
}

export function saveDraft(deps: AccountsDeps, kioskId: string, request: { token: string; draft: AccountDraft }): { done: true } {
  const { account } = sessionOf(deps, kioskId, request.token);
  const { draft } = request;
  const problems: FieldError[] = Object.entries(draft.answers)
    .filter(([, value]) => namesFiles(value))
    .map(([fieldId]) => fieldError(`draft.answers.${fieldId}`, 'draft.files'));
  if (problems.length > 0) throw invalid(problems);
  const now = deps.clock().toISOString();
  deps.db
    .transaction(() => {
      const owner = prepared<{ accountId: string }>(deps.db, 'SELECT account_id AS accountId FROM account_drafts WHERE id = ?').get(draft.id);
      // Another account's draft id: as unknown as any other.
      if (owner && owner.accountId !== account.id) throw refuse('draft.notFound');
      if (!owner) {
        const count = prepared<{ n: number }>(deps.db, 'SELECT COUNT(*) AS n FROM account_drafts WHERE account_id = ?').get(account.id)?.n ?? 0;
        if (count >= MAX_ACCOUNT_DRAFTS) throw invalid([fieldError('draft', 'draft.tooMany', { max: MAX_ACCOUNT_DRAFTS })]);
      }
      const stored = { ...draft, updatedAt: new Date(draft.updatedAt).toISOString() };
      prepared(
        deps.db,
        `INSERT INTO account_drafts (id, account_id, json, updated_at, saved_at, kiosk_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, saved_at = excluded.saved_at,
           kiosk_id = excluded.kiosk_id`,
      ).run(draft.id, account.id, JSON.stringify(stored), stored.updatedAt, now, kioskId);
    })
    .immediate();
  deps.log('account.draftSaved', { accountId: account.id, kioskId, draftId: draft.id });
  return { done: true };
}

export function deleteDraft(deps: AccountsDeps, kioskId: string, request: { token: string; draftId: string }): { done: true } {
  const { account } = sessionOf(deps, kioskId, request.token);
  const deleted = prepared(deps.db, 'DELETE FROM account_drafts WHERE id = ? AND account_id = ?').run(request.draftId, account.id).changes;
  if (deleted === 0) throw refuse('draft.notFound');
  return { done: true };
}

export function readNotice(deps: AccountsDeps, kioskId: string, request: { token: string; noticeId: string }): { done: true } {
  const { account } = sessionOf(deps, kioskId, request.token);
  const marked = prepared(deps.db, 'UPDATE account_notices SET read_at = COALESCE(read_at, ?) WHERE id = ? AND account_id = ?').run(
    deps.clock().toISOString(),
    request.noticeId,
    account.id,
  ).changes;
  if (marked === 0) throw refuse('notice.notFound');
  return { done: true };
}

/** A notice title is one line a citizen reads on a card; a body may have paragraphs. */
export const MAX_NOTICE_TITLE = 200;
export const MAX_NOTICE_BODY = 4000;

/** Line breaks and tabs are all a body may hold besides printable text. */
const CONTROL_IN_BODY = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** A body as stored: trimmed, line breaks made `\n`. */
function noticeBody(text: string): string {
  return text.trim().replace(/\r\n?/g, '\n');
}

export type NoticeProblem = { field: string; why: 'required' | 'tooLong' | 'control' };

export function noticeProblems(notice: { title: Localized; body: Localized }): NoticeProblem[] {
  const problems: NoticeProblem[] = [];
  for (const language of ['ky', 'ru'] as const) {
    const title = notice.title[language].trim();
    const body = noticeBody(notice.body[language]);
    if (title === '') problems.push({ field: `title-${language}`, why: 'required' });
    else if ([...title].length > MAX_NOTICE_TITLE) problems.push({ field: `title-${language}`, why: 'tooLong' });
    else if (hasControlCharacters(title)) problems.push({ field: `title-${language}`, why: 'control' });
    if (body === '') problems.push({ field: `body-${language}`, why: 'required' });
    else if ([...body].length > MAX_NOTICE_BODY) problems.push({ field: `body-${language}`, why: 'tooLong' });
    else if (CONTROL_IN_BODY.test(body)) problems.push({ field: `body-${language}`, why: 'control' });
  }
  return problems;
}

/** Stores a notice for the account (checked by noticeProblems first); answers its id. */
export function storeNotice(
  ctx: AccountsContext,
  notice: { accountId: string; title: Localized; body: Localized; by: string },
): string {
  const id = randomUuid(ctx.randomBytes);
  const now = ctx.clock();
  ctx.db.transaction(() => {
    prepared(
      ctx.db,
      `INSERT INTO account_notices (id, account_id, sent_at, sent_by, title_ky, title_ru, body_ky, body_ru) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, notice.accountId, now.toISOString(), notice.by, notice.title.ky.trim(), notice.title.ru.trim(), noticeBody(notice.body.ky), noticeBody(notice.body.ru));
    recordAccountEvent(ctx.db, { accountId: notice.accountId, kind: 'noticeSent', actor: notice.by }, now);
  })();
  return id;
}
