import type { StatusEntry, ApplicationState } from '../../../src-shared/applications/status';
import type { Localized } from '../../../src-shared/language';
import type { StatusChange } from '../../../src-shared/sync/wire';
import type { KioskDatabase } from '../db/database';

interface StepRow {
  at: string;
  state: ApplicationState;
  reason_json: string | null;
}

/**
 * What the central service told this kiosk of its applications' progress,
 * through the change feed: each step kept, so "check status" can still say
 * what was last known while the service is out of reach.
 */
export function createStatusStore(db: KioskDatabase) {
  const known = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM applications WHERE id = ?');
  const insertStep = db.prepare(
    `INSERT INTO status_history (application_id, feed_seq, at, state, reason_json)
     VALUES (@applicationId, @seq, @at, @state, @reasonJson) ON CONFLICT DO NOTHING`,
  );
  const steps = db.prepare<[string], StepRow>(
    'SELECT at, state, reason_json FROM status_history WHERE application_id = ? ORDER BY feed_seq',
  );
  const readPull = db.prepare<[], { complete_at: string }>('SELECT complete_at FROM feed_pulls WHERE singleton = 1');
  const writePull = db.prepare<[string]>(
    'INSERT INTO feed_pulls (singleton, complete_at) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET complete_at = excluded.complete_at',
  );

  return {
    /**
     * A run of feed steps and the cursor past the last, in one transaction
     * (a kiosk back after days reads thousands). Returns the applications of
     * this kiosk that got a step; the others' items are passed.
     */
    applySteps(changes: StatusChange[], advanceCursor: (seq: number) => void): string[] {
      return db.transaction(() => {
        const ours = new Set<string>();
        for (const change of changes) {
          if (known.get(change.applicationId) === undefined) continue;
          insertStep.run({
            applicationId: change.applicationId,
            seq: change.seq,
            at: change.entry.at,
            state: change.entry.state,
            reasonJson: change.entry.reason === null ? null : JSON.stringify(change.entry.reason),
          });
          ours.add(change.applicationId);
        }
        const last = changes[changes.length - 1];
        if (last) advanceCursor(last.seq);
        return [...ours];
      })();
    },

    /** Oldest first. */
    history(applicationId: string): StatusEntry[] {
      return steps.all(applicationId).map((row) => ({
        state: row.state,
        at: row.at,
        reason: row.reason_json === null ? null : (JSON.parse(row.reason_json) as Localized),
      }));
    },

    /** When the feed was last read to its end, or null if never. */
    lastCompletePull(): string | null {
      return readPull.get()?.complete_at ?? null;
    },

    markPulledToEnd(now: string): void {
      writePull.run(now);
    },
  };
}
export type StatusStore = ReturnType<typeof createStatusStore>;
