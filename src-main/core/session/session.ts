import type { Session } from '../../../src-shared/contract';
import type { Language } from '../../../src-shared/language';
import type { KioskDatabase } from '../db/database';

interface SessionRow {
  language: Language;
  active_draft_id: string | null;
}

/**
 * The one person at the kiosk: their language and the draft they are
 * filling. `defaultLanguage` is the kiosk's setting as it stands now.
 */
export function createSessionStore(db: KioskDatabase, defaultLanguage: () => Language) {
  db.prepare('INSERT OR IGNORE INTO session (singleton, language, active_draft_id) VALUES (1, ?, NULL)').run(defaultLanguage());
  const read = db.prepare<[], SessionRow>('SELECT language, active_draft_id FROM session WHERE singleton = 1');
  const writeLanguage = db.prepare<[Language]>('UPDATE session SET language = ? WHERE singleton = 1');
  const writeDraft = db.prepare<[string | null]>('UPDATE session SET active_draft_id = ? WHERE singleton = 1');
  const reset = db.prepare<[Language]>('UPDATE session SET language = ?, active_draft_id = NULL WHERE singleton = 1');

  return {
    current(): Session {
      const row = read.get() as SessionRow;
      return { language: row.language, activeDraftId: row.active_draft_id };
    },
    setLanguage(language: Language): void {
      writeLanguage.run(language);
    },
    setActiveDraft(draftId: string | null): void {
      writeDraft.run(draftId);
    },
    /** Exit or idle timeout: the next person starts in the default language with nothing open. */
    end(): void {
      reset.run(defaultLanguage());
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
