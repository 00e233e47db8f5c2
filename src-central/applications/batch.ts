import { z } from 'zod';
import { ApplicationEnvelope, type ItemResult, MAX_BATCH_ITEMS } from '../../src-shared/sync/wire';
import { RequestError } from '../requests';
import { type IngestContext, ingestApplication } from './ingest';

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

/** Answers every item, in the order sent. */
export function ingestBatch(context: BatchContext, items: unknown[]): ItemResult[] {
  return items.map((item) => {
    const envelope = ApplicationEnvelope.safeParse(item);
    if (!envelope.success) {
      const { id } = ItemId.parse(item);
      context.log('application.rejected', { applicationId: id, kioskId: context.kioskId, reason: 'item.invalid' });
      return { id, outcome: 'rejected', reason: 'item.invalid' };
    }
    return ingestApplication({ ...context, now: context.clock() }, envelope.data);
  });
}
