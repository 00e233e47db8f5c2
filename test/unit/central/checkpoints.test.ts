import { statSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_PAGES_BEFORE_OWN_CHECKPOINT } from '../../../src-central/checkpoints';
import { bundleForNode } from './bundle';
import { TestCentral, type TestKiosk, validEnvelope } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
let bundleDir: string;
let central: TestCentral;
let kiosk: TestKiosk;

beforeAll(async () => {
  let file: string;
  ({ dir: bundleDir, file } = await bundleForNode(join(here, 'checkpoint-worker.ts'), 'central-checkpoints-'));
  central = new TestCentral();
  await central.central.close();
  central.central = central.open({ checkpointWorker: pathToFileURL(file) });
  kiosk = await central.enroll();
});
afterAll(async () => {
  await central.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('checkpoints on a thread of their own', () => {
  it('leaves the service its own checkpoint only for a long log', () => {
    expect(central.db.pragma('wal_autocheckpoint', { simple: true })).toBe(LOG_PAGES_BEFORE_OWN_CHECKPOINT);
  });

  it('copies what the service commits into the database file, which readers then see there', async () => {
    const before = statSync(central.dbPath).size;
    for (let batch = 0; batch < 5; batch += 1) {
      const results = await central.sendBatch(kiosk, Array.from({ length: 20 }, () => validEnvelope()));
      expect(results.every((r) => r.outcome === 'accepted')).toBe(true);
    }
    let grown = false;
    for (let tries = 0; tries < 50 && !grown; tries += 1) {
      await wait(20);
      grown = statSync(central.dbPath).size > before;
    }
    expect(grown).toBe(true);
    const other = central.open();
    try {
      expect(other.db.prepare('SELECT COUNT(*) AS n FROM applications').get()).toEqual({ n: 100 });
    } finally {
      await other.close();
    }
  });
});
