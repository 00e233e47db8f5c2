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
 */
export function removeDraft(deps: DraftRemovalDeps, draftId: string): boolean {
  const result = deps.db.transaction(() => {
    const released = deps.attachments.releaseDraft(draftId);
    return { gone: deps.drafts.delete(draftId), released };
  })();
  deps.attachments.collect(result.released);
  if (deps.session.current().activeDraftId === draftId) deps.session.setActiveDraft(null);
  return result.gone;
}
