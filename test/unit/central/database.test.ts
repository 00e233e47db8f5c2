import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, applyMigrations, openCentralDatabase, schemaVersion } from '../../../src-central/database';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'central-db-'));
  dirs.push(dir);
  return join(dir, 'nested', 'central.sqlite');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tableNames(db: ReturnType<typeof openCentralDatabase>): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('central database', () => {
  it('creates every table on an empty file, in WAL mode, and records the migration', () => {
    const db = openCentralDatabase(tempDbPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining([
        'application_conflicts',
        'applications',
        'enrollment_codes',
        'kiosks',
        'registration_sequences',
        'request_nonces',
        'schema_migrations',
      ]),
    );
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    db.close();
  });

  it('re-opens an existing database without re-applying migrations or losing rows', () => {
    const path = tempDbPath();
    const first = openCentralDatabase(path);
    first.prepare('INSERT INTO registration_sequences (year, last_number) VALUES (2026, 41)').run();
    first.close();

    const again = openCentralDatabase(path);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    expect(again.prepare('SELECT last_number FROM registration_sequences').get()).toEqual({ last_number: 41 });
    again.close();
  });

  it('applies only the migrations above user_version, and rolls a failing one back whole', () => {
    const db = openCentralDatabase(tempDbPath());
    const released = MIGRATIONS.length;
    const broken = { version: released + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO nowhere VALUES (1);' };
    expect(() => applyMigrations(db, [...MIGRATIONS, broken])).toThrow();
    expect(schemaVersion(db)).toBe(released);
    expect(tableNames(db)).not.toContain('half_done');

    const next = { version: released + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER);' };
    applyMigrations(db, [...MIGRATIONS, next]);
    applyMigrations(db, [...MIGRATIONS, next]);
    expect(schemaVersion(db)).toBe(released + 1);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      [...MIGRATIONS, next].map(({ version }) => ({ version })),
    );
    db.close();
  });
});
