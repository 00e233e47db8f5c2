import { z } from 'zod';
import { ApplicationEnvelope, type ItemResult, MAX_BATCH_ITEMS } from '../../src-shared/sync/wire';
import { RequestError } from '../requests';
import { type IngestContext, errorFields, ingestInSavepoint } from './ingest';

/**
 * The batch is parsed loosely and each item on its own: one malformed
 * envelope is answered `rejected` instead of refusing the whole batch, which
 * would stall the kiosk's outbox behind it.
 */
const LooseBatch = z.object({ items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) });
const ItemId = z.object({ id: z.string().uuid() });

export function parseLooseBatch(json: unknown): unknown[] {
  const batch = LooseBatch.safeParse(json);
  // An item without a usable id cannot be answered per item.
  if (!batch.success || !batch.data.items.every((item) => ItemId.safeParse(item).success)) {
    throw new RequestError(400, 'request.invalid');
  }
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

/**
 * Answers every item, in the order sent. The batch is one IMMEDIATE
 * transaction, so one commit (one fsync) makes all of it durable, and the
 * answer is returned only after that commit; each item runs in a savepoint
 * of its own, so a failing item rolls back alone and never blocks the rest.
 * When the transaction itself fails (the lock not granted in time, the
 * commit refused), nothing of it was kept and every item is `retry`.
 */
export function ingestBatch(context: BatchContext, items: unknown[]): ItemResult[] {
  try {
    return context.db.transaction(() => items.map((item) => answerItem(context, item))).immediate();
  } catch (error) {
    context.log('batch.failed', { kioskId: context.kioskId, items: items.length, ...errorFields(error) });
    return items.map((item) => ({ id: idOf(item), outcome: 'retry', reason: 'internal' }));
  }
}
