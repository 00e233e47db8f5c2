import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import init from './migrations/001_init.sql?raw';
import catalogVersions from './migrations/002_catalog_versions.sql?raw';
import attachments from './migrations/003_attachments.sql?raw';
import applicationsComplete from './migrations/004_applications_complete.sql?raw';
import syncOffline from './migrations/005_sync_offline.sql?raw';
import narrowApplications from './migrations/006_narrow_applications.sql?raw';
import auditLog from './migrations/007_audit_log.sql?raw';
import clerks from './migrations/008_clerks.sql?raw';
import kioskSettings from './migrations/009_kiosk_settings.sql?raw';

export type KioskDatabase = Database.Database;

/** Numbered migrations; a released one is never edited, only followed by a new one. */
export const MIGRATIONS: readonly string[] = [
  init,
  catalogVersions,
  attachments,
  applicationsComplete,
  syncOffline,
  narrowApplications,
  auditLog,
  clerks,
  kioskSettings,
];

export function openKioskDatabase(dataDir: string): KioskDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'kiosk.sqlite'));
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL survives a crash of the process; a submit raises it to FULL for its own commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted answers are overwritten, not left in free pages: retention must really remove personal data.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

export function migrate(db: KioskDatabase): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return MIGRATIONS.length;
}

/** Pages a reading connection keeps cached (KiB): it reads each row once, so more would only hold memory. */
const READER_CACHE_KIB = 1024;

/**
 * A second, read-only connection to an open kiosk database, for reading
 * much once (the sync reads every envelope in the outbox): with a small
 * page cache of its own, what it reads neither pushes the main
 * connection's pages out nor stays in memory.
 */
export function openReaderConnection(db: KioskDatabase): KioskDatabase {
  const reader = new Database(db.name, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma(`cache_size = -${READER_CACHE_KIB}`);
  return reader;
}

/** Runs a write that must survive a power cut: fsync on this commit. */
export function durably<T>(db: KioskDatabase, write: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(write)();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/**
 * Copies the WAL into the database file and empties it, so that old page
 * images (answers just purged) do not linger in `kiosk.sqlite-wal`. It does
 * not wait for another reader (an inspector's connection): the main thread
 * must not stall, and the next purge or automatic checkpoint finishes it.
 */
export function checkpointWal(db: KioskDatabase): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** Checkpoints taken by the caller, between pieces of its work, instead of inside its commits. */
export interface WalCheckpoints {
  /** Copies what the WAL holds into the database file (PASSIVE: never waits for a reader); at most one at a time, never failing. */
  checkpoint(): Promise<void>;
  /** SQLite checkpoints on its own again. */
  resume(): void;
}

/**
 * For a long run of writes (a sync of thousands of applications): SQLite's
 * automatic checkpoint would run inside whichever commit fills the WAL,
 * adding its copy and two fsyncs to that commit's time on the main thread.
 * Paused, the caller checkpoints after each piece: on another thread's
 * connection when `elsewhere` is given (the copy of a few hundred pages
 * took longer than a frame), else on this one, in a tick of its own. A
 * checkpoint that fails leaves the pages in the WAL for the next.
 */
export function pauseAutoCheckpoint(db: KioskDatabase, elsewhere: ((dbPath: string) => Promise<void>) | null = null): WalCheckpoints {
  const pages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  let resumed = false;
  let running: Promise<void> | null = null;
  return {
    checkpoint() {
      if (running || !db.open) return running ?? Promise.resolve();
      if (!elsewhere) {
        try {
          db.pragma('wal_checkpoint(PASSIVE)');
        } catch {
          // Not copied this time: the WAL keeps the pages, and the next checkpoint (or SQLite's own, once resumed) copies them.
        }
        return Promise.resolve();
      }
      running = elsewhere(db.name)
        .catch(() => {})
        .finally(() => {
          running = null;
        });
      return running;
    },
    resume() {
      if (resumed || !db.open) return;
      resumed = true;
      db.pragma(`wal_autocheckpoint = ${pages}`);
    },
  };
}
