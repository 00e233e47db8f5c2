import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAuditLog } from './audit-log';

/**
 * `npm run audit:verify -- --data DIR`: checks a kiosk's audit chain from
 * its first entry, on a database opened read-only (the kiosk may be running,
 * or the file may be a copy an inspector took). Exit 0: intact; 1: broken,
 * with the first broken link; 2: no kiosk database there.
 */
const USAGE = `usage: npm run audit:verify -- --data DIR
  DIR: the kiosk's data folder (holding kiosk.sqlite), or the launcher's --data folder (holding kiosk/kiosk.sqlite)\n`;

/** The database in the kiosk's own folder, or under `kiosk/` of the browser launcher's folder. */
function databaseIn(dir: string): string | null {
  return [join(dir, 'kiosk.sqlite'), join(dir, 'kiosk', 'kiosk.sqlite')].find((path) => existsSync(path)) ?? null;
}

function main(argv: string[]): number {
  let dataDir: string | undefined;
  try {
    dataDir = parseArgs({ args: argv, options: { data: { type: 'string' } } }).values.data;
  } catch {
    dataDir = undefined;
  }
  if (!dataDir) {
    process.stderr.write(USAGE);
    return 2;
  }
  const path = databaseIn(resolve(dataDir));
  if (!path) {
    process.stderr.write(`no kiosk database in ${dataDir}\n${USAGE}`);
    return 2;
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit_log', 'audit_sync')").all();
    if (tables.length < 2) {
      process.stderr.write(`no audit log in ${path}: the kiosk has not run a version that keeps one\n`);
      return 2;
    }
    // Nothing is written: the clock of `record` is never asked.
    const check = createAuditLog(db, () => new Date().toISOString()).verify();
    if (check.firstBrokenSeq !== null) {
      process.stdout.write(`broken at seq ${check.firstBrokenSeq}\n`);
      return 1;
    }
    process.stdout.write(`intact: ${check.entries} entries, central holds through ${check.syncedThrough}\n`);
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = main(process.argv.slice(2));
