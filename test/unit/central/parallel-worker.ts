// Runs in a worker thread (bundled by parallel-ingest.test.ts): one more
// connection to the same database, ingesting at the same moment as the others.
import { parentPort, workerData } from 'node:worker_threads';
import { type BatchOutcome, ingestBatch } from '../../../src-central/applications/batch';
import { ingestApplication } from '../../../src-central/applications/ingest';
import { openCentralDatabase } from '../../../src-central/database';
import type { Catalog } from '../../../src-shared/catalog/schema';
import type { ApplicationEnvelope, ItemResult } from '../../../src-shared/sync/wire';

interface Job {
  dbPath: string;
  kioskId: string;
  catalog: Catalog;
  envelopes: ApplicationEnvelope[];
  /** One batch (one transaction) instead of one application at a time. */
  asBatch?: boolean;
  nowIso: string;
  start: SharedArrayBuffer;
}

function resultsOf(outcome: BatchOutcome): ItemResult[] {
  if ('replayed' in outcome) throw new Error('a batch without a nonce cannot be a replay');
  return outcome.results;
}

const job = workerData as Job;
const db = openCentralDatabase(job.dbPath);
const context = { db, catalog: job.catalog, kioskId: job.kioskId, log: () => {} };
// Wait until every worker is ready, so they really write at once.
Atomics.wait(new Int32Array(job.start), 0, 0);
const results: ItemResult[] = job.asBatch
  ? resultsOf(ingestBatch({ ...context, clock: () => new Date(job.nowIso) }, job.envelopes))
  : job.envelopes.map((envelope) => ingestApplication({ ...context, now: new Date(job.nowIso) }, envelope));
db.close();
parentPort?.postMessage(results);
