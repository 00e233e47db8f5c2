import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openKioskDatabase } from '../../../src-main/core/db/database';
import { createCore } from '../../../src-main/core/index';
import { PLAIN_ALPHABET } from '../../../src-shared/codes';
import { tempDir, validAnswers, writeFixtureCatalog } from '../../support/catalog-fixture';

describe('kiosk database', () => {
  it('creates every table on an empty database, in WAL mode', () => {
    const db = openKioskDatabase(tempDir('kiosk-db-'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'applications',
        'drafts',
        'feed_pulls',
        'kiosk_identity',
        'local_number_sequence',
        'outbox',
        'resume_failures',
        'resume_lock',
        'session',
        'status_history',
      ]),
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

  it('moves the answers and envelopes of a database made before them into rows of their own, and none of a purged application', () => {
    const dir = tempDir('kiosk-db-');
    const old = new Database(join(dir, 'kiosk.sqlite'));
    for (const migration of MIGRATIONS.slice(0, 5)) old.exec(migration);
    old.pragma('user_version = 5');
    const insert = old.prepare(
      `INSERT INTO applications (id, local_number, lookup_code, service_id, variant_id, form_id, form_version, catalog_version, language,
         answers_json, price_json, term_json, submitted_at, delivery, purged_at)
       VALUES (?, ?, ?, 'id-card', 'normal', 'id-card', 1, 'fixture-1', 'ky', ?, '{"amount":510,"example":false}',
         '{"value":12,"unit":"workingDays","example":false}', '2026-11-20T08:00:00.000Z', ?, ?)`,
    );
    const waiting = '5f0c3c1e-8a51-4d7e-9b1a-2f6f0b2c7a01';
    const accepted = '5f0c3c1e-8a51-4d7e-9b1a-2f6f0b2c7a02';
    const purged = '5f0c3c1e-8a51-4d7e-9b1a-2f6f0b2c7a03';
    insert.run(waiting, 'ABCD-000001', 'ACDEFGHJKMNP', JSON.stringify(validAnswers), 'waiting', null);
    insert.run(accepted, 'ABCD-000002', 'ACDEFGHJKMNQ', JSON.stringify(validAnswers), 'accepted', null);
    insert.run(purged, 'ABCD-000003', 'ACDEFGHJKMNR', '{}', 'accepted', '2026-11-29T08:00:00.000Z');
    old.prepare("INSERT INTO outbox (application_id, enqueued_at, next_attempt_at, envelope_json) VALUES (?, '2026-11-20T08:00:00.000Z', '2026-11-20T08:00:00.000Z', ?)").run(waiting, '{"envelope":1}');
    old.close();

    const db = openKioskDatabase(dir);
    expect(db.prepare('SELECT application_id AS id, envelope_json AS envelope, answers_json AS answers FROM application_content ORDER BY application_id').all()).toEqual([
      { id: waiting, envelope: '{"envelope":1}', answers: JSON.stringify(validAnswers) },
      { id: accepted, envelope: null, answers: JSON.stringify(validAnswers) },
    ]);
    const columns = (table: string) => db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();
    expect(columns('applications')).not.toContain('answers_json');
    expect(columns('outbox')).not.toContain('envelope_json');
    expect(db.prepare('SELECT application_id FROM outbox').pluck().all()).toEqual([waiting]);
    db.close();
  });

  it('gives applications stored before lookup codes existed a code of their own, so they can still be sent and looked up', async () => {
    const dir = tempDir('kiosk-db-');
    const old = new Database(join(dir, 'kiosk.sqlite'));
    for (const migration of MIGRATIONS.slice(0, 3)) old.exec(migration);
    old.pragma('user_version = 3');
    const insert = old.prepare(
      `INSERT INTO applications (id, local_number, service_id, variant_id, form_id, form_version, catalog_version, language,
         answers_json, price_json, term_json, submitted_at)
       VALUES (?, ?, 'id-card', 'normal', 'id-card', 1, 'fixture-1', 'ky', ?, '{"amount":510,"example":false}',
         '{"value":12,"unit":"workingDays","example":false}', '2026-11-20T08:00:00.000Z')`,
    );
    const ids = ['5f0c3c1e-8a51-4d7e-9b1a-2f6f0b2c7a01', '5f0c3c1e-8a51-4d7e-9b1a-2f6f0b2c7a02'];
    ids.forEach((id, index) => insert.run(id, `ABCD-00000${index + 1}`, JSON.stringify(validAnswers)));
    old.close();

    const core = createCore({ dataDir: dir, catalogSnapshotPath: writeFixtureCatalog(), centralUrl: null });
    try {
      const codes = await Promise.all(ids.map(async (applicationId) => (await core.getReceipt({ applicationId })).lookupCode));
      for (const code of codes) expect(code).toMatch(new RegExp(`^[${PLAIN_ALPHABET}]{12}$`));
      expect(new Set(codes).size).toBe(2);
      expect(await core.checkStatus({ lookupCode: codes[0] ?? '' })).toMatchObject({ state: 'notSent', lookupCode: codes[0] });
    } finally {
      await core.close();
    }
  });
});
