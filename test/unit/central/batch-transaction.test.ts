import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP_WAIT_MS, createBatchStore, storeBatches } from '../../../src-central/applications/batch';
import { judgeItems } from '../../../src-central/applications/judge';
import { changesAfter } from '../../../src-central/feed/changes';
import { BatchResponse, MAX_BATCH_ITEMS, type ItemResult } from '../../../src-shared/sync/wire';
import { signRequest } from '../../../src-main/core/sync/signer';
import { TestCentral, type TestKiosk, testCatalog, validEnvelope } from './harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

const BATCH = '/v1/applications/batch';

function count(sql: string, ...params: unknown[]): number {
  return (central.db.prepare(sql).get(...params) as { n: number }).n;
}

/** Sends a batch body over real HTTP, signed with a fresh nonce, as a kiosk resending it would. */
async function sendOverHttp(base: string, body: string): Promise<ItemResult[]> {
  const headers = signRequest({
    kioskId: kiosk.id,
    privateKey: kiosk.keys.privateKey,
    method: 'POST',
    path: BATCH,
    body,
    time: central.now(),
    nonce: randomUUID(),
  });
  const response = await fetch(`${base}${BATCH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  expect(response.status).toBe(200);
  return BatchResponse.parse(await response.json()).results;
}

describe('a batch is one transaction with a savepoint per item', () => {
  it('answers a poison item in the middle retry and stores the rest, numbered without a gap', async () => {
    // Fails as the poison item takes its number, after its row is in.
    central.db.exec(`CREATE TRIGGER poison AFTER UPDATE ON registration_sequences
      WHEN (SELECT local_number FROM applications WHERE registration_number = printf('%d-%06d', NEW.year, NEW.last_number)) = 'K1-POISON'
      BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const items = Array.from({ length: 7 }, (_, i) => validEnvelope({ localNumber: i === 3 ? 'K1-POISON' : `K1-00000${i}` }));
    const results = await central.sendBatch(kiosk, items);
    expect(results.map((r) => [r.id, r.outcome, r.registrationNumber ?? r.reason])).toEqual([
      [items[0]!.id, 'accepted', '2026-000001'],
      [items[1]!.id, 'accepted', '2026-000002'],
      [items[2]!.id, 'accepted', '2026-000003'],
      [items[3]!.id, 'retry', 'internal'],
      [items[4]!.id, 'accepted', '2026-000004'],
      [items[5]!.id, 'accepted', '2026-000005'],
      [items[6]!.id, 'accepted', '2026-000006'],
    ]);
    // The poison item's row was inserted before taking its number failed: its savepoint took both back.
    expect(count('SELECT COUNT(*) AS n FROM applications WHERE id = ?', items[3]!.id)).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM application_status_steps')).toBe(6);
    const received = changesAfter(central.db, kiosk.id, 0).changes.filter((c) => c.kind === 'status');
    expect(received.map((c) => c.kind === 'status' && c.applicationId)).toEqual(results.filter((r) => r.outcome === 'accepted').map((r) => r.id));
    expect(central.db.prepare('SELECT last_number FROM registration_sequences').get()).toEqual({ last_number: 6 });

    central.db.exec('DROP TRIGGER poison');
    expect(await central.sendBatch(kiosk, [items[3]!, items[0]!])).toEqual([
      { id: items[3]!.id, outcome: 'accepted', registrationNumber: '2026-000007' },
      { id: items[0]!.id, outcome: 'duplicate', registrationNumber: '2026-000001' },
    ]);
  });

  it('stores a group at once when nothing fails, and again item by item when something does, logging each line once', async () => {
    central.db.exec(`CREATE TRIGGER poison AFTER UPDATE ON registration_sequences
      WHEN (SELECT local_number FROM applications WHERE registration_number = printf('%d-%06d', NEW.year, NEW.last_number)) = 'K1-POISON'
      BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const unknown = validEnvelope({ serviceId: 'no-such-service' });
    const items = [validEnvelope(), unknown, validEnvelope({ localNumber: 'K1-POISON' }), validEnvelope()];
    const results = await central.sendBatch(kiosk, items);
    expect(results.map((r) => r.outcome)).toEqual(['accepted', 'rejected', 'retry', 'accepted']);
    expect(results.map((r) => r.registrationNumber)).toEqual(['2026-000001', undefined, undefined, '2026-000002']);
    // The first pass saw the unknown service too before the poison item sent the group round again: one line all the same.
    expect(central.logs.filter((line) => line.event === 'application.rejected')).toEqual([
      { event: 'application.rejected', fields: expect.objectContaining({ applicationId: unknown.id }) },
    ]);
    expect(central.logs.filter((line) => line.event === 'application.failed')).toHaveLength(1);
    expect(central.logs.filter((line) => line.event === 'batch.stored')).toHaveLength(1);
  });

  it('has committed everything it answers: another connection sees every accepted item', async () => {
    const items = Array.from({ length: 25 }, () => validEnvelope());
    const results = await central.sendBatch(kiosk, items);
    expect(results.every((r) => r.outcome === 'accepted')).toBe(true);
    const other = central.open();
    try {
      const seen = other.db.prepare('SELECT id, registration_number AS registrationNumber FROM applications').all();
      expect(seen).toHaveLength(25);
      expect(seen).toEqual(expect.arrayContaining(results.map((r) => ({ id: r.id, registrationNumber: r.registrationNumber }))));
    } finally {
      await other.close();
    }
  });

  it('answers every item retry and keeps nothing when the transaction itself is lost', async () => {
    // RAISE(ROLLBACK) ends the whole transaction, as a full disk or an I/O error may.
    central.db.exec(`CREATE TRIGGER lose_all BEFORE INSERT ON applications WHEN NEW.local_number = 'K1-LOSE'
      BEGIN SELECT RAISE(ROLLBACK, 'transaction lost'); END`);
    const items = [validEnvelope(), validEnvelope(), validEnvelope({ localNumber: 'K1-LOSE' }), validEnvelope()];
    const results = await central.sendBatch(kiosk, items);
    expect(results).toEqual(items.map((item) => ({ id: item.id, outcome: 'retry', reason: 'internal' })));
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM registration_sequences')).toBe(0);
    expect(central.logs).toContainEqual({
      event: 'batch.failed',
      fields: expect.objectContaining({ kioskId: kiosk.id, items: 4, errorCode: 'SQLITE_CONSTRAINT_TRIGGER' }),
    });

    central.db.exec('DROP TRIGGER lose_all');
    const again = await central.sendBatch(kiosk, items);
    expect(again.map((r) => r.registrationNumber)).toEqual(['2026-000001', '2026-000002', '2026-000003', '2026-000004']);
  });

  it('still spends the nonce of a batch whose transaction was lost', async () => {
    central.db.exec(`CREATE TRIGGER lose_all BEFORE INSERT ON applications
      BEGIN SELECT RAISE(ROLLBACK, 'transaction lost'); END`);
    const body = JSON.stringify({ items: [validEnvelope()] });
    const lost = await central.postSigned(kiosk, body, { nonce: 'lost-batch-nonce' });
    expect(BatchResponse.parse(lost.json()).results.map((r) => r.outcome)).toEqual(['retry']);
    expect(count("SELECT COUNT(*) AS n FROM request_nonces WHERE nonce = 'lost-batch-nonce'")).toBe(1);
    central.db.exec('DROP TRIGGER lose_all');
    expect((await central.postSigned(kiosk, body, { nonce: 'lost-batch-nonce' })).json()).toEqual({ error: 'auth.replay' });
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(0);
  });

  it('takes a full batch of the largest size the wire allows', async () => {
    const items = Array.from({ length: MAX_BATCH_ITEMS }, () => validEnvelope());
    const results = await central.sendBatch(kiosk, items);
    expect(results).toHaveLength(MAX_BATCH_ITEMS);
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(['accepted']));
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(MAX_BATCH_ITEMS);
  });
});

describe('batches stored together (one commit for those judged while the last group was stored)', () => {
  const store = (items: unknown[], admit: () => boolean = () => true) => ({
    context: { db: central.db, kioskId: kiosk.id, clock: () => central.now(), log: () => {} },
    items: judgeItems(items, testCatalog, central.now()),
    admit,
  });

  it('answers each batch on its own: a replay writes nothing, a batch that fails rolls back alone', () => {
    const first = Array.from({ length: 3 }, () => validEnvelope());
    const replayed = [validEnvelope()];
    const failing = [validEnvelope(), validEnvelope()];
    const last = [validEnvelope()];
    const outcomes = storeBatches(central.db, [
      store(first),
      store(replayed, () => false),
      store(failing, () => {
        throw Object.assign(new Error('disk trouble'), { code: 'SQLITE_IOERR' });
      }),
      store(last),
    ]);
    expect(outcomes).toEqual([
      { results: first.map((e, i) => ({ id: e.id, outcome: 'accepted', registrationNumber: `2026-00000${i + 1}` })) },
      { replayed: true },
      { results: failing.map((e) => ({ id: e.id, outcome: 'retry', reason: 'internal' })) },
      { results: [{ id: last[0]!.id, outcome: 'accepted', registrationNumber: '2026-000004' }] },
    ]);
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(4);
  });

  it('answers every batch of the group retry when the transaction itself is lost, and keeps nothing', () => {
    central.db.exec(`CREATE TRIGGER lose_all BEFORE INSERT ON applications WHEN NEW.local_number = 'K1-LOSE'
      BEGIN SELECT RAISE(ROLLBACK, 'transaction lost'); END`);
    const batches = [[validEnvelope()], [validEnvelope({ localNumber: 'K1-LOSE' })], [validEnvelope()]];
    const outcomes = storeBatches(central.db, batches.map((items) => store(items)));
    expect(outcomes).toEqual(batches.map((items) => ({ results: items.map((e) => ({ id: e.id, outcome: 'retry', reason: 'internal' })) })));
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(0);
  });

  it('lets a judged batch wait for those still being judged, to share their commit, and no longer than GROUP_WAIT_MS', async () => {
    let commits = 0;
    let judging = true;
    const batches = createBatchStore(central.db, { committed: () => (commits += 1), moreComing: () => judging });
    const first = batches.store(store([validEnvelope()]));
    await new Promise((next) => setTimeout(next, 5));
    expect(commits).toBe(0);
    judging = false;
    const second = batches.store(store([validEnvelope()]));
    const outcomes = await Promise.all([first, second]);
    expect(commits).toBe(1);
    expect(outcomes.map((o) => 'results' in o && o.results[0]!.registrationNumber)).toEqual(['2026-000001', '2026-000002']);

    judging = true;
    const started = performance.now();
    await batches.store(store([validEnvelope()]));
    expect(commits).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(GROUP_WAIT_MS - 2);
  });

  it('stores a batch alone at once when nothing else is being judged', async () => {
    let commits = 0;
    const batches = createBatchStore(central.db, { committed: () => (commits += 1) });
    const started = performance.now();
    await batches.store(store([validEnvelope()]));
    expect(commits).toBe(1);
    expect(performance.now() - started).toBeLessThan(GROUP_WAIT_MS);
  });

  it('answers requests that arrive together each with its own results, numbered without a gap', async () => {
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 10 }, () => validEnvelope()));
    const answers = await Promise.all(batches.map((items) => central.sendBatch(kiosk, items)));
    answers.forEach((results, i) => expect(results.map((r) => [r.id, r.outcome])).toEqual(batches[i]!.map((e) => [e.id, 'accepted'])));
    const numbers = answers.flat().map((r) => r.registrationNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => `2026-${String(i + 1).padStart(6, '0')}`));
  });
});

describe('identical batches at the same time (a resend while the first is still processed)', () => {
  it('make one record each over real HTTP, answered accepted once and duplicate once, with the same numbers', async () => {
    const base = await central.listen();
    const items = Array.from({ length: 30 }, () => validEnvelope());
    const body = JSON.stringify({ items });
    const [first, second] = await Promise.all([sendOverHttp(base, body), sendOverHttp(base, body)]);
    for (const [index, item] of items.entries()) {
      const pair = [first![index]!, second![index]!];
      expect(pair.map((r) => r.id)).toEqual([item.id, item.id]);
      expect(pair.map((r) => r.outcome).sort()).toEqual(['accepted', 'duplicate']);
      expect(pair[0]!.registrationNumber).toBe(pair[1]!.registrationNumber);
    }
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(30);
    expect(count('SELECT COUNT(*) AS n FROM application_status_steps')).toBe(30);
  });

  it('make one record each when two servers on one database take them at once', async () => {
    const second = central.open();
    try {
      const [baseA, baseB] = [await central.listen(), await central.listen(second.app)];
      const items = Array.from({ length: 30 }, () => validEnvelope());
      const body = JSON.stringify({ items });
      const rounds = await Promise.all([sendOverHttp(baseA, body), sendOverHttp(baseB, body), sendOverHttp(baseA, body)]);
      for (const [index] of items.entries()) {
        const outcomes = rounds.map((results) => results[index]!);
        expect(outcomes.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
        expect(outcomes.filter((r) => r.outcome === 'duplicate')).toHaveLength(2);
        expect(new Set(outcomes.map((r) => r.registrationNumber)).size).toBe(1);
      }
      expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(30);
      expect(count('SELECT COUNT(DISTINCT registration_number) AS n FROM applications')).toBe(30);
    } finally {
      await second.close();
    }
  });
});
