import type { AttachmentStore } from '../attachments/store';
import type { KioskDatabase } from '../db/database';
import type { SessionStore } from '../session/session';
import type { DraftStore } from './drafts';

export interface DraftRemovalDeps {
  db: KioskDatabase;
  drafts: Pick<DraftStore, 'delete'>;
  attachments: Pick<AttachmentStore, 'releaseDraft' | 'collect'>;
  session: Pick<SessionStore, 'current' | 'setActiveDraft'>;
}

/**
 * Deletes a draft for good (by the citizen, or at its expiry): the row with
 * its resume code, its file references, and the files nothing else holds.
 * `recordGone` runs in the same transaction when the draft was there (the audit entry).
 */
export function removeDraft(deps: DraftRemovalDeps, draftId: string, recordGone?: () => void): boolean {
  const result = deps.db.transaction(() => {
    const released = deps.attachments.releaseDraft(draftId);
    const gone = deps.drafts.delete(draftId);
    if (gone) recordGone?.();
    return { gone, released };
  })();
  deps.attachments.collect(result.released);
  if (deps.session.current().activeDraftId === draftId) deps.session.setActiveDraft(null);
  return result.gone;
}
