import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxReader, type OutboxBatch, type OutboxBatchRequest } from '../../../src-main/core/applications/outbox-reader';
import { openKioskDatabase, openReaderConnection, type KioskDatabase } from '../../../src-main/core/db/database';
import { MAX_BATCH_BYTES } from '../../../src-shared/sync/wire';
import { CoreHarness, submitValid } from './fixtures';

let harness: CoreHarness;
beforeEach(() => {
  harness = new CoreHarness();
});
afterEach(async () => {
  await harness.close();
});

/** A kiosk's database with `count` submitted applications in its outbox; the core closed, a writer and a reader open. */
async function outboxOf(count: number): Promise<{ db: KioskDatabase; reader: ReturnType<typeof createOutboxReader>; ids: string[] }> {
  const { core, dataDir } = harness.kiosk();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await submitValid(core));
  await core.close();
  const db = openKioskDatabase(dataDir);
  const connection = openReaderConnection(db);
  harness.onClose(() => {
    connection.close();
    db.close();
  });
  return { db, reader: createOutboxReader(connection), ids };
}

const dueNow = (): string => new Date(Date.now() + 60_000).toISOString();

/** Reads a whole batch, `slice` rows at a time. */
function readAll(reader: ReturnType<typeof createOutboxReader>, request: OutboxBatchRequest, into: Buffer, slice = 3): OutboxBatch {
  const reading = reader.batch(request, into);
  while (!reading.read(slice));
  return reading.result();
}

function envelopeOf(db: KioskDatabase, id: string): string {
  return db.prepare('SELECT envelope_json FROM application_content WHERE application_id = ?').pluck().get(id) as string;
}

describe("the outbox's batches", () => {
  it('are the envelopes kept at submit, byte for byte, joined into one body hashed once', async () => {
    const { db, reader, ids } = await outboxOf(3);
    const batch = readAll(reader, { after: null, now: dueNow(), maxItems: 100, maxBytes: MAX_BATCH_BYTES }, Buffer.alloc(MAX_BATCH_BYTES));
    const body = batch.body.subarray(0, batch.size);
    const expected = `{"items":[${ids.map((id) => envelopeOf(db, id)).join(',')}]}`;
    expect(body.toString('utf8')).toBe(expected);
    expect(batch.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    for (const item of batch.items) expect(body.subarray(item.offset, item.offset + item.length).toString('utf8')).toBe(envelopeOf(db, item.id));
    expect(batch.items.map((item) => [item.id, item.attempts])).toEqual(ids.map((id) => [id, 0]));
    expect(batch.unreadable).toEqual([]);
  });

  it('come in the order the outbox was filled, page after page, whatever the slices they are read in', async () => {
    const { reader, ids } = await outboxOf(5);
    const request = { now: dueNow(), maxItems: 2, maxBytes: MAX_BATCH_BYTES };
    const into = Buffer.alloc(MAX_BATCH_BYTES);
    const pages: string[][] = [];
    for (let after = null as OutboxBatch['next'], slice = 1; ; slice += 1) {
      const batch = readAll(reader, { ...request, after }, into, slice);
      if (!batch.next) break;
      pages.push(batch.items.map((item) => item.id));
      after = batch.next;
    }
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
  });

  it('stay within the byte limit, and an envelope larger than the buffer goes alone in a body of its own', async () => {
    const { db, reader, ids } = await outboxOf(3);
    const size = Buffer.byteLength(envelopeOf(db, ids[0] as string));
    const frame = '{"items":[]}'.length;
    // Room for two envelopes, not three.
    const two = readAll(reader, { after: null, now: dueNow(), maxItems: 100, maxBytes: frame + 2 * size + 1 + 10 }, Buffer.alloc(MAX_BATCH_BYTES));
    expect(two.items.map((item) => item.id)).toEqual(ids.slice(0, 2));
    const rest = readAll(reader, { after: two.next, now: dueNow(), maxItems: 100, maxBytes: MAX_BATCH_BYTES }, Buffer.alloc(MAX_BATCH_BYTES));
    expect(rest.items.map((item) => item.id)).toEqual(ids.slice(2));

    const small = Buffer.alloc(size);
    const alone = readAll(reader, { after: null, now: dueNow(), maxItems: 100, maxBytes: MAX_BATCH_BYTES }, small);
    expect(alone.items.map((item) => item.id)).toEqual(ids.slice(0, 1));
    expect(alone.body).not.toBe(small);
    expect(alone.body.subarray(0, alone.size).toString('utf8')).toBe(`{"items":[${envelopeOf(db, ids[0] as string)}]}`);
  });

  it('make the envelope of an application queued before envelopes were kept, and pass one whose row cannot make it', async () => {
    const { db, reader, ids } = await outboxOf(3);
    const kept = envelopeOf(db, ids[0] as string);
    db.prepare('UPDATE application_content SET envelope_json = NULL WHERE application_id IN (?, ?)').run(ids[0], ids[1]);
    db.prepare("UPDATE application_content SET answers_json = '{broken' WHERE application_id = ?").run(ids[1]);
    const batch = readAll(reader, { after: null, now: dueNow(), maxItems: 100, maxBytes: MAX_BATCH_BYTES }, Buffer.alloc(MAX_BATCH_BYTES));
    expect(batch.items.map((item) => item.id)).toEqual([ids[0], ids[2]]);
    expect(batch.unreadable).toEqual([{ id: ids[1], attempts: 0 }]);
    const first = batch.items[0] as OutboxBatch['items'][number];
    expect(batch.body.subarray(first.offset, first.offset + first.length).toString('utf8')).toBe(kept);
  });

  it('leave out what is not due yet, and say so when nothing is', async () => {
    const { db, reader, ids } = await outboxOf(2);
    db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE application_id = ?').run('2999-01-01T00:00:00.000Z', ids[0]);
    const batch = readAll(reader, { after: null, now: dueNow(), maxItems: 100, maxBytes: MAX_BATCH_BYTES }, Buffer.alloc(MAX_BATCH_BYTES));
    expect(batch.items.map((item) => item.id)).toEqual([ids[1]]);
    const none = readAll(reader, { after: batch.next, now: dueNow(), maxItems: 100, maxBytes: MAX_BATCH_BYTES }, Buffer.alloc(MAX_BATCH_BYTES));
    expect(none).toMatchObject({ next: null, items: [], unreadable: [], size: 0 });
  });
});
