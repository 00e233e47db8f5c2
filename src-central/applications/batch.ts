import type { ItemOutcome, ItemResult } from '../../src-shared/sync/wire';
import type { CentralDatabase } from '../database';
import type { CentralLog, LogFields } from '../effects';
import {
  type IngestContext,
  type NextNumbers,
  type StoreContext,
  inSavepoint,
  noNumbersKnown,
  storeInSavepoint,
  storeInTransaction,
} from './ingest';
import { type JudgedEnvelope, type JudgedItem, errorFields, judgeItems } from './judge';

/** Like an item's context, but each item reads the clock when its turn comes. */
export type BatchContext = Omit<IngestContext, 'now'> & { clock: () => Date };
export type StoreBatchContext = Omit<StoreContext, 'now'> & { clock: () => Date };

/** Every item answered, or the request refused as a replay before anything was written. */
export type BatchOutcome = { results: ItemResult[] } | { replayed: true };

/** For a batch whose request needs no admitting here (its nonce was spent already, or it has none). */
const ADMITTED = () => true;

/** One batch to store: its judged items, and `admit`, which spends its request's nonce (false for a replay). */
export interface PendingBatch {
  context: StoreBatchContext;
  items: JudgedItem[];
  admit: () => boolean;
}

/** How an item is stored inside the group's transaction: alone in a savepoint, or straight in the transaction. */
type StoreJudged = (context: StoreContext, item: JudgedEnvelope) => ItemResult;

function storeItem(context: StoreBatchContext, item: JudgedItem, numbers: NextNumbers, store: StoreJudged): ItemResult {
  if ('notAnEnvelope' in item) {
    context.log('application.rejected', { applicationId: item.id, kioskId: context.kioskId, reason: 'item.invalid' });
    return { id: item.id, outcome: 'rejected', reason: 'item.invalid' };
  }
  if ('judgingFailed' in item) {
    context.log('application.failed', { applicationId: item.id, kioskId: context.kioskId, ...item.judgingFailed });
    return { id: item.id, outcome: 'retry', reason: 'internal' };
  }
  return store({ ...context, now: context.clock(), numbers }, item);
}

function allRetry(batch: PendingBatch): BatchOutcome {
  return { results: batch.items.map((item) => ({ id: item.id, outcome: 'retry', reason: 'internal' })) };
}

/**
 * One batch: its nonce first, in a savepoint (a replay, or a failure there,
 * leaves nothing and stores none of its items), then each item in a
 * savepoint of its own. When SQLite has rolled back the whole transaction,
 * the error goes up. (No savepoint around the whole batch: SQLite would
 * keep every page the batch changed in one sub-journal, and walk it again
 * as each item's savepoint is released.)
 */
function storeOneBatch(db: CentralDatabase, batch: PendingBatch, numbers: NextNumbers): BatchOutcome {
  let admitted: boolean;
  try {
    admitted = inSavepoint(db, batch.admit);
  } catch (error) {
    if (!db.inTransaction) throw error;
    batch.context.log('batch.failed', { kioskId: batch.context.kioskId, items: batch.items.length, ...errorFields(error) });
    return allRetry(batch);
  }
  if (!admitted) return { replayed: true };
  return { results: batch.items.map((item) => storeItem(batch.context, item, numbers, storeInSavepoint)) };
}

/** `admit` once more on its own after the batch's transaction was lost; null when that fails too. */
function admitAlone(db: CentralDatabase, admit: () => boolean): boolean | null {
  try {
    return db.transaction(admit).immediate();
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

/** Thrown out of the first, optimistic pass: something failed that only savepoints can keep apart. */
class NeedsSavepoints extends Error {}

/**
 * The first pass over a group: every nonce and item straight in the
 * transaction, without a savepoint each. The savepoints took about a fifth
 * of the time a group's storing took (each copies the pages its item
 * changes, and walks them again when released), and nearly every group has
 * nothing to roll back alone. Anything that throws ends this pass, and the whole transaction
 * is rolled back for the second. Log lines wait for the commit, so a group
 * stored twice logs once.
 */
function storeGroupAtOnce(batches: PendingBatch[], held: Array<() => void>): BatchOutcome[] {
  const numbers = noNumbersKnown();
  return batches.map((batch) => {
    const log: CentralLog = (event: string, fields?: LogFields) => void held.push(() => batch.context.log(event, fields));
    const context = { ...batch.context, log };
    try {
      if (!batch.admit()) return { replayed: true };
      return { results: batch.items.map((item) => storeItem(context, item, numbers, storeInTransaction)) };
    } catch (error) {
      throw new NeedsSavepoints('an item needs a savepoint of its own', { cause: error });
    }
  });
}

/** The second pass: each nonce and each item in a savepoint of its own (`storeOneBatch`). */
function storeGroupInSavepoints(db: CentralDatabase, batches: PendingBatch[]): BatchOutcome[] {
  const numbers = noNumbersKnown();
  return batches.map((batch) => storeOneBatch(db, batch, numbers));
}

/**
 * Answers every item of every batch, in the order sent. The batches share
 * one IMMEDIATE transaction, so one commit (one fsync) makes all of them
 * durable, and the answers are returned only after that commit. Each
 * batch's request's nonce is spent first (a replay writes nothing), then
 * its items. Stored at once when nothing fails (`storeGroupAtOnce`); when
 * something does, the group is stored again with each nonce and each item
 * in a savepoint of its own, so a failing item rolls back alone and never
 * blocks the rest. When the transaction itself fails (the lock not granted
 * in time, the commit refused), nothing of it was kept and every item is
 * `retry`; each nonce is still spent, as a request that passed every check
 * spends it.
 */
export function storeBatches(db: CentralDatabase, batches: PendingBatch[]): BatchOutcome[] {
  try {
    let outcomes: BatchOutcome[];
    const held: Array<() => void> = [];
    try {
      outcomes = db.transaction(() => storeGroupAtOnce(batches, held)).immediate();
      for (const line of held) line();
    } catch (error) {
      if (!(error instanceof NeedsSavepoints)) throw error;
      outcomes = db.transaction(() => storeGroupInSavepoints(db, batches)).immediate();
    }
    outcomes.forEach((outcome, i) => {
      if ('results' in outcome) logBatch(batches[i]!.context, outcome.results);
    });
    return outcomes;
  } catch (error) {
    return batches.map((batch) => {
      batch.context.log('batch.failed', { kioskId: batch.context.kioskId, items: batch.items.length, ...errorFields(error) });
      return admitAlone(db, batch.admit) === false ? { replayed: true } : allRetry(batch);
    });
  }
}

/** One batch in a transaction of its own. */
export function storeBatch(context: StoreBatchContext, items: JudgedItem[], admit: () => boolean = ADMITTED): BatchOutcome {
  return storeBatches(context.db, [{ context, items, admit }])[0]!;
}

/** Judges the items (each against the catalogs as they are now), then stores them as one batch. */
export function ingestBatch(context: BatchContext, items: unknown[], admit: () => boolean = ADMITTED): BatchOutcome {
  return storeBatch(context, judgeItems(items, context.catalog, context.clock()), admit);
}

/** The longest a judged batch waits for others to share its commit. */
export const GROUP_WAIT_MS = 20;
/** The most batches one commit takes. */
export const GROUP_MAX_BATCHES = 8;

export interface BatchStore {
  store(batch: PendingBatch): Promise<BatchOutcome>;
  /** Whether judged batches wait for their commit now. */
  storing(): boolean;
}

/**
 * Group commit: the batches judged while the thread was busy are stored
 * together, in one transaction, at the next turn of the event loop. And
 * while more batches are being judged (`moreComing`), a judged batch waits
 * for them, up to GROUP_WAIT_MS: one commit, one fsync and one write of
 * the pages they share, instead of one each. A batch alone (a kiosk
 * sending its outbox one batch at a time) never waits. Nothing is answered
 * before its commit.
 */
export function createBatchStore(
  db: CentralDatabase,
  options: { committed?: () => void; moreComing?: () => boolean } = {},
): BatchStore {
  const { committed = () => {}, moreComing = () => false } = options;
  let waiting: Array<{ batch: PendingBatch; answer(outcome: BatchOutcome): void }> = [];
  let atNextTurn: NodeJS.Immediate | null = null;
  let afterWaiting: NodeJS.Timeout | null = null;

  function storeWaiting(): void {
    if (atNextTurn) clearImmediate(atNextTurn);
    if (afterWaiting) clearTimeout(afterWaiting);
    atNextTurn = afterWaiting = null;
    const group = waiting;
    waiting = [];
    const outcomes = storeBatches(
      db,
      group.map((entry) => entry.batch),
    );
    committed();
    group.forEach((entry, i) => entry.answer(outcomes[i]!));
  }

  function schedule(): void {
    if (atNextTurn) return;
    if (waiting.length < GROUP_MAX_BATCHES && moreComing()) {
      // Wait for the others, but never longer than the first to wait may.
      afterWaiting ??= setTimeout(storeWaiting, GROUP_WAIT_MS);
      return;
    }
    atNextTurn = setImmediate(storeWaiting);
  }

  return {
    store(batch) {
      return new Promise((answer) => {
        waiting.push({ batch, answer });
        schedule();
      });
    },
    storing: () => waiting.length > 0,
  };
}
