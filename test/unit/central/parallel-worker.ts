// Runs in a worker thread (bundled by parallel-ingest.test.ts): one more
// connection to the same database, ingesting at the same moment as the others.
import { parentPort, workerData } from 'node:worker_threads';
import { ingestApplication } from '../../../src-central/applications/ingest';
import { openCentralDatabase } from '../../../src-central/database';
import type { Catalog } from '../../../src-shared/catalog/schema';
import type { ApplicationEnvelope, ItemResult } from '../../../src-shared/sync/wire';

interface Job {
  dbPath: string;
  kioskId: string;
  catalog: Catalog;
  envelopes: ApplicationEnvelope[];
  nowIso: string;
  start: SharedArrayBuffer;
}

const job = workerData as Job;
const db = openCentralDatabase(job.dbPath);
// Wait until every worker is ready, so they really write at once.
Atomics.wait(new Int32Array(job.start), 0, 0);
const results: ItemResult[] = job.envelopes.map((envelope) =>
  ingestApplication({ db, catalog: job.catalog, kioskId: job.kioskId, now: new Date(job.nowIso), log: () => {} }, envelope),
);
db.close();
parentPort?.postMessage(results);
