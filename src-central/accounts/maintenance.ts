import type { CatalogHistory } from '../catalog/published';
import { linkNewGuestApplications } from './links';
import { accountsDueForPurge, purgeDeletedAccount, stripPurgedApplications } from './purge';
import { type SessionLimits, removeExpiredSessions } from './sessions';
import type { AccountsContext } from './store';
import { forgetOldFailures } from './throttle';

export interface MaintenanceReport {
  /** Accounts whose month after deletion was over, purged now. */
  purged: number;
  /** Stored applications whose answers were removed (their account was purged). */
  stripped: number;
  /** Guest applications linked to a verified account by their ПИН. */
  linked: number;
  sessionsEnded: number;
  countsForgotten: number;
}

/**
 * What the service does every hour, and `cli.js purge-accounts` at once:
 * purge accounts whose month is over, strip the answers of their
 * applications (also of ones that arrived since), link new guest
 * applications by ПИН, and forget expired sessions and old counts.
 */
export function runAccountMaintenance(
  ctx: AccountsContext,
  deps: { sessions: SessionLimits; catalogs: CatalogHistory | null; attachmentsDir: string | null },
): MaintenanceReport {
  const now = ctx.clock();
  let purged = 0;
  for (const accountId of accountsDueForPurge(ctx.db, now)) if (purgeDeletedAccount(ctx, accountId)) purged += 1;
  const stripped = stripPurgedApplications(ctx, deps.attachmentsDir);
  const linked = deps.catalogs ? linkNewGuestApplications(ctx, deps.catalogs) : 0;
  const sessionsEnded = removeExpiredSessions(ctx.db, deps.sessions, now);
  const countsForgotten = forgetOldFailures(ctx.db, now);
  return { purged, stripped, linked, sessionsEnded, countsForgotten };
}

export const MAINTENANCE_INTERVAL_MS = 3600_000;
