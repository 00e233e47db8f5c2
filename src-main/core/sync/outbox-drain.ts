import { createHash } from 'node:crypto';
import type { KioskEvent } from '../../../src-shared/contract';
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS, type ItemResult } from '../../../src-shared/sync/wire';
import type { ApplicationStore, BatchEntry, DueApplication, OutboxPosition } from '../applications/applications';
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
 * batch keeps each piece of the kiosk's work (reading the envelopes, hashing
 * the body, keeping the verdicts in one transaction) within a few
 * milliseconds, so the screen never waits on the sync; with the next batch
 * in flight while one is kept, the link stays busy all the same.
 */
export const SEND_BATCH_ITEMS = Math.min(100, MAX_BATCH_ITEMS);

/** One application on its way, with the envelope text that travels. */
interface Outgoing {
  id: string;
  attempts: number;
  json: string;
}

interface Prepared {
  items: Outgoing[];
  body: BatchBody;
}

interface Answered {
  items: Outgoing[];
  results: ItemResult[];
}

/** The batch JSON's own bytes around the items: `{"items":[` and `]}`. */
const BATCH_FRAME_BYTES = 12;
/** Events for a batch's receipts go out in slices, the main thread free between them. */
const EVENTS_PER_SLICE = 100;

/**
 * Sends every application due now, each at most once in this round:
 * batches by count and bytes, each one's files first. While a batch is in
 * flight the next is read and its files uploaded; as soon as it is answered
 * the next goes, and its verdicts are kept (one transaction) while the next
 * travels. An item that cannot be read or whose file cannot go waits (with
 * its own backoff and a code for the clerk) and the rest go on. A failure of
 * the link stops the round, after a batch already answered has been kept.
 */
export async function drainOutbox(deps: DrainDeps): Promise<void> {
  const wal = deps.pauseAutoCheckpoint();
  let after: OutboxPosition | null = null;
  let inFlight: Promise<Answered> | null = null;
  let failed = false;
  let failure: unknown;
  try {
    for (;;) {
      const prepared = await prepareNext(deps, after);
      if (!prepared) break;
      after = prepared.next;
      const answered: Answered | null = inFlight ? await inFlight : null;
      inFlight = send(deps, prepared.batch);
      // Awaited at the next batch or below; never left unhandled meanwhile.
      inFlight.catch(() => undefined);
      if (answered) await keep(deps, answered, wal);
    }
    if (inFlight) {
      const last: Answered = await inFlight;
      inFlight = null;
      await keep(deps, last, wal);
    }
  } catch (error) {
    failed = true;
    failure = error;
    // A batch that was answered before the failure is kept all the same: no verdict is thrown away.
    if (inFlight) {
      try {
        await keep(deps, await inFlight, wal);
      } catch {
        // Its items stay in the outbox and are answered the same next time.
      }
    }
  } finally {
    wal.resume();
  }
  if (failed) throw failure;
}

/** The next batch that has something to send, with the position read up to; null when nothing is due. */
async function prepareNext(deps: DrainDeps, from: OutboxPosition | null): Promise<{ batch: Prepared; next: OutboxPosition } | null> {
  let after = from;
  for (;;) {
    const due = deps.applications.dueAfter(after, deps.clock().toISOString(), SEND_BATCH_ITEMS);
    if (due.length === 0) return null;
    const { items, next } = takeBatch(deps, due);
    after = next;
    await yieldToLoop();
    const ready = await withFilesUploaded(deps, items);
    if (ready.length === 0) continue;
    const body = batchBody(ready);
    await yieldToLoop();
    return { batch: { items: ready, body }, next };
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

/**
 * Takes due items while the batch stays within the byte limit (one item at
 * least, however large). Returns the position read up to: items after it
 * come in the next batch.
 */
function takeBatch(deps: DrainDeps, due: DueApplication[]): { items: Outgoing[]; next: OutboxPosition } {
  const items: Outgoing[] = [];
  const unreadable: Array<{ id: string; attempts: number; code: string }> = [];
  let bytes = BATCH_FRAME_BYTES;
  let next = (due[0] as DueApplication).position;
  for (const row of due) {
    let json: string;
    try {
      json = row.envelopeJson ?? deps.applications.legacyEnvelopeJson(row.id);
    } catch {
      unreadable.push({ id: row.id, attempts: row.attempts, code: 'item.unreadable' });
      next = row.position;
      continue;
    }
    const size = Buffer.byteLength(json) + 1;
    if (items.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    items.push({ id: row.id, attempts: row.attempts, json });
    bytes += size;
    next = row.position;
  }
  postpone(deps, unreadable);
  return { items, next };
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

interface BatchBody {
  bytes: Buffer;
  sha256: string;
}

/** The envelopes were serialised at submit: a batch is their text joined, hashed once. */
function batchBody(items: Outgoing[]): BatchBody {
  const bytes = Buffer.from(`{"items":[${items.map((item) => item.json).join(',')}]}`);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
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
      const answered = await send(deps, { items: half, body: batchBody(half) });
      await keep(deps, answered, null);
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

/** Keeps a batch's verdicts (one transaction), then checkpoints and tells the receipts, each in ticks of their own. */
async function keep(deps: DrainDeps, answered: Answered, wal: WalCheckpoints | null): Promise<void> {
  if (answered.items.length === 0) return;
  // Apart from the reading of the answer that came before, in the same turn of the loop.
  await yieldToLoop();
  const results = new Map(answered.results.map((result) => [result.id, result]));
  const entries = answered.items.map((item) => entryOf(deps, item, results.get(item.id)));
  const changed = deps.applications.recordBatch(entries, deps.clock().toISOString(), retryAt(deps, 1));
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
  if (wal) {
    await yieldToLoop();
    wal.checkpoint();
  }
  deps.batchRecorded();
  for (let start = 0; start < changed.length; start += EVENTS_PER_SLICE) {
    await yieldToLoop();
    for (const applicationId of changed.slice(start, start + EVENTS_PER_SLICE)) deps.emit({ type: 'receiptUpdated', applicationId });
  }
}
