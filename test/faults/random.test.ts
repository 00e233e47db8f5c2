import { afterAll, describe, it } from 'vitest';
import { largeFile, randomPlans, submitPlans, type CitizenFile } from './applications';
import { deliveryProblems, portalLeaks } from './delivery';
import { enroll, FaultHarness, SharedClock, syncUntilEmpty, waitUntilEmpty, type RunningCentral } from './harness';
import { describeRecords, startFaultProxy, type FaultKind } from './proxy';
import { randomSchedule, scheduleSeeds } from './schedules';
import { between, childSeed, envCount, faultSeed, mulberry32 } from './seeded';

/**
 * Randomised schedules from one printed seed. Each schedule: a fresh kiosk
 * behind its own proxy, 1–8 applications (files shared, one file twice, now
 * and then a large photo in chunks, one in four a photo other kiosks of the
 * same service carry too; about one in twenty 101–260, so batches
 * are in flight while the next one's files go), a random fault per
 * connection and request with probability p, clean after a cap so the sync
 * ends. About one kiosk in three syncs on its own timers instead of "sync
 * now", and one in four has its clock jump after enrollment. The end state
 * is checked for that schedule's applications alone.
 *
 * Replay a run:        FAULT_SEED=<seed> npm run test:faults
 * Replay one schedule: FAULT_SEED=<its seed> FAULT_SCHEDULES=1 npx vitest run --config vitest.faults.config.ts test/faults/random.test.ts
 */
const seed = faultSeed();
const SCHEDULES = envCount('FAULT_SCHEDULES', 200);
/** Kiosks per central service: one service serves several schedules, each checked on its own applications. */
const KIOSKS_PER_CENTRAL = 25;
/** How long a kiosk waits for an answer before it gives up (a stalled request costs this long). */
const GIVE_UP_AFTER_MS = 1_500;

const WEIGHTS: Partial<Record<FaultKind, number>> = {
  refuse: 2,
  resetRequest: 3,
  resetResponse: 3,
  delay: 3,
  stall: 0.5,
  stallResponse: 0.5,
  answer500: 2,
  garbage: 1,
  portalHtml: 1,
  portalJson: 2,
  portalRedirect: 1,
  staleCache: 2,
  loseResponse: 3,
  duplicate: 1,
};

console.log(`[faults] randomised schedules: FAULT_SEED=${seed}, ${SCHEDULES} schedules (replay with FAULT_SEED=${seed})`);
const master = mulberry32(seed);
// The first schedule's seed is the run's seed, so FAULT_SEED=<a schedule's seed> FAULT_SCHEDULES=1 replays that one schedule.
const seeds = Array.from({ length: SCHEDULES }, (_, i) => (i === 0 ? seed : childSeed(master)));

const shared = new FaultHarness();
/** How often each fault struck over the run, printed at the end: the schedules did break the link. */
const tally = new Map<string, number>();
interface SharedCentral {
  central: RunningCentral;
  clock: SharedClock;
  /** A photo several kiosks of this service carry (the same scan of a common form): they race to upload it. */
  commonPhoto: CitizenFile;
}
const centrals = new Map<number, Promise<SharedCentral>>();
afterAll(async () => {
  await shared.close();
  console.log(`[faults] FAULT_SEED=${seed}: faults struck ${[...tally].sort().map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
});

function centralFor(schedule: number): Promise<SharedCentral> {
  const group = Math.floor(schedule / KIOSKS_PER_CENTRAL);
  let central = centrals.get(group);
  if (!central) {
    const clock = new SharedClock();
    central = shared.central(clock).then((running) => ({ central: running, clock, commonPhoto: largeFile((seed ^ (group + 1)) >>> 0) }));
    centrals.set(group, central);
  }
  return central;
}

describe('randomised fault schedules', { concurrent: true, timeout: 120_000 }, () => {
  seeds.forEach((scheduleSeed, index) => {
    it(`schedule ${index} (seed ${scheduleSeed})`, async ({ expect, onTestFailed }) => {
      // About every third kiosk syncs on its own timers (backoff, probe) instead of "sync now"; about every twentieth has a big outbox (batches in flight while the next one's files go).
      const parts = scheduleSeeds(scheduleSeed);
      const mode = mulberry32(parts.mode);
      const ownTimers = mode() < 1 / 3;
      const big = mode() < 1 / 20;
      // About every fourth kiosk's clock jumps after enrollment by 5 minutes to an hour: its signatures go stale until the service corrects it.
      const skewMs = mode() < 1 / 4 ? (mode() < 0.5 ? -1 : 1) * between(mode, 301, 3_600) * 1_000 : 0;
      console.log(`[faults] schedule ${index}${ownTimers ? ' (own timers)' : ''}${big ? ' (big outbox)' : ''}${skewMs ? ` (clock off by ${skewMs / 1000} s)` : ''}: FAULT_SEED=${scheduleSeed} FAULT_SCHEDULES=1 replays it`);
      const content = mulberry32(parts.content);
      const faults = mulberry32(parts.faults);
      const { central, clock, commonPhoto } = await centralFor(index);
      const harness = new FaultHarness();
      const proxy = await startFaultProxy({ upstreamPort: central.port });
      harness.defer(() => proxy.close());
      const kioskClock = clock.skewed();
      const kiosk = harness.kiosk({ centralUrl: proxy.url, clock: kioskClock, giveUpAfterMs: GIVE_UP_AFTER_MS });
      const options = { probability: 0.15 + 0.5 * faults(), cap: between(faults, 2, 12), weights: WEIGHTS };
      onTestFailed(() =>
        console.log(
          [
            `[faults] schedule ${index} failed: FAULT_SEED=${scheduleSeed} FAULT_SCHEDULES=1 (p=${options.probability.toFixed(2)}, cap=${options.cap})`,
            '--- what the proxy did:',
            describeRecords(proxy.records),
            '--- the kiosk log (last 30):',
            ...kiosk.log.slice(-30),
          ].join('\n'),
        ),
      );
      try {
        await enroll(kiosk.core, central, clock);
        kioskClock.skewMs = skewMs;
        const plans = await randomPlans(content, `s${index}`, 0.15, big ? { min: 101, max: 260 } : undefined);
        const withCommon = content() < 0.25 ? plans.find((plan) => plan.scans.length < 3) : undefined;
        if (withCommon) withCommon.scans.push(commonPhoto);
        const early = between(content, 0, plans.length);
        const schedule = randomSchedule(faults, options);
        proxy.setSchedule(schedule);

        // Some applications go while the link is bad, the rest are submitted between rounds (or while the timers run).
        if (ownTimers) kiosk.core.startSync();
        const ids = await submitPlans(kiosk.core, plans.slice(0, early));
        if (early > 0 && !ownTimers) await kiosk.core.syncNow({});
        ids.push(...(await submitPlans(kiosk.core, plans.slice(early))));
        if (ownTimers) expect(await waitUntilEmpty(kiosk.core, clock), 'the outbox drained on the kiosk\'s own timers').toBe(true);
        else await syncUntilEmpty(kiosk.core, clock, { maxRounds: 40 });
        for (const record of proxy.records) if (record.fault !== 'pass') tally.set(record.fault, (tally.get(record.fault) ?? 0) + 1);

        const problems = await deliveryProblems({
          centralDbPath: central.dbPath,
          centralAttachmentsDir: central.attachmentsDir,
          kioskDataDir: kiosk.dataDir,
          applicationIds: ids,
          core: kiosk.core,
        });
        expect([...problems, ...portalLeaks(proxy.portalVisits)]).toEqual([]);
      } finally {
        await harness.close();
      }
    });
  });
});
