import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemResult } from '../../../src-shared/sync/wire';
import { TestCentral, type TestKiosk, testCatalog, validEnvelope } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let bundleDir: string;
let workerFile: string;
let central: TestCentral;
let kiosk: TestKiosk;

/** Bundles the worker so it runs outside vitest: SQL as text, better-sqlite3 left to Node. */
async function bundleWorker(): Promise<string> {
  bundleDir = mkdtempSync(join(tmpdir(), 'central-worker-'));
  const outfile = join(bundleDir, 'worker.mjs');
  await build({
    entryPoints: [join(here, 'parallel-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'central-test',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: require.resolve('better-sqlite3'), external: true }));
          b.onResolve({ filter: /\?raw$/ }, (args) => ({
            path: join(args.resolveDir, args.path.replace(/\?raw$/, '')),
            namespace: 'raw',
          }));
          b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({
            contents: await readFile(args.path, 'utf8'),
            loader: 'text',
          }));
        },
      },
    ],
  });
  return outfile;
}

beforeAll(async () => {
  workerFile = await bundleWorker();
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterAll(async () => {
  await central.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

function runWorkers(jobs: ReturnType<typeof validEnvelope>[][]): Promise<ItemResult[][]> {
  const start = new SharedArrayBuffer(4);
  const workers = jobs.map(
    (envelopes) =>
      new Worker(workerFile, {
        workerData: {
          dbPath: central.dbPath,
          kioskId: kiosk.id,
          catalog: testCatalog,
          envelopes,
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
  });
});
