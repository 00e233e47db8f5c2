import type { AuditLog } from '../audit/audit-log';
import type { CatalogStore } from '../catalog/versions';
import type { KioskDatabase } from '../db/database';
import type { CentralClient, Signer } from '../sync/central-client';
import type { ClerkList } from './clerk-list';
import type { IdentityConfirmations } from './identity-confirmations';

export interface ClerkSyncDeps {
  db: KioskDatabase;
  list: ClerkList;
  confirmations: IdentityConfirmations;
  catalogs: Pick<CatalogStore, 'advanceCursor'>;
  audit: AuditLog;
  nowIso: () => string;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
  /** After a new list is committed: a signed-in clerk no longer on it loses the session. */
  listReplaced: () => void;
}

/** What a sync round passes in: the client, the kiosk's signer, and its request wrapper (clock correction, revocation). */
export interface RoundLink {
  client: CentralClient;
  signer: Signer;
  request: <T>(call: () => Promise<T>) => Promise<T>;
}

/**
 * The clerks' part of a sync round: the clerk list when the feed says it
 * changed (or the kiosk has none yet), and the identity checks recorded
 * here, after the applications they are about.
 */
export function createClerkSync(deps: ClerkSyncDeps) {
  const { db, list, confirmations, audit, log } = deps;

  /**
   * Fetches the list and keeps it in one transaction with the feed cursor's
   * move past `feedSeq` (when it came from the feed): a failed commit leaves
   * both, and the change comes again. False when that commit failed.
   */
  async function refreshList(link: RoundLink, feedSeq: number | null): Promise<boolean> {
    const { clerks } = await link.request(() => link.client.clerks(link.signer));
    try {
      db.transaction(() => {
        list.replace(clerks, deps.nowIso());
        if (feedSeq !== null) deps.catalogs.advanceCursor(feedSeq);
        audit.record({ actor: { kind: 'system' }, action: 'clerkList.replaced', details: { clerks: clerks.length } });
      })();
    } catch (error) {
      log('clerks.commitFailed', { seq: feedSeq, error: error instanceof Error ? error.name : 'unknown' });
      return false;
    }
    log('clerks.received', { clerks: clerks.length, seq: feedSeq });
    deps.listReplaced();
    return true;
  }

  return {
    refreshList,

    /** A kiosk enrolled after the last clerks change in the feed has read none: it asks once. */
    async listIfMissing(link: RoundLink): Promise<void> {
      if (!list.received()) await refreshList(link, null);
    },

    /** Sends what is due, a page at a time, until nothing more is taken this round. */
    async sendConfirmations(link: RoundLink): Promise<void> {
      for (;;) {
        const due = confirmations.due();
        if (due.length === 0) return;
        const { results } = await link.request(() => link.client.sendIdentityConfirmations(link.signer, { confirmations: due }));
        const done = confirmations.recordResults(results, deps.nowIso());
        const waiting = results.filter((result) => result.outcome === 'unknownApplication').length;
        // Refused ones (another kiosk's application, a clerk the service never provisioned) are not sent again.
        const refused = results.filter((result) => result.outcome === 'refused').length;
        log('identity.sent', { sent: due.length, done, waiting, refused });
        if (done < due.length) return;
      }
    },
  };
}
export type ClerkSync = ReturnType<typeof createClerkSync>;
