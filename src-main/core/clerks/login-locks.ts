import type { KioskDatabase } from '../db/database';

/** Wrong PINs in a row that lock a clerk id. */
export const FAILURES_TO_LOCK = 5;
/** The first lock of an id; each next one (without a success between) lasts twice as long. */
export const FIRST_LOCK_MS = 15 * 60_000;
export const LONGEST_LOCK_MS = 24 * 60 * 60_000;
/** The kiosk-wide throttle: this many failures within the window, whatever ids were typed, stop every login for a while. */
export const KIOSK_FAILURES_TO_THROTTLE = 20;
export const KIOSK_WINDOW_MS = 15 * 60_000;

interface LockRow {
  failures: number;
  locks: number;
  locked_until: string | null;
}

export function clerkLockDurationMs(lockNumber: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, lockNumber - 1), LONGEST_LOCK_MS);
}

/**
 * Failed clerk logins, kept in the database so that a restart resets no
 * lock. An id nobody holds locks like a real one: a guesser learns nothing
 * of which ids exist.
 */
export function createLoginLocks(db: KioskDatabase) {
  const read = db.prepare<[string], LockRow>('SELECT failures, locks, locked_until FROM clerk_login_locks WHERE clerk_id = ?');
  const write = db.prepare<[string, number, number, string | null]>(
    `INSERT INTO clerk_login_locks (clerk_id, failures, locks, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (clerk_id) DO UPDATE SET failures = excluded.failures, locks = excluded.locks, locked_until = excluded.locked_until`,
  );
  const clear = db.prepare<[string]>('DELETE FROM clerk_login_locks WHERE clerk_id = ?');
  const insertFailure = db.prepare<[string]>('INSERT INTO clerk_login_failures (at) VALUES (?)');
  const forgetBefore = db.prepare<[string]>('DELETE FROM clerk_login_failures WHERE at <= ?');
  const recent = db.prepare<[string], { n: number; oldest: string | null }>(
    'SELECT count(*) AS n, min(at) AS oldest FROM clerk_login_failures WHERE at > ?',
  );

  const windowStart = (now: Date) => new Date(now.getTime() - KIOSK_WINDOW_MS).toISOString();

  return {
    /** Milliseconds until logins are taken again at this kiosk (the throttle) or for this id (its lock); 0: go ahead. */
    remainingMs(clerkId: string | null, now: Date): number {
      const kiosk = recent.get(windowStart(now)) as { n: number; oldest: string | null };
      const throttled =
        kiosk.n >= KIOSK_FAILURES_TO_THROTTLE && kiosk.oldest !== null ? Date.parse(kiosk.oldest) + KIOSK_WINDOW_MS - now.getTime() : 0;
      const until = clerkId === null ? null : (read.get(clerkId)?.locked_until ?? null);
      const locked = until === null ? 0 : Date.parse(until) - now.getTime();
      return Math.max(0, throttled, locked);
    },
    /**
     * Inside the caller's transaction: one wrong PIN (for `clerkId` when the
     * typed id was well-formed). Answers the lock's length when this failure
     * started one.
     */
    recordFailure(clerkId: string | null, now: Date): number | null {
      forgetBefore.run(windowStart(now));
      insertFailure.run(now.toISOString());
      if (clerkId === null) return null;
      const row = read.get(clerkId) ?? { failures: 0, locks: 0, locked_until: null };
      const failures = row.failures + 1;
      if (failures < FAILURES_TO_LOCK) {
        write.run(clerkId, failures, row.locks, row.locked_until);
        return null;
      }
      // The failures are spent on this lock: after it, five more make the next, twice as long.
      const locks = row.locks + 1;
      const durationMs = clerkLockDurationMs(locks);
      write.run(clerkId, 0, locks, new Date(now.getTime() + durationMs).toISOString());
      return durationMs;
    },
    /** Inside the caller's transaction: the right PIN forgets the id's failures and locks. */
    recordSuccess(clerkId: string): void {
      clear.run(clerkId);
    },
  };
}
export type LoginLocks = ReturnType<typeof createLoginLocks>;
