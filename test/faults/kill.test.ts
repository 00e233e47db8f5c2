import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { Catalog } from '../../src-shared/catalog/schema';
import { largeFile, smallFiles, submitRealEstateApplication, type CitizenFile } from './applications';
import { deliveryProblems } from './delivery';
import { enroll, FaultHarness, type RunningCentral } from './harness';
import { outboxCount, outboxDrains, realCatalogPath, sleep, startLauncher, type LauncherProcess } from './launcher';
import { describeRecords, type FaultProxy, type FaultSchedule, type ProxiedRequest } from './proxy';
import { matches, randomSchedule } from './schedules';
import { between, childSeed, faultSeed, mulberry32, pick, type Random } from './seeded';

/**
 * The built kiosk as its own process, killed with SIGKILL at random points
 * of its sync and started again on the same data folder; then left to
 * finish. Whatever was cut, the end state is the one a clean sync leaves.
 * Over a hundred applications, so a sync is several batches, each in flight
 * while the next one's files go. FAULT_SEED replays the same kill points and
 * link faults.
 */
const seed = faultSeed();
console.log(`[faults] kills: FAULT_SEED=${seed} (replay with FAULT_SEED=${seed})`);

const realCatalog = Catalog.parse(JSON.parse(readFileSync(realCatalogPath, 'utf8')));
const KILLS = 6;

let harness: FaultHarness;
const launched: LauncherProcess[] = [];
afterEach(async () => {
  for (const kiosk of launched.splice(0)) await kiosk.kill('SIGKILL');
  await harness.close();
});

interface DataFolder {
  /** What the launcher gets as --data. */
  dataDir: string;
  /** The core's folder inside it. */
  kioskDir: string;
  ids: string[];
}

/**
 * The data folder the launcher expects (`<data>/kiosk`), made in process:
 * enrolled with the service, `count` applications submitted with title
 * documents (some shared, two large photos that go in chunks), none sent.
 */
async function prepareDataFolder(central: RunningCentral, random: Random, count: number): Promise<DataFolder> {
  const dataDir = harness.tempDir('faults-launcher-');
  const kioskDir = join(dataDir, 'kiosk');
  const kiosk = harness.kiosk({ centralUrl: central.url, dataDir: kioskDir, giveUpAfterMs: null });
  await enroll(kiosk.core, central);
  await kiosk.core.close();
  const folder = { dataDir, kioskDir, ids: [] };
  await submitMore(central, folder, random, count, true);
  expect(outboxCount(kioskDir)).toBe(count);
  return folder;
}

/** While no process runs on the folder: `count` more applications, submitted in process (the citizens kept coming). */
async function submitMore(central: RunningCentral, folder: DataFolder, random: Random, count: number, withLargePhotos = false): Promise<void> {
  if (count === 0) return;
  const kiosk = harness.kiosk({ centralUrl: central.url, dataDir: folder.kioskDir, giveUpAfterMs: null });
  const pool: CitizenFile[] = await smallFiles(random, Math.max(2, Math.ceil(count / 3)), `k${folder.ids.length}`);
  if (withLargePhotos) pool.push(largeFile(between(random, 0, 1e6)), largeFile(between(random, 0, 1e6)));
  for (let i = 0; i < count; i += 1) {
    const documents = [...new Set(Array.from({ length: between(random, 1, 3) }, () => pick(random, pool)))];
    folder.ids.push(await submitRealEstateApplication(kiosk.core, random, documents));
  }
  await kiosk.core.close();
}

/**
 * A slow link (every request waits 30–200 ms: wider windows to be killed
 * in) that also breaks now and then.
 */
function slowBreakingLink(random: Random): FaultSchedule {
  const breaking = randomSchedule(random, {
    probability: 0.15,
    cap: 30,
    weights: { resetRequest: 1, resetResponse: 1, loseResponse: 2, refuse: 1 },
  });
  return {
    refuseConnection: (connection) => breaking.refuseConnection(connection),
    faultFor(request) {
      const fault = breaking.faultFor(request);
      return fault.kind === 'pass' ? { kind: 'delay', ms: between(random, 30, 200) } : fault;
    },
  };
}

function launch(folder: DataFolder, proxy: FaultProxy): LauncherProcess {
  const kiosk = startLauncher(folder.dataDir, proxy.url);
  launched.push(kiosk);
  return kiosk;
}

type KillPoint =
  | { kind: 'afterMs'; ms: number }
  | { kind: 'atRequest'; n: number }
  | { kind: 'atBatch' }
  | { kind: 'afterBatchAnswered' };

function drawKillPoint(random: Random): KillPoint {
  switch (pick(random, ['afterMs', 'afterMs', 'atRequest', 'atBatch', 'afterBatchAnswered'] as const)) {
    case 'afterMs':
      return { kind: 'afterMs', ms: between(random, 150, 2_500) };
    case 'atRequest':
      return { kind: 'atRequest', n: between(random, 1, 20) };
    case 'atBatch':
      return { kind: 'atBatch' };
    case 'afterBatchAnswered':
      return { kind: 'afterBatchAnswered' };
  }
}

/** Resolves when the kill point is reached (or the outbox is empty first: nothing left to cut). */
function killPointReached(point: KillPoint, proxy: FaultProxy, folder: DataFolder): Promise<'reached' | 'drained'> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (how: 'reached' | 'drained') => {
      if (done) return;
      done = true;
      resolve(how);
    };
    let seen = 0;
    proxy.onRequest((request: ProxiedRequest) => {
      if (done) return;
      seen += 1;
      if (point.kind === 'atRequest' && seen >= point.n) finish('reached');
      if (point.kind === 'atBatch' && matches('batch', request)) finish('reached');
    });
    proxy.onAnswered((request) => {
      if (!done && point.kind === 'afterBatchAnswered' && matches('batch', request)) finish('reached');
    });
    if (point.kind === 'afterMs') setTimeout(() => finish('reached'), point.ms);
    void (async () => {
      while (!done) {
        if (await outboxDrains(folder.kioskDir, 1, 100)) finish('drained');
      }
    })();
  });
}

/** How often each sync event appears in the launcher's event log (codes only), for the story of a run. */
function eventCounts(folder: DataFolder): string[] {
  const counts = new Map<string, number>();
  for (const line of readFileSync(join(folder.dataDir, 'kiosk.log'), 'utf8').split('\n')) {
    if (!line) continue;
    const { event, code } = JSON.parse(line) as { event: string; code?: string };
    if (!event.startsWith('sync.')) continue;
    const key = code ? `${event}(${code})` : event;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [[...counts].map(([key, n]) => `${key} ×${n}`).join(', ')];
}

async function expectDelivered(central: RunningCentral, folder: DataFolder): Promise<void> {
  const problems = await deliveryProblems({
    centralDbPath: central.dbPath,
    centralAttachmentsDir: central.attachmentsDir,
    kioskDataDir: folder.kioskDir,
    applicationIds: folder.ids,
  });
  expect(problems).toEqual([]);
}

describe('the kiosk process killed mid-sync', () => {
  it(`SIGKILL at ${KILLS} random points of its sync, restarted each time, then left to finish`, { timeout: 300_000 }, async () => {
    const random = mulberry32(seed);
    harness = new FaultHarness(realCatalog, realCatalogPath);
    const central = await harness.central();
    const folder = await prepareDataFolder(central, random, 120);
    // A link that is slow now and then (wider windows to be killed in), and breaks a little.
    const proxy = await harness.proxy(central, slowBreakingLink(mulberry32(childSeed(random))));
    const story: string[] = [];
    onTestFailed(() => console.log([`[faults] kills failed: FAULT_SEED=${seed}`, ...story, '--- what the proxy did:', describeRecords(proxy.records)].join('\n')));

    const started = Date.now();
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const point = drawKillPoint(random);
      const kiosk = launch(folder, proxy);
      const how = await killPointReached(point, proxy, folder);
      const exit = await kiosk.kill('SIGKILL');
      const more = between(random, 0, 20);
      story.push(`${Date.now() - started}ms run ${kill}: kill point ${JSON.stringify(point)} ${how}, exit ${JSON.stringify(exit)}, outbox ${outboxCount(folder.kioskDir)}, then ${more} more submitted`);
      await submitMore(central, folder, random, more);
    }

    const last = launch(folder, proxy);
    const drained = await outboxDrains(folder.kioskDir, 450);
    const exit = await last.kill('SIGTERM');
    story.push(`${Date.now() - started}ms last run: drained ${drained}, exit ${JSON.stringify(exit)}`, ...eventCounts(folder), ...last.output.slice(-10));
    console.log(story.join('\n'));
    expect(drained, 'the outbox drained after the kills').toBe(true);
    await expectDelivered(central, folder);
  });

  it.each(['attachment', 'batch'] as const)(
    'two kiosk processes on one data folder, the second started when the first sends its first %s',
    { timeout: 180_000 },
    async (moment) => {
      const random = mulberry32(childSeed(mulberry32(seed ^ (moment === 'batch' ? 0x5bd1e995 : 0x27d4eb2d))));
      harness = new FaultHarness(realCatalog, realCatalogPath);
      const central = await harness.central();
      const folder = await prepareDataFolder(central, random, 150);
      const proxy = await harness.proxy(central, {
        refuseConnection: () => false,
        // Requests linger on the link, so both processes have theirs in flight together.
        faultFor: (request) => ({ kind: 'delay', ms: matches('batch', request) ? 1_500 : 150 }),
      });
      const story: string[] = [];
      onTestFailed(() => console.log([`[faults] two processes failed: FAULT_SEED=${seed}`, ...story, '--- what the proxy did:', describeRecords(proxy.records)].join('\n')));

      const target = moment === 'batch' ? 'batch' : 'firstChunk';
      const firstSeen = new Promise<void>((resolve) => proxy.onRequest((request) => matches(target, request) && resolve()));
      const first = launch(folder, proxy);
      await firstSeen;
      const second = launch(folder, proxy);
      const drained = await outboxDrains(folder.kioskDir, 600);
      // Both have had time to keep what their last batch was answered before they are stopped.
      await sleep(2_000);
      const exits = [await first.kill('SIGTERM'), await second.kill('SIGTERM')];
      const batches = proxy.records.filter((r) => r.request && matches('batch', r.request)).length;
      story.push(`drained ${drained}, exits ${JSON.stringify(exits)}, batches sent ${batches}`, ...first.output.slice(-5), ...second.output.slice(-5));
      console.log(story.join('\n'));
      expect(drained).toBe(true);
      await expectDelivered(central, folder);
    },
  );
});
