import type { ItemOutcome, ItemResult } from '../../src-shared/sync/wire';
import { type IngestContext, type StoreContext, storeInSavepoint } from './ingest';
import { type JudgedItem, errorFields, judgeItems } from './judge';

/** Like an item's context, but each item reads the clock when its turn comes. */
export type BatchContext = Omit<IngestContext, 'now'> & { clock: () => Date };
export type StoreBatchContext = Omit<StoreContext, 'now'> & { clock: () => Date };

/** Every item answered, or the request refused as a replay before anything was written. */
export type BatchOutcome = { results: ItemResult[] } | { replayed: true };

/** For a batch whose request needs no admitting here (its nonce was spent already, or it has none). */
const ADMITTED = () => true;

function storeItem(context: StoreBatchContext, item: JudgedItem): ItemResult {
  if ('notAnEnvelope' in item) {
    context.log('application.rejected', { applicationId: item.id, kioskId: context.kioskId, reason: 'item.invalid' });
    return { id: item.id, outcome: 'rejected', reason: 'item.invalid' };
  }
  if ('judgingFailed' in item) {
    context.log('application.failed', { applicationId: item.id, kioskId: context.kioskId, ...item.judgingFailed });
    return { id: item.id, outcome: 'retry', reason: 'internal' };
  }
  return storeInSavepoint({ ...context, now: context.clock() }, item);
}

/** `admit` once more on its own after the batch's transaction was lost; null when that fails too. */
function admitAlone(context: StoreBatchContext, admit: () => boolean): boolean | null {
  try {
    return context.db.transaction(admit).immediate();
  } catch {
    return null;
  }
}

/**
 * One line for the whole batch: how many items had each outcome, and the
 * numbers given (consecutive, one transaction takes them). Refusals,
 * conflicts and failures have lines of their own, with the application's id.
 */
function logBatch(context: StoreBatchContext, results: ItemResult[]): void {
  const counts: Record<ItemOutcome, number> = { accepted: 0, duplicate: 0, conflict: 0, rejected: 0, retry: 0 };
  let firstNumber: string | undefined;
  let lastNumber: string | undefined;
  for (const result of results) {
    counts[result.outcome] += 1;
    if (result.outcome !== 'accepted') continue;
    firstNumber ??= result.registrationNumber;
    lastNumber = result.registrationNumber;
  }
  context.log('batch.stored', { kioskId: context.kioskId, items: results.length, ...counts, firstNumber, lastNumber });
}

/**
 * Answers every judged item, in the order sent. The batch is one IMMEDIATE
 * transaction, so one commit (one fsync) makes all of it durable, and the
 * answer is returned only after that commit; each item runs in a savepoint
 * of its own, so a failing item rolls back alone and never blocks the rest.
 * `admit` runs first in the same transaction (the request's nonce is spent
 * with the items it carried); false makes the whole batch a replay.
 * When the transaction itself fails (the lock not granted in time, the
 * commit refused), nothing of it was kept and every item is `retry`; the
 * nonce is still spent, as a request that passed every check spends it.
 */
export function storeBatch(context: StoreBatchContext, items: JudgedItem[], admit: () => boolean = ADMITTED): BatchOutcome {
  try {
    const results = context.db
      .transaction(() => (admit() ? items.map((item) => storeItem(context, item)) : null))
      .immediate();
    if (!results) return { replayed: true };
    logBatch(context, results);
    return { results };
  } catch (error) {
    context.log('batch.failed', { kioskId: context.kioskId, items: items.length, ...errorFields(error) });
    if (admitAlone(context, admit) === false) return { replayed: true };
    return { results: items.map((item) => ({ id: item.id, outcome: 'retry', reason: 'internal' })) };
  }
}

/** Judges the items (each against the catalogs as they are now), then stores them as one batch. */
export function ingestBatch(context: BatchContext, items: unknown[], admit: () => boolean = ADMITTED): BatchOutcome {
  return storeBatch(context, judgeItems(items, context.catalog, context.clock()), admit);
}
