import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesAfter } from '../../../src-central/feed/changes';
import type { ItemResult } from '../../../src-shared/sync/wire';
import { bundleForNode } from './bundle';
import { TestCentral, type TestKiosk, testCatalog, validEnvelope } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
let bundleDir: string;
let workerFile: string;
let central: TestCentral;
let kiosk: TestKiosk;

beforeAll(async () => {
  ({ dir: bundleDir, file: workerFile } = await bundleForNode(join(here, 'parallel-worker.ts'), 'central-worker-'));
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterAll(async () => {
  await central.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

function runWorkers(jobs: ReturnType<typeof validEnvelope>[][], asBatch = false): Promise<ItemResult[][]> {
  const start = new SharedArrayBuffer(4);
  const workers = jobs.map(
    (envelopes) =>
      new Worker(workerFile, {
        workerData: {
          dbPath: central.dbPath,
          kioskId: kiosk.id,
          catalog: testCatalog,
          envelopes,
          asBatch,
          nowIso: central.now().toISOString(),
          start,
        },
      }),
  );
  const done = workers.map(
    (worker) =>
      new Promise<ItemResult[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
  );
  // Give every worker time to open its connection, then let them all go at once.
  setTimeout(() => {
    Atomics.store(new Int32Array(start), 0, 1);
    Atomics.notify(new Int32Array(start), 0);
  }, 300);
  return Promise.all(done);
}

describe('ingestion from parallel connections (worker threads)', () => {
  it('stores one row for one UUID and never hands out a number twice', async () => {
    const contested = validEnvelope();
    const jobs = Array.from({ length: 4 }, () => [contested, ...Array.from({ length: 15 }, () => validEnvelope())]);
    const results = (await runWorkers(jobs)).flat();

    const forContested = results.filter((r) => r.id === contested.id);
    expect(forContested.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
    expect(forContested.filter((r) => r.outcome === 'duplicate')).toHaveLength(3);
    expect(new Set(forContested.map((r) => r.registrationNumber)).size).toBe(1);

    expect(results.every((r) => r.outcome === 'accepted' || r.outcome === 'duplicate')).toBe(true);
    const numbers = results.filter((r) => r.outcome === 'accepted').map((r) => r.registrationNumber);
    expect(numbers).toHaveLength(61);
    expect(new Set(numbers).size).toBe(61);
    const stored = central.db.prepare('SELECT registration_number FROM applications ORDER BY registration_number').all();
    expect(stored).toEqual(Array.from({ length: 61 }, (_, i) => ({ registration_number: `2026-${String(i + 1).padStart(6, '0')}` })));
    // Each stored application got exactly one 'received' step and one feed item, whichever connection won.
    expect(central.db.prepare("SELECT COUNT(DISTINCT application_id) AS apps, COUNT(*) AS steps FROM application_status_steps").get()).toEqual({
      apps: 61,
      steps: 61,
    });
    const received = changesAfter(central.db, kiosk.id, 0).changes.filter((c) => c.kind === 'status');
    expect(new Set(received.map((c) => c.kind === 'status' && c.applicationId)).size).toBe(61);
    expect(new Set(received.map((c) => c.seq)).size).toBe(61);
  });

  it('makes one record of each application when identical batches are ingested at once, one transaction each', async () => {
    const before = (central.db.prepare('SELECT COUNT(*) AS n FROM applications').get() as { n: number }).n;
    const batch = Array.from({ length: 40 }, () => validEnvelope());
    const rounds = await runWorkers([batch, batch, batch], true);
    for (const [index, envelope] of batch.entries()) {
      const outcomes = rounds.map((results) => results[index]!);
      expect(outcomes.map((r) => r.id)).toEqual([envelope.id, envelope.id, envelope.id]);
      expect(outcomes.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((r) => r.outcome === 'duplicate')).toHaveLength(2);
      expect(new Set(outcomes.map((r) => r.registrationNumber)).size).toBe(1);
    }
    // One batch won whole: its items are accepted together, the others answered duplicate together.
    expect(rounds.filter((results) => results.every((r) => r.outcome === 'accepted'))).toHaveLength(1);
    const count = central.db.prepare('SELECT COUNT(*) AS n FROM applications').get() as { n: number };
    expect(count.n).toBe(before + 40);
  });
});
