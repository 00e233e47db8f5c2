import { type CentralDatabase, prepared } from '../database';

/**
 * Wrong passwords slow a guesser down, per login and per kiosk. The login
 * is counted whether or not an account has it, so a lock tells nothing of
 * who is registered. A success clears the login's count, never the
 * kiosk's: a guesser cannot wipe the kiosk's count by logging into an
 * account of their own.
 */

type Scope = 'login' | 'kiosk';

/**
 * Seconds locked after the n-th wrong password in a row for one login
 * (index n, the last for every n beyond): two free tries for a typo, then
 * 5 s, 15 s, 30 s, 1, 2, 5 and 15 minutes, and from the tenth an hour.
 */
export const LOGIN_LOCK_SECONDS = [0, 0, 0, 5, 15, 30, 60, 120, 300, 900, 3600] as const;
/** A login's count is forgotten a day after its last wrong password. */
export const LOGIN_FORGET_HOURS = 24;

/**
 * At one kiosk, over every login: 19 free (a busy hall has many typos), then
 * 1, 2, 5 and 15 minutes, and from the 24th an hour.
 */
export const KIOSK_FREE_FAILURES = 19;
export const KIOSK_LOCK_SECONDS = [60, 120, 300, 900, 3600] as const;
/** A kiosk's count is forgotten an hour after its last wrong password. */
export const KIOSK_FORGET_HOURS = 1;

function lockSeconds(scope: Scope, failures: number): number {
  if (scope === 'login') return LOGIN_LOCK_SECONDS[Math.min(failures, LOGIN_LOCK_SECONDS.length - 1)] ?? 0;
  if (failures <= KIOSK_FREE_FAILURES) return 0;
  return KIOSK_LOCK_SECONDS[Math.min(failures - KIOSK_FREE_FAILURES - 1, KIOSK_LOCK_SECONDS.length - 1)] ?? 0;
}

function forgetMs(scope: Scope): number {
  return (scope === 'login' ? LOGIN_FORGET_HOURS : KIOSK_FORGET_HOURS) * 3600_000;
}

interface ThrottleRow {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

function rowOf(db: CentralDatabase, scope: Scope, key: string): ThrottleRow | undefined {
  return prepared<ThrottleRow>(
    db,
    'SELECT failures, last_failure_at AS lastFailureAt, locked_until AS lockedUntil FROM login_throttle WHERE scope = ? AND key = ?',
  ).get(scope, key);
}

function secondsLeft(row: ThrottleRow | undefined, now: Date): number {
  if (!row?.lockedUntil) return 0;
  const left = Date.parse(row.lockedUntil) - now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

/** Seconds until this login may be tried again at this kiosk; 0 when it may be now. */
export function lockedFor(db: CentralDatabase, which: { loginKey: string; kioskId: string }, now: Date): number {
  return Math.max(secondsLeft(rowOf(db, 'login', which.loginKey), now), secondsLeft(rowOf(db, 'kiosk', which.kioskId), now));
}

function countFailure(db: CentralDatabase, scope: Scope, key: string, now: Date): void {
  const row = rowOf(db, scope, key);
  const fresh = row && now.getTime() - Date.parse(row.lastFailureAt) < forgetMs(scope);
  const failures = (fresh ? row.failures : 0) + 1;
  const seconds = lockSeconds(scope, failures);
  const lockedUntil = seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : null;
  prepared(
    db,
    `INSERT INTO login_throttle (scope, key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
       locked_until = excluded.locked_until`,
  ).run(scope, key, failures, now.toISOString(), lockedUntil);
}

/** A wrong password (or an unknown login) for this login at this kiosk. */
export function countWrongPassword(db: CentralDatabase, which: { loginKey: string; kioskId: string }, now: Date): void {
  db.transaction(() => {
    countFailure(db, 'login', which.loginKey, now);
    countFailure(db, 'kiosk', which.kioskId, now);
  }).immediate();
}

/** The right password: the login starts afresh. */
export function clearLoginFailures(db: CentralDatabase, loginKey: string): void {
  prepared(db, "DELETE FROM login_throttle WHERE scope = 'login' AND key = ?").run(loginKey);
}

/** Counts nobody needs any more: forgotten and not locked. */
export function forgetOldFailures(db: CentralDatabase, now: Date): number {
  const login = new Date(now.getTime() - forgetMs('login')).toISOString();
  const kiosk = new Date(now.getTime() - forgetMs('kiosk')).toISOString();
  return prepared(
    db,
    `DELETE FROM login_throttle WHERE (locked_until IS NULL OR locked_until <= ?)
       AND ((scope = 'login' AND last_failure_at < ?) OR (scope = 'kiosk' AND last_failure_at < ?))`,
  ).run(now.toISOString(), login, kiosk).changes;
}
