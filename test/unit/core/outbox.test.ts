import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listKiosks, revokeKiosk } from '../../../src-central/enrollment/kiosks';
import { createApplicationStore, type BatchEntry } from '../../../src-main/core/applications/applications';
import { createOutboxReader } from '../../../src-main/core/applications/outbox-reader';
import { openKioskDatabase } from '../../../src-main/core/db/database';
import { SEND_BATCH_ITEMS } from '../../../src-main/core/sync/outbox-drain';
import { FIRST_ITEM_RETRY_MS } from '../../../src-main/core/sync/pacing';
import type { KioskEvent, SyncState } from '../../../src-shared/contract';
import { MAX_BATCH_BYTES } from '../../../src-shared/sync/wire';
import { validAnswers } from '../../support/catalog-fixture';
import { CoreHarness, ManualSchedule, recordingFetch, submitValid } from './fixtures';

let harness: CoreHarness;
beforeEach(() => {
  harness = new CoreHarness();
});
afterEach(async () => {
  await harness.close();
});

async function enrolled(options: { fetch?: typeof globalThis.fetch } = {}) {
  const running = await harness.central();
  const logged: Array<{ event: string; fields?: Record<string, unknown> }> = [];
  const kiosk = harness.kiosk({ centralUrl: running.url, log: (event, fields) => logged.push({ event, fields }), ...options });
  await harness.enroll(kiosk.core, running.central);
  return { ...running, ...kiosk, logged };
}

const syncStates = (events: KioskEvent[]): SyncState[] => events.flatMap((e) => (e.type === 'syncState' ? [e.state] : []));

describe('the outbox a clerk sees', () => {
  it('keeps a rejected application with its reason, sends it no more, and sends it again when a clerk offers it', async () => {
    const { core, events, dataDir, central } = await enrolled();
    const sent = await submitValid(core);
    await core.syncNow({});
    expect((await core.getReceipt({ applicationId: sent })).delivery).toBe('accepted');
    // The next one's envelope names the lookup code the first already holds in the service: `lookup.taken`.
    const other = await submitValid(core);
    const db = harness.kioskDb(dataDir, { writable: true });
    const taken = (db.prepare('SELECT lookup_code AS code FROM applications WHERE id = ?').get(sent) as { code: string }).code;
    const own = (db.prepare('SELECT lookup_code AS code FROM applications WHERE id = ?').get(other) as { code: string }).code;
    db.prepare('UPDATE application_content SET envelope_json = replace(envelope_json, ?, ?) WHERE application_id = ?').run(own, taken, other);

    events.length = 0;
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0, flagged: 1, lastError: null });
    expect(syncStates(events).at(-1)).toMatchObject({ flagged: 1, waiting: 0 });
    expect(core.outbox()).toEqual({
      items: [
        expect.objectContaining({ applicationId: other, delivery: 'rejected', lastError: 'lookup.taken', attempts: 1, nextAttemptAt: null, fieldErrors: [] }),
      ],
    });
    // Nothing personal in what the clerk's screen gets.
    expect(JSON.stringify(core.outbox())).not.toContain(validAnswers.surname);

    // Kept as it is: later rounds neither send it nor change its verdict.
    const before = central.db.prepare('SELECT COUNT(*) AS n FROM applications').get();
    await core.syncNow({});
    expect(core.outbox().items[0]).toMatchObject({ delivery: 'rejected', lastError: 'lookup.taken' });
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM applications').get()).toEqual(before);

    // The clerk offers it again: it goes as the application stored here says (its own lookup code).
    events.length = 0;
    expect(core.offerAgain(other)).toMatchObject({ delivery: 'waiting', attempts: 0, lastError: null });
    expect(syncStates(events)[0]).toMatchObject({ flagged: 0, waiting: 1 });
    expect(await core.syncNow({})).toMatchObject({ waiting: 0, flagged: 0 });
    expect((await core.getReceipt({ applicationId: other })).delivery).toBe('accepted');
    expect(core.outbox()).toEqual({ items: [] });
    // Offering an accepted one again changes nothing.
    expect(core.offerAgain(other)).toMatchObject({ delivery: 'accepted' });
    expect(() => core.offerAgain('00000000-0000-4000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'application.notFound' }));
    // Through the contract, only a signed-in clerk sees the outbox or offers an application again.
    await expect(core.getOutbox({})).rejects.toMatchObject({ code: 'clerk.required' });
    await expect(core.retryApplication({ applicationId: other })).rejects.toMatchObject({ code: 'clerk.required' });
  });

  it('lists waiting applications oldest first, with attempts and when they are tried again', async () => {
    const { core } = harness.kiosk();
    const ids = [await submitValid(core), await submitValid(core), await submitValid(core)];
    const { items } = core.outbox();
    expect(items.map((i) => i.applicationId)).toEqual(ids);
    expect(items[0]).toMatchObject({ delivery: 'waiting', attempts: 0, lastError: null, fieldErrors: [] });
    expect(items[0]?.localNumber).toMatch(/-000001$/);
    expect((await core.getSyncState({})).flagged).toBe(0);
  });
});

describe('an item that cannot go never holds up the others', () => {
  it('postpones an item the service could not store with its own backoff, and delivers the rest', async () => {
    const { core, central } = await enrolled();
    const ids = [await submitValid(core), await submitValid(core), await submitValid(core)];
    const failing = ids[1] as string;
    central.db.exec(`CREATE TRIGGER fail_one BEFORE INSERT ON applications WHEN NEW.id = '${failing}' BEGIN SELECT RAISE(ABORT, 'disk'); END`);
    const startedAt = Date.now();
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 1, lastError: null });
    expect((await core.getReceipt({ applicationId: ids[0] as string })).delivery).toBe('accepted');
    expect((await core.getReceipt({ applicationId: ids[2] as string })).delivery).toBe('accepted');
    const [item] = core.outbox().items;
    expect(item).toMatchObject({ applicationId: failing, delivery: 'waiting', attempts: 1, lastError: 'internal' });
    const wait = Date.parse(item?.nextAttemptAt ?? '') - startedAt;
    // The first retry waits [15 s, 30 s) after the answer.
    expect(wait).toBeGreaterThanOrEqual(FIRST_ITEM_RETRY_MS / 2 - 1_000);
    expect(wait).toBeLessThan(FIRST_ITEM_RETRY_MS + 60_000);
    // Not due yet: the next round does not send it.
    await core.syncNow({});
    expect(core.outbox().items[0]).toMatchObject({ attempts: 1 });

    central.db.exec('DROP TRIGGER fail_one');
    core.offerAgain(failing);
    await core.syncNow({});
    expect((await core.getReceipt({ applicationId: failing })).delivery).toBe('accepted');
  });

  it('postpones an application whose stored envelope cannot be read, and one the service cannot parse, and sends the rest', async () => {
    const { core, dataDir, logged } = await enrolled();
    const ids = [];
    for (let i = 0; i < 6; i += 1) ids.push(await submitValid(core));
    const db = harness.kioskDb(dataDir, { writable: true });
    // One row cannot make an envelope at all (its answers are not JSON any more)…
    db.prepare('UPDATE application_content SET envelope_json = NULL WHERE application_id = ?').run(ids[1]);
    db.prepare("UPDATE application_content SET answers_json = '{broken' WHERE application_id = ?").run(ids[1]);
    // …and one makes text that is not JSON: the service refuses the whole batch, which is split until it is alone.
    db.prepare('UPDATE application_content SET envelope_json = substr(envelope_json, 1, 40) WHERE application_id = ?').run(ids[4]);

    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 2, lastError: null });
    const items = core.outbox().items;
    expect(items.map((i) => [i.applicationId, i.lastError])).toEqual([
      [ids[1], 'item.unreadable'],
      [ids[4], 'request.invalid'],
    ]);
    for (const id of [ids[0], ids[2], ids[3], ids[5]]) expect((await core.getReceipt({ applicationId: id as string })).delivery).toBe('accepted');
    expect(logged.filter((l) => l.event === 'sync.batchRefused').length).toBeGreaterThan(0);
  });
});

describe('a revoked kiosk', () => {
  it('stops sending when a signed answer says it is revoked, keeps everything, and stays so after a restart', async () => {
    const { fetch, requests } = recordingFetch();
    const schedule = new ManualSchedule();
    const { core, central, dataDir, logged, events } = await enrolled({ fetch });
    const id = await submitValid(core);
    const [kiosk] = listKiosks(central.db);
    revokeKiosk(central.db, kiosk?.id as string, new Date());

    events.length = 0;
    expect(await core.syncNow({})).toMatchObject({ revoked: true, lastError: 'auth.revoked', waiting: 1, online: false });
    expect(syncStates(events).some((s) => s.revoked)).toBe(true);
    expect(logged.map((l) => l.event)).toContain('sync.revoked');
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('waiting');

    requests.length = 0;
    expect(await core.syncNow({})).toMatchObject({ revoked: true, waiting: 1 });
    await submitValid(core);
    expect(requests).toEqual([]);
    expect(core.outbox().items).toHaveLength(2);

    await core.close();
    const restarted = harness.kiosk({ dataDir, centralUrl: `http://127.0.0.1:1`, fetch, syncSchedule: schedule.schedule }).core;
    restarted.startSync();
    expect(await restarted.getSyncState({})).toMatchObject({ revoked: true, lastError: 'auth.revoked', waiting: 2 });
    expect(await restarted.syncNow({})).toMatchObject({ revoked: true });
    expect(schedule.pending()).toBe(false);
    expect(requests).toEqual([]);
    // A citizen's status check answers from what the kiosk holds, without asking.
    const { lookupCode } = await restarted.getReceipt({ applicationId: id });
    expect(await restarted.checkStatus({ lookupCode })).toMatchObject({ state: 'notSent', source: 'kiosk' });
    expect(requests).toEqual([]);
  });
});

describe('a batch\'s verdicts', () => {
  /** The kiosk's store over its database, counting the transactions it opens (nested ones are savepoints, not counted). */
  async function countingStore(count: number) {
    const { core, dataDir } = harness.kiosk();
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) ids.push(await submitValid(core));
    await core.close();
    const raw = openKioskDatabase(dataDir);
    const counter = { outermost: 0 };
    const counting = new Proxy(raw, {
      get(target, property) {
        if (property === 'transaction') {
          return (fn: (...args: unknown[]) => unknown) => {
            const transaction = target.transaction(fn);
            return (...args: unknown[]) => {
              if (!target.inTransaction) counter.outermost += 1;
              return transaction(...args);
            };
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as Database.Database;
    const store = createApplicationStore(counting, () => 'TEST');
    return { raw, store, ids, counter };
  }

  const later = '2099-01-01T00:00:00.000Z';

  it('are kept in one transaction, and a verdict kept is never overwritten', async () => {
    const { raw, store, ids, counter } = await countingStore(4);
    const reading = createOutboxReader(raw).batch({ after: null, now: new Date(Date.now() + 1000).toISOString(), maxItems: 10, maxBytes: MAX_BATCH_BYTES }, Buffer.alloc(MAX_BATCH_BYTES));
    while (!reading.read(10));
    expect(reading.result().items.map((item) => item.id)).toEqual(ids);
    const entries: BatchEntry[] = [
      { id: ids[0] as string, attempts: 0, outcome: { state: 'accepted', registrationNumber: '2026-000001' } },
      { id: ids[1] as string, attempts: 0, outcome: { state: 'rejected', errors: [{ field: 'pin', code: 'pin.invalid' }], reason: 'answers.invalid' } },
      { id: ids[2] as string, attempts: 2, outcome: { state: 'conflict', reason: 'application.conflict' } },
      { id: ids[3] as string, postpone: { until: later, code: 'internal' } },
    ];
    counter.outermost = 0;
    expect(store.recordBatch(entries, new Date().toISOString(), later)).toEqual([ids[0], ids[1], ids[2]]);
    expect(counter.outermost).toBe(1);
    expect(store.outbox().map((i) => [i.applicationId, i.delivery, i.lastError, i.attempts])).toEqual([
      [ids[1], 'rejected', 'answers.invalid', 1],
      [ids[2], 'conflict', 'application.conflict', 3],
      [ids[3], 'waiting', 'internal', 1],
    ]);
    expect(store.outboxItem(ids[1] as string).fieldErrors).toEqual([{ field: 'pin', code: 'pin.invalid' }]);
    expect(store.receipt(ids[0] as string)).toMatchObject({ delivery: 'accepted', registrationNumber: '2026-000001' });
    expect(store.waitingCount()).toBe(1);
    expect(store.flaggedCount()).toBe(2);
    // A later answer for a flagged one changes nothing: the clerk decides.
    store.recordBatch([{ id: ids[1] as string, attempts: 1, outcome: { state: 'accepted', registrationNumber: '2026-000009' } }], new Date().toISOString(), later);
    expect(store.receipt(ids[1] as string)).toMatchObject({ delivery: 'rejected', registrationNumber: null });
    raw.close();
  });

  it('keep the others when one item\'s write fails, and that one waits alone', async () => {
    const { raw, store, ids } = await countingStore(3);
    // The second one's write fails, as a damaged page would make it.
    raw.exec(`CREATE TRIGGER failing_write BEFORE UPDATE OF delivery ON applications WHEN NEW.id = '${ids[1]}' BEGIN SELECT RAISE(ABORT, 'disk'); END`);
    const entries: BatchEntry[] = ids.map((id, i) => ({ id, attempts: 0, outcome: { state: 'accepted', registrationNumber: `2026-00000${i + 1}` } }));
    expect(store.recordBatch(entries, new Date().toISOString(), later)).toEqual([ids[0], ids[2]]);
    expect(store.outbox().map((i) => [i.applicationId, i.delivery, i.lastError])).toEqual([[ids[1], 'waiting', 'item.recordFailed']]);
    expect(store.receipt(ids[2] as string)).toMatchObject({ delivery: 'accepted', registrationNumber: '2026-000003' });
    raw.close();
  });
});

describe('a long outbox', () => {
  it('goes in several batches, each envelope arriving byte for byte as kept at submit, and the verdicts touch no answers', async () => {
    const { core, central, dataDir } = await enrolled();
    const ids: string[] = [];
    // More than two batches: the bodies' buffers are each used again.
    for (let i = 0; i < 2 * SEND_BATCH_ITEMS + 30; i += 1) ids.push(await submitValid(core));
    const db = harness.kioskDb(dataDir, { writable: true });
    // Keeping a verdict writes the application's small row and its outbox row, never what the citizen gave.
    db.exec(`CREATE TRIGGER content_kept BEFORE UPDATE ON application_content BEGIN SELECT RAISE(ABORT, 'content rewritten'); END;
             CREATE TRIGGER content_stays BEFORE DELETE ON application_content BEGIN SELECT RAISE(ABORT, 'content deleted'); END;`);

    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0, flagged: 0, lastError: null });
    const kept = db.prepare('SELECT application_id AS id, envelope_json AS json FROM application_content').all() as Array<{ id: string; json: string }>;
    const stored = new Map(
      (central.db.prepare('SELECT id, envelope_json AS json FROM applications').all() as Array<{ id: string; json: string }>).map((row) => [row.id, row.json]),
    );
    expect(stored.size).toBe(ids.length);
    for (const { id, json } of kept) expect(stored.get(id)).toBe(json);
    for (const id of ids) expect((await core.getReceipt({ applicationId: id })).delivery).toBe('accepted');
  });
});
