import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplicationStore } from '../applications/applications';
import type { AuditLog } from '../audit/audit-log';
import type { AttachmentStore } from '../attachments/store';
import { checkpointWal, type KioskDatabase } from '../db/database';
import { DAY_MS, type DraftStore } from '../drafts/drafts';
import { removeDraft } from '../drafts/removal';
import type { SessionStore } from '../session/session';
import { printoutSavedAt } from '../printing/printouts';

export interface RetentionOptions {
  db: KioskDatabase;
  drafts: DraftStore;
  applications: ApplicationStore;
  attachments: AttachmentStore;
  session: SessionStore;
  clock: () => Date;
  /** Days after the central service accepted an application that its personal data stays here (the setting as it stands now). */
  applicationRetentionDays: () => number;
  /** Where printouts wait for a clerk when there is no printer; they go after the same number of days. */
  printoutsDir: string;
  /** Each purge that removed something is kept there, with its counts. */
  audit: AuditLog;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

export interface PurgeCounts {
  draftsDeleted: number;
  applicationsPurged: number;
  printoutsDeleted: number;
}

export const PURGE_INTERVAL_MS = 60 * 60_000;
/** Items per step of the background purge: each step is short, so the main thread never waits long. */
const STEP_ITEMS = 20;

/**
 * The operator's retention: expired drafts go for good; accepted
 * applications lose their answers and files after the retention period,
 * keeping what the citizen needs to ask about them (number, lookup code,
 * service, dates, price, term, statuses).
 */
export function createRetention(options: RetentionOptions) {
  const { db, drafts, applications, attachments, clock, log } = options;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  function purgeApplication(id: string, now: string): boolean {
    const released = db.transaction(() => (applications.purgeAnswers(id, now) ? attachments.releaseApplication(id) : null))();
    if (released === null) return false;
    attachments.collect(released);
    return true;
  }

  /**
   * Saved printouts (receipts, resume slips with their codes) older than the
   * retention period: a clerk had that long to hand them over.
   */
  function purgePrintouts(cutoff: Date): number {
    let names: string[];
    try {
      names = readdirSync(options.printoutsDir);
    } catch {
      return 0; // Nothing was ever saved.
    }
    let deleted = 0;
    for (const name of names) {
      const savedAt = printoutSavedAt(name);
      if (savedAt === null || savedAt > cutoff) continue;
      rmSync(join(options.printoutsDir, name), { force: true });
      deleted += 1;
    }
    return deleted;
  }

  /** One short step; `more` when it stopped at its limit. */
  function step(limit: number): Omit<PurgeCounts, 'printoutsDeleted'> & { more: boolean } {
    const now = clock();
    const expired = drafts.expiredIds(now, limit);
    let draftsDeleted = 0;
    for (const id of expired) if (removeDraft({ ...options, attachments }, id)) draftsDeleted += 1;
    const cutoff = new Date(now.getTime() - options.applicationRetentionDays() * DAY_MS).toISOString();
    const due = applications.purgeableIds(cutoff, limit);
    let applicationsPurged = 0;
    for (const id of due) if (purgeApplication(id, now.toISOString())) applicationsPurged += 1;
    return { draftsDeleted, applicationsPurged, more: expired.length === limit || due.length === limit };
  }

  function finish(counts: PurgeCounts): PurgeCounts {
    counts.printoutsDeleted = purgePrintouts(new Date(clock().getTime() - options.applicationRetentionDays() * DAY_MS));
    if (counts.draftsDeleted + counts.applicationsPurged + counts.printoutsDeleted === 0) return counts;
    options.audit.record({ actor: { kind: 'system' }, action: 'retention.purged', details: { ...counts } });
    // The old page images of what was removed must not stay behind in the WAL.
    if (counts.draftsDeleted + counts.applicationsPurged > 0) checkpointWal(db);
    log('retention.purged', { ...counts });
    return counts;
  }

  function purgeNow(): PurgeCounts {
    const total: PurgeCounts = { draftsDeleted: 0, applicationsPurged: 0, printoutsDeleted: 0 };
    for (;;) {
      const counts = step(100);
      total.draftsDeleted += counts.draftsDeleted;
      total.applicationsPurged += counts.applicationsPurged;
      if (!counts.more) return finish(total);
    }
  }

  /** The background purge: short steps with the event loop free in between. */
  async function purgeInSteps(): Promise<void> {
    const total: PurgeCounts = { draftsDeleted: 0, applicationsPurged: 0, printoutsDeleted: 0 };
    for (;;) {
      if (stopped) break;
      const counts = step(STEP_ITEMS);
      total.draftsDeleted += counts.draftsDeleted;
      total.applicationsPurged += counts.applicationsPurged;
      if (!counts.more) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    finish(total);
  }

  function runInBackground(): void {
    if (running || stopped) return;
    running = purgeInSteps()
      .catch((error: unknown) => log('retention.failed', { error: error instanceof Error ? error.name : 'unknown' }))
      .finally(() => {
        running = null;
      });
  }

  return {
    purgeNow,
    /** After an admin shortened the retention: a background purge now rather than within the hour. */
    purgeSoon: runInBackground,
    /** At core start, then every hour. */
    start(): void {
      runInBackground();
      timer = setInterval(runInBackground, PURGE_INTERVAL_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
export type Retention = ReturnType<typeof createRetention>;

export const DEFAULT_DRAFT_RETENTION_DAYS = 30;
export const DEFAULT_APPLICATION_RETENTION_DAYS = 7;
const MAX_RETENTION_DAYS = 3650;

/**
 * An operator's retention setting in whole days, at least `min`. A bad value
 * (a typo in a flag) falls back to the default and is logged by name, so the
 * kiosk neither stops nor keeps or drops data unexpectedly.
 */
export function retentionDays(
  value: number | undefined,
  fallback: number,
  min: number,
  name: string,
  log: RetentionOptions['log'],
): number {
  if (value === undefined) return fallback;
  if (Number.isInteger(value) && value >= min && value <= MAX_RETENTION_DAYS) return value;
  log('settings.retentionInvalid', { key: name });
  return fallback;
}
