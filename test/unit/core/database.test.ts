import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openKioskDatabase } from '../../../src-main/core/db/database';
import { tempDir } from '../../support/catalog-fixture';

describe('kiosk database', () => {
  it('creates every table on an empty database, in WAL mode', () => {
    const db = openKioskDatabase(tempDir('kiosk-db-'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['applications', 'drafts', 'kiosk_identity', 'local_number_sequence', 'outbox', 'session']),
    );
    db.close();
  });

  it('reopens an existing database without re-running migrations and keeps its rows', () => {
    const dir = tempDir('kiosk-db-');
    const first = openKioskDatabase(dir);
    first.prepare("INSERT INTO session (singleton, language) VALUES (1, 'ru')").run();
    first.close();

    const again = openKioskDatabase(dir);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT language FROM session').pluck().get()).toBe('ru');
    expect(migrate(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('brings a database made by an older release up to date', () => {
    const dir = tempDir('kiosk-db-');
    const old = new Database(join(dir, 'kiosk.sqlite'));
    old.exec(MIGRATIONS[0] as string);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO session (singleton, language) VALUES (1, 'ky')").run();
    old.close();

    const db = openKioskDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT count(*) FROM session').pluck().get()).toBe(1);
    db.close();
  });
});
