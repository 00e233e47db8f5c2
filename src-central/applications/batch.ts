import { z } from 'zod';
import { ApplicationEnvelope, type ItemResult, MAX_BATCH_ITEMS } from '../../src-shared/sync/wire';
import { type IngestContext, errorFields, ingestInSavepoint } from './ingest';

/**
 * The batch is parsed loosely and each item on its own: one malformed
 * envelope is answered `rejected` instead of refusing the whole batch, which
 * would stall the kiosk's outbox behind it.
 */
const LooseBatch = z.object({ items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) });
const ItemId = z.object({ id: z.string().uuid() });

/** The items of a batch body, each still to be checked on its own; null when the batch cannot be answered per item. */
export function parseLooseBatch(body: Buffer): unknown[] | null {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const batch = LooseBatch.safeParse(json);
  // An item without a usable id cannot be answered per item.
  if (!batch.success || !batch.data.items.every((item) => ItemId.safeParse(item).success)) return null;
  return batch.data.items;
}

/** Like an item's context, but each item reads the clock when its turn comes. */
export type BatchContext = Omit<IngestContext, 'now'> & { clock: () => Date };

function idOf(item: unknown): string {
  return ItemId.parse(item).id;
}

function answerItem(context: BatchContext, item: unknown): ItemResult {
  const envelope = ApplicationEnvelope.safeParse(item);
  if (!envelope.success) {
    const id = idOf(item);
    context.log('application.rejected', { applicationId: id, kioskId: context.kioskId, reason: 'item.invalid' });
    return { id, outcome: 'rejected', reason: 'item.invalid' };
  }
  return ingestInSavepoint({ ...context, now: context.clock() }, envelope.data);
}

/** Every item answered, or the request refused as a replay before anything was written. */
export type BatchOutcome = { results: ItemResult[] } | { replayed: true };

/** For a batch whose request needs no admitting here (its nonce was spent already, or it has none). */
const ADMITTED = () => true;

/** `admit` once more on its own after the batch's transaction was lost; null when that fails too. */
function admitAlone(context: BatchContext, admit: () => boolean): boolean | null {
  try {
    return context.db.transaction(admit).immediate();
  } catch {
    return null;
  }
}

/**
 * Answers every item, in the order sent. The batch is one IMMEDIATE
 * transaction, so one commit (one fsync) makes all of it durable, and the
 * answer is returned only after that commit; each item runs in a savepoint
 * of its own, so a failing item rolls back alone and never blocks the rest.
 * `admit` runs first in the same transaction (the request's nonce is spent
 * with the items it carried); false makes the whole batch a replay.
 * When the transaction itself fails (the lock not granted in time, the
 * commit refused), nothing of it was kept and every item is `retry`; the
 * nonce is still spent, as a request that passed every check spends it.
 */
export function ingestBatch(context: BatchContext, items: unknown[], admit: () => boolean = ADMITTED): BatchOutcome {
  try {
    const results = context.db
      .transaction(() => (admit() ? items.map((item) => answerItem(context, item)) : null))
      .immediate();
    return results ? { results } : { replayed: true };
  } catch (error) {
    context.log('batch.failed', { kioskId: context.kioskId, items: items.length, ...errorFields(error) });
    if (admitAlone(context, admit) === false) return { replayed: true };
    return { results: items.map((item) => ({ id: idOf(item), outcome: 'retry', reason: 'internal' })) };
  }
}
