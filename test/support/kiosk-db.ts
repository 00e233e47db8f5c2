import Database from 'better-sqlite3';
import { join } from 'node:path';

function readKioskDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The ids of the drafts a kiosk's SQLite file holds, read from the file itself. */
export function storedDraftIds(dataDir: string): string[] {
  return readKioskDb(dataDir, (db) => db.prepare('SELECT id FROM drafts ORDER BY created_at, rowid').pluck().all() as string[]);
}

/** Every row of every table in the kiosk's SQLite file, to compare before and after a call that must change nothing. */
export function storedRows(dataDir: string): Record<string, unknown[]> {
  return readKioskDb(dataDir, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all()]));
  });
}
