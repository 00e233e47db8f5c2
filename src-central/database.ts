import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import init from './migrations/001_init.sql?raw';
import catalogVersions from './migrations/002_catalog_versions.sql?raw';
import attachments from './migrations/003_attachments.sql?raw';
import statuses from './migrations/004_statuses.sql?raw';
import serviceKey from './migrations/005_service_key.sql?raw';
import applicationsByRowid from './migrations/006_applications_by_rowid.sql?raw';
import receivedFromApplications from './migrations/007_received_from_applications.sql?raw';
import accounts from './migrations/008_accounts.sql?raw';
import clerksAudit from './migrations/009_clerks_audit.sql?raw';

export type CentralDatabase = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table that others reference: run with foreign keys off (as
   * SQLite's procedure for changing a table asks), every reference checked
   * with `foreign_key_check` before the commit.
   */
  rebuildsReferencedTable?: boolean;
}

/** In order; a new file gets the next number and is never edited after release. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001_init', sql: init },
  { version: 2, name: '002_catalog_versions', sql: catalogVersions },
  { version: 3, name: '003_attachments', sql: attachments },
  { version: 4, name: '004_statuses', sql: statuses },
  { version: 5, name: '005_service_key', sql: serviceKey },
  { version: 6, name: '006_applications_by_rowid', sql: applicationsByRowid, rebuildsReferencedTable: true },
  { version: 7, name: '007_received_from_applications', sql: receivedFromApplications },
  // Each is applied by whether it is recorded, not by the highest number (008 was made before 007 landed).
  { version: 8, name: '008_accounts', sql: accounts },
  { version: 9, name: '009_clerks_audit', sql: clerksAudit },
];

/** Where the server and the admin CLI find the same database inside a data directory. */
export function centralDbPath(dataDir: string): string {
  return join(dataDir, 'central.sqlite');
}

/**
 * Opens (creating if needed) the central database and brings its schema up
 * to date. WAL lets the admin CLI work on the file while the server runs.
 */
export function openCentralDatabase(dbPath: string): CentralDatabase {
  mkdirSync(dirname(dbPath), { recursive: true });
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  // An accepted application is a promise to the kiosk, which then stops resending it.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The server and the CLI share the file; wait for the other's write instead of failing.
  db.pragma('busy_timeout = 5000');
  /*
   * Pages kept in memory, up to 64 MiB (SQLite's default is 2 MiB). A group
   * of batches dirties a few thousand pages before its commit, and the UUID
   * and lookup-code indexes are written at random places: with the default,
   * SQLite spilled dirty pages to the log before the commit and read index
   * pages back again and again.
   */
  db.pragma('cache_size = -65536');
  /*
   * Savepoints (one per batch, one per item inside it) keep the pages they
   * change in a sub-journal so they can roll back alone. In memory, not in a
   * temp file: on disk it was some twenty writes of a page for every
   * application stored, for a journal that is thrown away at the commit.
   */
  db.pragma('temp_store = MEMORY');
  applyMigrations(db, MIGRATIONS);
  return db;
}

export function schemaVersion(db: CentralDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function isApplied(db: CentralDatabase, version: number): boolean {
  return prepared(db, 'SELECT 1 FROM schema_migrations WHERE version = ?').get(version) !== undefined;
}

/**
 * Applies each pending migration in its own transaction, recorded in
 * schema_migrations; user_version is the highest applied. A migration is
 * pending when schema_migrations does not name it, so one numbered below
 * another that was written on a parallel branch still runs after the merge.
 */
export function applyMigrations(db: CentralDatabase, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  for (const migration of migrations) {
    if (isApplied(db, migration.version)) continue;
    // Only outside a transaction does this pragma take effect.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsReferencedTable) db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE: two processes opening a fresh file at once must not both apply it.
      db.transaction(() => {
        if (isApplied(db, migration.version)) return;
        db.exec(migration.sql);
        if (migration.rebuildsReferencedTable && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`migration ${migration.name} leaves a broken reference`);
        }
        prepared(db, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
        db.pragma(`user_version = ${Math.trunc(Math.max(schemaVersion(db), migration.version))}`);
      }).immediate();
    } finally {
      if (migration.rebuildsReferencedTable) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}

const statementCache = new WeakMap<CentralDatabase, Map<string, Database.Statement>>();

/** A prepared statement, made once per connection, so queries can stay next to the code that owns their table. */
export function prepared<Row = unknown>(db: CentralDatabase, sql: string): Database.Statement<unknown[], Row> {
  let statements = statementCache.get(db);
  if (!statements) {
    statements = new Map();
    statementCache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement as unknown as Database.Statement<unknown[], Row>;
}
