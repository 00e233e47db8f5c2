import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgedItem } from '../../../src-central/applications/judge';
import { type Judge, inProcessJudge, threadJudge } from '../../../src-central/applications/judging';
import { createPublishedCatalogs } from '../../../src-central/catalog/published';
import { publishCatalog } from '../../../src-central/catalog/versions';
import type { LogFields } from '../../../src-central/effects';
import { canonicalJson } from '../../../src-shared/sync/wire';
import { bundleForNode } from './bundle';
import { TestCentral, testCatalog, validEnvelope } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
let bundleDir: string;
let workerUrl: URL;
let central: TestCentral;
const logs: Array<{ event: string; fields?: LogFields }> = [];
let onThread: Judge;
let inProcess: Judge;

beforeAll(async () => {
  let file: string;
  ({ dir: bundleDir, file } = await bundleForNode(join(here, 'judge-worker.ts'), 'central-judge-'));
  workerUrl = pathToFileURL(file);
  central = new TestCentral();
  const catalogs = createPublishedCatalogs(central.db, testCatalog);
  // As a busy service's: every batch goes to the thread.
  onThread = threadJudge(
    workerUrl,
    { role: 'judge', dbPath: central.dbPath, fallbackCatalog: testCatalog },
    catalogs,
    (event, fields) => logs.push({ event, fields }),
    () => true,
  );
  inProcess = inProcessJudge(catalogs);
});
afterAll(async () => {
  await onThread.close();
  await central.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

const body = (items: unknown[]) => Buffer.from(JSON.stringify({ items }));

/** The JSON's bytes as bytes, whichever kind of view holds them. */
function comparable(judged: JudgedItem[]): unknown[] {
  return judged.map((item) => ('fingerprint' in item ? { ...item, fingerprint: { ...item.fingerprint, json: [...item.fingerprint.json] } } : item));
}

describe('judging on a worker thread', () => {
  it('answers what judging in process answers, item for item, byte for byte', async () => {
    const items = [
      validEnvelope(),
      validEnvelope({ answers: { childName: 'Ү' } }),
      { id: randomUUID(), notAnEnvelope: true },
      validEnvelope({ serviceId: 'nope' }),
      validEnvelope({ answers: { ...validEnvelope().answers, childName: 'Үмөт 😀' } }),
    ];
    const now = central.now();
    const [there, here] = await Promise.all([onThread.judge(body(items), now), inProcess.judge(body(items), now)]);
    expect(comparable(there!)).toEqual(comparable(here!));
    expect(there!.map((item) => 'fingerprint' in item && Buffer.from(item.fingerprint.json).toString('utf8'))).toEqual(
      items.map((item, i) => i !== 2 && canonicalJson(item)),
    );
  });

  it('answers null for a body that is no batch, as in process', async () => {
    for (const bad of [Buffer.from('{"items": ['), body([]), body([{ id: 'not-a-uuid' }])]) {
      expect(await onThread.judge(bad, central.now())).toBeNull();
    }
  });

  it('judges many batches at once, each its own answer', async () => {
    const batches = Array.from({ length: 12 }, () => Array.from({ length: 20 }, () => validEnvelope()));
    const answers = await Promise.all(batches.map((items) => onThread.judge(body(items), central.now())));
    answers.forEach((judged, i) => expect(judged!.map((item) => item.id)).toEqual(batches[i]!.map((item) => item.id)));
  });

  it('sees a catalog published after it started', async () => {
    const next = { ...testCatalog, version: 'test-2026.2', publishedAt: '2026-02-01T00:00:00Z' };
    next.services = testCatalog.services.map((s) => ({ ...s, id: 'birth-registration-2' }));
    expect(publishCatalog(central.db, next, central.now())).toMatchObject({ ok: true });
    const envelope = validEnvelope({ serviceId: 'birth-registration-2', catalogVersion: 'test-2026.2' });
    const [judged] = (await onThread.judge(body([envelope]), central.now()))!;
    expect(judged).toMatchObject({ id: envelope.id, rejection: null });
  });

  it('judges in process when the thread cannot (its script is broken), and says so', async () => {
    const broken = join(bundleDir, 'broken.mjs');
    writeFileSync(broken, 'throw new Error("broken on purpose");');
    const catalogs = createPublishedCatalogs(central.db, testCatalog);
    const judge = threadJudge(
      pathToFileURL(broken),
      { role: 'judge', dbPath: central.dbPath, fallbackCatalog: testCatalog },
      catalogs,
      (event, fields) => logs.push({ event, fields }),
      () => true,
    );
    try {
      const envelope = validEnvelope();
      expect(await judge.judge(body([envelope]), central.now())).toEqual(await inProcess.judge(body([envelope]), central.now()));
      expect(logs.map((l) => l.event)).toContain('judge.inProcess');
    } finally {
      await judge.close();
    }
  });

  it('judges a batch that comes to an idle service in process, and one that comes while others wait, on the thread', async () => {
    let storing = false;
    const catalogs = createPublishedCatalogs(central.db, testCatalog);
    const judge = threadJudge(workerUrl, { role: 'judge', dbPath: central.dbPath, fallbackCatalog: testCatalog }, catalogs, () => {}, () => storing);
    try {
      const items = [validEnvelope(), validEnvelope({ serviceId: 'nope' })];
      // In process: judged before the call returns, nothing owed by the thread.
      const idle = judge.judge(body(items), central.now());
      expect(judge.busy()).toBe(false);
      storing = true;
      const busy = judge.judge(body(items), central.now());
      expect(judge.busy()).toBe(true);
      // While the thread owes an answer, the next goes there too, even with nothing waiting to be stored.
      storing = false;
      const alongside = judge.judge(body(items), central.now());
      expect(judge.busy()).toBe(true);
      const [here, there, next] = await Promise.all([idle, busy, alongside]);
      expect(comparable(there!)).toEqual(comparable(here!));
      expect(comparable(next!)).toEqual(comparable(here!));
      expect(judge.busy()).toBe(false);
    } finally {
      await judge.close();
    }
  });
});
