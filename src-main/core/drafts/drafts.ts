import type { Draft, DraftMigration, SavedDraft } from '../../../src-shared/contract';
import type { Answers } from '../../../src-shared/forms/schema';
import { KioskError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import type { KioskDatabase } from '../db/database';

interface DraftRow {
  id: string;
  service_id: string;
  variant_id: string;
  form_id: string;
  form_version: number;
  answers_json: string;
  page_id: string | null;
  language: Language;
  revision: number;
  created_at: string;
  updated_at: string;
  migration_json: string | null;
}

export interface NewDraft {
  id: string;
  serviceId: string;
  variantId: string;
  formId: string;
  formVersion: number;
  language: Language;
  now: string;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Drafts live in SQLite from the first keystroke: every save is one small committed write. */
export function createDraftStore(db: KioskDatabase, options: { retentionDays: number }) {
  const retentionMs = options.retentionDays * DAY_MS;
  const insert = db.prepare(
    `INSERT INTO drafts (id, service_id, variant_id, form_id, form_version, answers_json, page_id, language, revision, created_at, updated_at)
     VALUES (@id, @serviceId, @variantId, @formId, @formVersion, '{}', NULL, @language, 0, @now, @now)`,
  );
  const update = db.prepare<[string, string | null, string, string]>(
    `UPDATE drafts SET answers_json = ?, page_id = ?, revision = revision + 1, updated_at = ?
     WHERE id = ? RETURNING revision`,
  );
  const writeMigration = db.prepare<[string, number, string, string]>(
    `UPDATE drafts SET answers_json = ?, form_version = ?, migration_json = ?, revision = revision + 1 WHERE id = ?`,
  );
  const select = db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE id = ?');
  const selectExpired = db.prepare<[string, number], { id: string }>(
    'SELECT id FROM drafts WHERE updated_at <= ? ORDER BY updated_at LIMIT ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM drafts WHERE id = ?');
  const setLanguage = db.prepare<[Language, string]>('UPDATE drafts SET language = ? WHERE id = ?');
  const setAssistedBy = db.prepare<[string, string]>('UPDATE drafts SET assisted_by = ? WHERE id = ?');
  const selectAssistedBy = db.prepare<[string], { assisted_by: string | null }>('SELECT assisted_by FROM drafts WHERE id = ?');

  function toDraft(row: DraftRow): Draft {
    return {
      id: row.id,
      serviceId: row.service_id,
      variantId: row.variant_id,
      formId: row.form_id,
      formVersion: row.form_version,
      answers: JSON.parse(row.answers_json) as Answers,
      pageId: row.page_id,
      language: row.language,
      revision: row.revision,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      migration: row.migration_json === null ? null : (JSON.parse(row.migration_json) as DraftMigration),
      expiresAt: new Date(Date.parse(row.updated_at) + retentionMs).toISOString(),
    };
  }

  /** Drafts last changed at or before this instant have outlived the operator's retention. */
  const expiryCutoff = (now: Date) => new Date(now.getTime() - retentionMs).toISOString();

  return {
    create(draft: NewDraft): Draft {
      insert.run(draft);
      return this.load(draft.id);
    },
    save(id: string, answers: Answers, pageId: string | null, now: string): SavedDraft {
      const row = update.get(JSON.stringify(answers), pageId, now, id) as { revision: number } | undefined;
      if (!row) throw new KioskError('draft.notFound');
      return { id, revision: row.revision, updatedAt: now };
    },
    /** Inside the caller's transaction: the draft moved to a newer form version (its expiry does not move). */
    saveMigrated(id: string, answers: Answers, migration: DraftMigration): void {
      writeMigration.run(JSON.stringify(answers), migration.toVersion, JSON.stringify(migration), id);
    },
    load(id: string): Draft {
      const row = select.get(id);
      if (!row) throw new KioskError('draft.notFound');
      return toDraft(row);
    },
    isExpired(draft: Draft, now: Date): boolean {
      return Date.parse(draft.expiresAt) <= now.getTime();
    },
    /** Ids of drafts past their expiry, oldest first, at most `limit`. */
    expiredIds(now: Date, limit: number): string[] {
      return selectExpired.all(expiryCutoff(now), limit).map((row) => row.id);
    },
    delete(id: string): boolean {
      return remove.run(id).changes > 0;
    },
    setLanguage(id: string, language: Language): void {
      setLanguage.run(language, id);
    },
    /** A clerk helped fill it (the latest one to help is kept); its application will say so. */
    markAssisted(id: string, clerkId: string): void {
      setAssistedBy.run(clerkId, id);
    },
    assistedBy(id: string): string | null {
      return selectAssistedBy.get(id)?.assisted_by ?? null;
    },
  };
}
export type DraftStore = ReturnType<typeof createDraftStore>;
