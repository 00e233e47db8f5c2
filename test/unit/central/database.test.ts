import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { statusHistory } from '../../../src-central/applications/statuses';
import { MIGRATIONS, applyMigrations, openCentralDatabase, schemaVersion } from '../../../src-central/database';
import { changesAfter, peekFeedSeq } from '../../../src-central/feed/changes';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'central-db-'));
  dirs.push(dir);
  return join(dir, 'nested', 'central.sqlite');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database brought up to `version` only, opened as the service opens it. */
function openAtVersion(path: string, version: number): Database.Database {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  applyMigrations(db, MIGRATIONS.filter((m) => m.version <= version));
  return db;
}

function tableNames(db: ReturnType<typeof openCentralDatabase>): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/** The highest migration number: numbers may leave a gap that a parallel branch fills. */
const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

describe('central database', () => {
  it('creates every table on an empty file, in WAL mode, and records the migration', () => {
    const db = openCentralDatabase(tempDbPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(LATEST);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining([
        'application_conflicts',
        'application_status_moves',
        'applications',
        'enrollment_codes',
        'kiosks',
        'registration_sequences',
        'request_nonces',
        'schema_migrations',
      ]),
    );
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").all()).toEqual([{ name: 'application_status_steps' }]);
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    db.close();
  });

  it('re-opens an existing database without re-applying migrations or losing rows', () => {
    const path = tempDbPath();
    const first = openCentralDatabase(path);
    first.prepare('INSERT INTO registration_sequences (year, last_number) VALUES (2026, 41)').run();
    first.close();

    const again = openCentralDatabase(path);
    expect(schemaVersion(again)).toBe(LATEST);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    expect(again.prepare('SELECT last_number FROM registration_sequences').get()).toEqual({ last_number: 41 });
    again.close();
  });

  it('gives applications stored before statuses (004) their received step and its feed item, for the kiosk that sent each', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'central-db-')), 'central.sqlite');
    dirs.push(join(path, '..'));
    const old = new Database(path);
    applyMigrations(old, MIGRATIONS.filter((m) => m.version < 4));
    const kiosk = (id: string) =>
      old.prepare("INSERT INTO kiosks (id, office_name, terminal_name, public_key, enrolled_at) VALUES (?, 'o', 't', 'k', 't')").run(id);
    const application = (id: string, number: string, kioskId: string, receivedAt: string) =>
      old
        .prepare(
          `INSERT INTO applications (id, registration_number, kiosk_id, content_sha256, service_id, variant_id, form_id,
             form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json)
           VALUES (?, ?, ?, 'x', 's', 'v', 'f', 1, 'c', 'ky', 'K1', ?, ?, '{}')`,
        )
        .run(id, number, kioskId, receivedAt, receivedAt);
    kiosk('kiosk-a');
    kiosk('kiosk-b');
    application('app-2', '2026-000002', 'kiosk-b', '2026-03-02T00:00:00.000Z');
    application('app-1', '2026-000001', 'kiosk-a', '2026-03-01T00:00:00.000Z');
    old.close();

    const db = openAtVersion(path, 6);
    expect(db.prepare('SELECT id, application_id, state, reason_ky, at, actor FROM application_status_steps ORDER BY id').all()).toEqual([
      { id: 1, application_id: 'app-1', state: 'received', reason_ky: null, at: '2026-03-01T00:00:00.000Z', actor: 'system' },
      { id: 2, application_id: 'app-2', state: 'received', reason_ky: null, at: '2026-03-02T00:00:00.000Z', actor: 'system' },
    ]);
    expect(db.prepare("SELECT kind, ref, kiosk_id FROM change_feed WHERE kind = 'status' ORDER BY seq").all()).toEqual([
      { kind: 'status', ref: '1', kiosk_id: 'kiosk-a' },
      { kind: 'status', ref: '2', kiosk_id: 'kiosk-b' },
    ]);
    expect(db.prepare('SELECT lookup_code FROM applications').all()).toEqual([{ lookup_code: null }, { lookup_code: null }]);
    // The pair of reasons is a constraint too: one language alone is refused by the table.
    expect(() =>
      db.prepare("INSERT INTO application_status_steps (application_id, state, reason_ky, at, actor) VALUES ('app-1', 'rejected', 'x', 't', 'cli')").run(),
    ).toThrow(/CHECK constraint failed/);
    // 'received' once per application.
    expect(() =>
      db.prepare("INSERT INTO application_status_steps (application_id, state, at, actor) VALUES ('app-1', 'received', 't', 'system')").run(),
    ).toThrow(/UNIQUE constraint failed/);
    db.close();
  });

  it('moves applications to a rowid table (006), keeping every row, its children and their references', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'central-db-')), 'central.sqlite');
    dirs.push(join(path, '..'));
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    applyMigrations(old, MIGRATIONS.filter((m) => m.version < 6));
    old.prepare("INSERT INTO kiosks (id, office_name, terminal_name, public_key, enrolled_at) VALUES ('kiosk-a', 'o', 't', 'k', 't')").run();
    old.prepare("INSERT INTO attachments (sha256, size, kiosk_id, received_at) VALUES ('f', 3, 'kiosk-a', 't')").run();
    for (const [id, number, code] of [
      ['app-2', '2026-000002', 'CODE00000002'],
      ['app-1', '2026-000001', null],
    ] as const) {
      old
        .prepare(
          `INSERT INTO applications (id, registration_number, kiosk_id, content_sha256, service_id, variant_id, form_id,
             form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json, lookup_code)
           VALUES (?, ?, 'kiosk-a', 'x', 's', 'v', 'f', 1, 'c', 'ky', 'K1', 't', ?, '{"a":1}', ?)`,
        )
        .run(id, number, `2026-03-0${number.at(-1)}T00:00:00.000Z`, code);
      old.prepare("INSERT INTO application_status_steps (application_id, state, at, actor) VALUES (?, 'received', 't', 'system')").run(id);
    }
    old.prepare("INSERT INTO application_attachments (application_id, sha256) VALUES ('app-1', 'f')").run();
    old.prepare("INSERT INTO application_conflicts (application_id, kiosk_id, content_sha256, envelope_json, received_at) VALUES ('app-2', 'kiosk-a', 'y', '{}', 't')").run();
    const before = old.prepare('SELECT * FROM applications ORDER BY id').all();
    old.close();

    const db = openAtVersion(path, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT * FROM applications ORDER BY id').all()).toEqual(before);
    // A rowid table now, in the order received.
    expect(db.prepare('SELECT id FROM applications ORDER BY rowid').all()).toEqual([{ id: 'app-1' }, { id: 'app-2' }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The children still name their application, and the constraints still hold.
    expect(() => db.prepare("INSERT INTO application_attachments (application_id, sha256) VALUES ('app-9', 'f')").run()).toThrow(/FOREIGN KEY/);
    const insert = db.prepare(
      `INSERT INTO applications (id, registration_number, kiosk_id, content_sha256, service_id, variant_id, form_id,
         form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json, lookup_code)
       VALUES (?, ?, 'kiosk-a', 'x', 's', 'v', 'f', 1, 'c', 'ky', 'K1', 't', 't', '{}', ?) ON CONFLICT (id) DO NOTHING`,
    );
    expect(insert.run('app-1', '2026-000009', null).changes).toBe(0);
    expect(() => insert.run('app-3', '2026-000003', 'CODE00000002')).toThrow(/applications\.lookup_code/);
    expect(() => insert.run('app-4', '2026-000001', null)).toThrow(/applications\.registration_number/);
    db.close();
  });

  it("reads each 'received' step from its application's row (007), as kiosks and operators saw it before", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'central-db-')), 'central.sqlite');
    dirs.push(join(path, '..'));
    const old = openAtVersion(path, 6);
    const at = (minute: number) => `2026-03-10T09:0${minute}:00.000Z`;
    const feedRow = (kind: string, ref: string, kioskId: string | null) =>
      old.prepare('INSERT INTO change_feed (kind, ref, kiosk_id, created_at) VALUES (?, ?, ?, ?)').run(kind, ref, kioskId, at(0));
    const step = (applicationId: string, kioskId: string, state: string, minute: number, reason: string | null = null) => {
      const { lastInsertRowid } = old
        .prepare('INSERT INTO application_status_steps (application_id, state, reason_ky, reason_ru, at, actor) VALUES (?, ?, ?, ?, ?, ?)')
        .run(applicationId, state, reason, reason, at(minute), state === 'received' ? 'system' : 'Айгүл');
      feedRow('status', String(lastInsertRowid), kioskId);
    };
    for (const id of ['kiosk-a', 'kiosk-b']) {
      old.prepare("INSERT INTO kiosks (id, office_name, terminal_name, public_key, enrolled_at) VALUES (?, 'o', 't', 'k', 't')").run(id);
    }
    // As ingestion and the CLI wrote them before: a step and a feed row each, a catalog among them.
    for (const [id, kioskId, minute] of [['app-1', 'kiosk-a', 1], ['app-2', 'kiosk-b', 2], ['app-3', 'kiosk-a', 3]] as const) {
      old
        .prepare(
          `INSERT INTO applications (id, registration_number, kiosk_id, content_sha256, service_id, variant_id, form_id,
             form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json, lookup_code)
           VALUES (?, ?, ?, 'x', 's', 'v', 'f', 1, 'c', 'ky', 'K1', 't', ?, '{}', NULL)`,
        )
        .run(id, `2026-00000${minute}`, kioskId, at(minute));
      step(id, kioskId, 'received', minute);
      if (minute === 2) feedRow('catalog', 'not-stored', null);
    }
    step('app-1', 'kiosk-a', 'inReview', 4);
    step('app-2', 'kiosk-b', 'rejected', 5, 'себеп');
    const historyBefore = (id: string) =>
      old.prepare('SELECT state, reason_ky, reason_ru, at, actor FROM application_status_steps WHERE application_id = ? ORDER BY id').all(id);
    const histories = ['app-1', 'app-2', 'app-3'].map(historyBefore);
    old.close();

    const db = openCentralDatabase(path);
    for (const [i, id] of ['app-1', 'app-2', 'app-3'].entries()) {
      expect(statusHistory(db, id).map((s) => ({ state: s.state, reason_ky: s.reason?.ky ?? null, reason_ru: s.reason?.ru ?? null, at: s.at, actor: s.actor }))).toEqual(histories[i]);
      // The view answers as the table did.
      expect(db.prepare('SELECT state, reason_ky, reason_ru, at, actor FROM application_status_steps WHERE application_id = ? ORDER BY id NULLS FIRST').all(id)).toEqual(histories[i]);
    }
    // Each kiosk reads the same items at the same seqs (the catalog row names no stored version, so it is passed).
    const feed = (kioskId: string) => changesAfter(db, kioskId, 0).changes.map((c) => (c.kind === 'status' ? [c.seq, c.applicationId, c.entry.state] : [c.seq]));
    expect(feed('kiosk-a')).toEqual([[1, 'app-1', 'received'], [4, 'app-3', 'received'], [5, 'app-1', 'inReview']]);
    expect(feed('kiosk-b')).toEqual([[2, 'app-2', 'received'], [6, 'app-2', 'rejected']]);
    expect(changesAfter(db, 'kiosk-a', 0).cursor).toBe(5);
    expect(db.prepare('SELECT COUNT(*) AS n FROM application_status_moves').get()).toEqual({ n: 2 });
    // Nothing moves back to 'received', and a new seq never reuses one a kiosk may have read.
    expect(() =>
      db.prepare("INSERT INTO application_status_moves (application_id, state, at, actor) VALUES ('app-1', 'received', 't', 'cli')").run(),
    ).toThrow(/CHECK constraint failed/);
    expect(peekFeedSeq(db)).toBe(7);
    db.close();
  });

  it('applies only the migrations above user_version, and rolls a failing one back whole', () => {
    const db = openCentralDatabase(tempDbPath());
    const released = LATEST;
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

  it('applies a migration numbered below one already applied, as a merged branch brings it', () => {
    const db = openCentralDatabase(tempDbPath());
    const later = { version: LATEST + 2, name: 'later', sql: 'CREATE TABLE later_one (x INTEGER);' };
    applyMigrations(db, [...MIGRATIONS, later]);
    expect(schemaVersion(db)).toBe(LATEST + 2);
    const between = { version: LATEST + 1, name: 'from_another_branch', sql: 'CREATE TABLE from_another_branch (x INTEGER);' };
    applyMigrations(db, [...MIGRATIONS, between, later]);
    applyMigrations(db, [...MIGRATIONS, between, later]);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['from_another_branch', 'later_one']));
    expect(schemaVersion(db)).toBe(LATEST + 2);
    expect(db.prepare('SELECT version FROM schema_migrations WHERE version > ? ORDER BY version').all(LATEST)).toEqual([
      { version: LATEST + 1 },
      { version: LATEST + 2 },
    ]);
    db.close();
  });
});
