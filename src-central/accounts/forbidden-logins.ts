import { loginKey } from '../../src-shared/accounts/rules';
import { type CentralDatabase, prepared } from '../database';

/**
 * Logins nobody may register (agreement 2.5: the service may forbid some):
 * a pattern is a login, or a prefix ending in `*` (`admin*` forbids admin,
 * admin1, administrator). Compared in lower case, as logins are unique.
 * The operator keeps the list with the admin CLI; migration 008 starts it
 * with names that would pass for the service's own staff.
 */
const PATTERN = /^[a-z][a-z0-9._-]{0,63}\*?$/;

export function normalizeLoginPattern(text: string): string | null {
  const pattern = text.trim().toLowerCase();
  return PATTERN.test(pattern) ? pattern : null;
}

export function listForbiddenLogins(db: CentralDatabase): Array<{ pattern: string; addedAt: string; addedBy: string }> {
  return prepared<{ pattern: string; addedAt: string; addedBy: string }>(
    db,
    'SELECT pattern, added_at AS addedAt, added_by AS addedBy FROM forbidden_logins ORDER BY pattern',
  ).all();
}

export function forbidLogin(db: CentralDatabase, pattern: string, by: string, now: Date): boolean {
  return (
    prepared(db, 'INSERT INTO forbidden_logins (pattern, added_at, added_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(
      pattern,
      now.toISOString(),
      by,
    ).changes === 1
  );
}

export function allowLogin(db: CentralDatabase, pattern: string): boolean {
  return prepared(db, 'DELETE FROM forbidden_logins WHERE pattern = ?').run(pattern).changes === 1;
}

export function isForbiddenLogin(db: CentralDatabase, login: string): boolean {
  const key = loginKey(login);
  return listForbiddenLogins(db).some(({ pattern }) => (pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern));
}
