import { createHash } from 'node:crypto';
import type { KioskEvent } from '../../../src-shared/contract';
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS, type ItemResult } from '../../../src-shared/sync/wire';
import type { ApplicationStore, BatchEntry, OutboxPosition } from '../applications/applications';
import type { OutboxReader } from '../applications/outbox-reader';
import type { AttachmentStore } from '../attachments/store';
import type { WalCheckpoints } from '../db/database';
import { uploadFilesOf } from './attachment-upload';
import { CentralFailure, type CentralClient, type Signer } from './central-client';
import { itemRetryDelay, yieldToLoop } from './pacing';

export interface DrainDeps {
  applications: ApplicationStore;
  attachments: AttachmentStore;
  client: CentralClient;
  signer: Signer;
  /** Runs a request, signing it again once if the service corrected the kiosk's clock. */
  request: <T>(call: () => Promise<T>) => Promise<T>;
  /** Reads batches from the outbox, on a connection of its own. */
  outbox: OutboxReader;
  /** Two buffers for batch bodies (see `createBodyBuffers`). */
  bodyBuffers: BodyBuffers;
  clock: () => Date;
  random: () => number;
  emit: (event: KioskEvent) => void;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
  /** Checkpoints between batches instead of inside their commits (see `pauseAutoCheckpoint`). */
  pauseAutoCheckpoint: () => WalCheckpoints;
  /** After each batch's verdicts are kept: the counts a clerk sees changed. */
  batchRecorded: () => void;
}

/**
 * Applications per batch. The wire takes up to MAX_BATCH_ITEMS; a smaller
 * batch keeps each piece of the kiosk's work (keeping the verdicts in one
 * transaction above all) within a few milliseconds, so the screen never
 * waits on the sync; with the next batch in flight while one is kept, the
 * link stays busy all the same.
 */
export const SEND_BATCH_ITEMS = Math.min(100, MAX_BATCH_ITEMS);
/** Outbox rows read at a time: each read is a short piece of the main thread's work. */
const READ_SLICE_ROWS = 20;

/**
 * Where batch bodies are written: one batch's while the other's is in
 * flight, so that the next is read while one travels. Made once and used
 * again for every batch: a sync of thousands of applications leaves no
 * megabytes of buffers behind for the garbage collector.
 */
export type BodyBuffers = readonly [Buffer, Buffer];

export function createBodyBuffers(): BodyBuffers {
  // Not zeroed: only the bytes a batch wrote are ever sent.
  return [Buffer.allocUnsafeSlow(MAX_BATCH_BYTES), Buffer.allocUnsafeSlow(MAX_BATCH_BYTES)];
}

/** One application on its way. */
interface Outgoing {
  id: string;
  attempts: number;
  /** Its envelope's canonical JSON, a view into its batch's body. */
  envelope: Uint8Array;
}

interface BatchBody {
  bytes: Uint8Array;
  sha256: string;
}

interface Prepared {
  items: Outgoing[];
  body: BatchBody;
}

interface Answered {
  items: Outgoing[];
  results: ItemResult[];
}

/** The batch JSON's own bytes around and between the items. */
const BATCH_OPEN = Buffer.from('{"items":[');
const BATCH_CLOSE = Buffer.from(']}');
const BATCH_SEPARATOR = Buffer.from(',');
/** Events for a batch's receipts go out in slices, the main thread free between them. */
const EVENTS_PER_SLICE = 100;
/**
 * Batches kept between two checkpoints. A batch's verdicts write about a
 * page of WAL per application (mostly the same index pages again), so ten
 * make about the thousand pages at which SQLite would checkpoint by itself;
 * a page written by several of them is copied once.
 */
const BATCHES_PER_CHECKPOINT = 10;

/**
 * Sends every application due now, each at most once in this round:
 * batches by count and bytes, each one's files first. While a batch is in
 * flight the next is read and its files uploaded; as soon as it is answered
 * the next goes, and its verdicts are kept while the next
 * travels. An item that cannot be read or whose file cannot go waits (with
 * its own backoff and a code for the clerk) and the rest go on. A failure of
 * the link stops the round, after a batch already answered has been kept.
 */
export async function drainOutbox(deps: DrainDeps): Promise<void> {
  const wal = deps.pauseAutoCheckpoint();
  let keptSinceCheckpoint = 0;
  /** Keeps an answered batch's verdicts; now and then a checkpoint follows. */
  const keepAnswered = async (answered: Answered): Promise<void> => {
    if (!(await keep(deps, answered))) return;
    keptSinceCheckpoint += 1;
    if (keptSinceCheckpoint < BATCHES_PER_CHECKPOINT) return;
    keptSinceCheckpoint = 0;
    await yieldToLoop();
    // Not waited for: on another thread it runs while the next batch travels.
    void wal.checkpoint();
  };
  let after: OutboxPosition | null = null;
  let inFlight: Promise<Answered> | null = null;
  let batches = 0;
  let failed = false;
  let failure: unknown;
  try {
    for (;;) {
      // The other buffer holds the batch in flight; this one's batch was answered (and kept) before.
      const prepared = await prepareNext(deps, after, deps.bodyBuffers[batches % 2] as Buffer);
      if (!prepared) break;
      batches += 1;
      after = prepared.next;
      const answered: Answered | null = inFlight ? await inFlight : null;
      inFlight = send(deps, prepared.batch);
      // Awaited at the next batch or below; never left unhandled meanwhile.
      inFlight.catch(() => undefined);
      if (answered) await keepAnswered(answered);
    }
    if (inFlight) {
      const last: Answered = await inFlight;
      inFlight = null;
      await keepAnswered(last);
    }
  } catch (error) {
    failed = true;
    failure = error;
    // A batch that was answered before the failure is kept all the same: no verdict is thrown away.
    if (inFlight) {
      try {
        await keepAnswered(await inFlight);
      } catch {
        // Its items stay in the outbox and are answered the same next time.
      }
    }
  } finally {
    wal.resume();
  }
  if (failed) throw failure;
}

/**
 * The next batch that has something to send, its body in `into` (or in one
 * of its own), with the position read up to; null when nothing is due. The
 * items whose envelope cannot be made, or whose files cannot go now, wait
 * (with their own backoff and a code for the clerk) and are left out.
 */
async function prepareNext(deps: DrainDeps, from: OutboxPosition | null, into: Buffer): Promise<{ batch: Prepared; next: OutboxPosition } | null> {
  let after = from;
  for (;;) {
    const reading = deps.outbox.batch({ after, now: deps.clock().toISOString(), maxItems: SEND_BATCH_ITEMS, maxBytes: MAX_BATCH_BYTES }, into);
    while (!reading.read(READ_SLICE_ROWS)) await yieldToLoop();
    const read = reading.result();
    if (!read.next) return null;
    after = read.next;
    postpone(deps, read.unreadable.map((item) => ({ ...item, code: 'item.unreadable' })));
    const body = read.body.subarray(0, read.size);
    const items = read.items.map((item) => ({ id: item.id, attempts: item.attempts, envelope: body.subarray(item.offset, item.offset + item.length) }));
    const ready = await withFilesUploaded(deps, items);
    if (ready.length === 0) continue;
    const batch = ready.length === items.length ? { items, body: { bytes: body, sha256: read.sha256 } } : batchOf(ready);
    return { batch, next: after };
  }
}

function retryAt(deps: DrainDeps, attempts: number): string {
  return new Date(deps.clock().getTime() + itemRetryDelay(attempts, deps.random)).toISOString();
}

/** Items that cannot go this time wait with their own backoff; logged with their code. */
function postpone(deps: DrainDeps, items: Array<{ id: string; attempts: number; code: string }>): void {
  if (items.length === 0) return;
  deps.applications.postponeMany(items.map((item) => ({ id: item.id, code: item.code, until: retryAt(deps, item.attempts + 1) })));
  for (const item of items) deps.log('sync.itemPostponed', { applicationId: item.id, code: item.code });
}

/** Uploads what the items' files need; items whose file cannot go now are postponed and left out. */
async function withFilesUploaded(deps: DrainDeps, items: Outgoing[]): Promise<Outgoing[]> {
  if (items.length === 0) return items;
  const blocked = await uploadFilesOf({ ...deps, nowIso: () => deps.clock().toISOString() }, items.map((item) => item.id));
  if (blocked.size === 0) return items;
  postpone(
    deps,
    items.filter((item) => blocked.has(item.id)).map((item) => ({ ...item, code: blocked.get(item.id) as string })),
  );
  return items.filter((item) => !blocked.has(item.id));
}

/**
 * A batch of some of another's items (those whose files could go, a half of
 * a refused batch): their envelopes' bytes joined in a body of its own,
 * hashed once.
 */
function batchOf(items: Outgoing[]): Prepared {
  const parts: Uint8Array[] = [BATCH_OPEN];
  items.forEach((item, index) => {
    if (index > 0) parts.push(BATCH_SEPARATOR);
    parts.push(item.envelope);
  });
  parts.push(BATCH_CLOSE);
  const bytes = Buffer.concat(parts);
  let offset = BATCH_OPEN.length;
  const inBody = items.map((item) => {
    const envelope = bytes.subarray(offset, offset + item.envelope.length);
    offset += item.envelope.length + BATCH_SEPARATOR.length;
    return { ...item, envelope };
  });
  return { items: inBody, body: { bytes, sha256: createHash('sha256').update(bytes).digest('hex') } };
}

/**
 * Sends one batch. A batch the service refuses as a whole (400 or 413:
 * something in it is not what the protocol says) is split in halves, each
 * sent and kept on its own, until the item at fault is alone: it waits with
 * the service's code, the others go.
 */
async function send(deps: DrainDeps, batch: Prepared): Promise<Answered> {
  try {
    const answer = await deps.request(() => deps.client.sendBatch(deps.signer, batch.body.bytes, batch.body.sha256));
    return { items: batch.items, results: answer.results };
  } catch (error) {
    if (!(error instanceof CentralFailure) || (error.status !== 400 && error.status !== 413)) throw error;
    deps.log('sync.batchRefused', { code: error.code, items: batch.items.length });
    if (batch.items.length === 1) {
      postpone(deps, [{ ...(batch.items[0] as Outgoing), code: error.code }]);
      return { items: [], results: [] };
    }
    const middle = Math.ceil(batch.items.length / 2);
    for (const half of [batch.items.slice(0, middle), batch.items.slice(middle)]) {
      await yieldToLoop();
      const answered = await send(deps, batchOf(half));
      await keep(deps, answered);
    }
    return { items: [], results: [] };
  }
}

/** What one answer means for the outbox. */
function entryOf(deps: DrainDeps, item: Outgoing, result: ItemResult | undefined): BatchEntry {
  const later = (code: string): BatchEntry => ({ id: item.id, postpone: { until: retryAt(deps, item.attempts + 1), code } });
  // An item the answer forgot is not acknowledged: it stays and is offered again later.
  if (!result) return later('response.missingItem');
  switch (result.outcome) {
    case 'accepted':
    case 'duplicate':
      if (!result.registrationNumber) return later('response.noNumber');
      return { id: item.id, attempts: item.attempts, outcome: { state: 'accepted', registrationNumber: result.registrationNumber } };
    case 'rejected':
      return { id: item.id, attempts: item.attempts, outcome: { state: 'rejected', errors: result.errors ?? [], reason: result.reason ?? null } };
    case 'conflict':
      return { id: item.id, attempts: item.attempts, outcome: { state: 'conflict', reason: result.reason ?? null } };
    case 'retry':
      return later(result.reason ?? 'retry');
  }
}

/**
 * Verdicts kept in one transaction. A batch's hundred took the main thread
 * for longer than a frame; a quarter of it does not. Each is kept or not as
 * a whole, and what a kiosk stopped between two of them had not kept is
 * sent again and answered the same (`duplicate`).
 */
const VERDICTS_PER_TRANSACTION = 25;

/** Keeps a batch's verdicts (a few transactions, each in a tick of its own) and tells the receipts; false when it had none. */
async function keep(deps: DrainDeps, answered: Answered): Promise<boolean> {
  if (answered.items.length === 0) return false;
  const results = new Map(answered.results.map((result) => [result.id, result]));
  const entries = answered.items.map((item) => entryOf(deps, item, results.get(item.id)));
  const changed: string[] = [];
  for (let start = 0; start < entries.length; start += VERDICTS_PER_TRANSACTION) {
    // Apart from the reading of the answer that came before, and from each other.
    await yieldToLoop();
    const slice = entries.slice(start, start + VERDICTS_PER_TRANSACTION);
    changed.push(...deps.applications.recordBatch(slice, deps.clock().toISOString(), retryAt(deps, 1)));
  }
  const counts = { accepted: 0, flagged: 0, postponed: 0 };
  for (const entry of entries) {
    if ('postpone' in entry) {
      counts.postponed += 1;
      deps.log('sync.itemPostponed', { applicationId: entry.id, code: entry.postpone.code });
    } else if (entry.outcome.state === 'accepted') {
      counts.accepted += 1;
    } else {
      counts.flagged += 1;
      deps.log('sync.itemFlagged', { applicationId: entry.id, outcome: entry.outcome.state, reason: entry.outcome.reason });
    }
  }
  deps.log('sync.batchAnswered', { items: entries.length, ...counts });
  await yieldToLoop();
  deps.batchRecorded();
  for (let start = 0; start < changed.length; start += EVENTS_PER_SLICE) {
    await yieldToLoop();
    for (const applicationId of changed.slice(start, start + EVENTS_PER_SLICE)) deps.emit({ type: 'receiptUpdated', applicationId });
  }
  return true;
}
