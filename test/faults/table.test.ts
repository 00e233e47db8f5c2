import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { largeFile, planWith, smallFiles, submitPlans, type ApplicationPlan } from './applications';
import { deliveryProblems, portalLeaks } from './delivery';
import { enroll, FaultHarness, SharedClock, syncUntilEmpty, type FaultKiosk, type RunningCentral } from './harness';
import { describeRecords, type Fault, type FaultKind, type FaultProxy } from './proxy';
import { attachmentOf, chunkOffset, faultFirst, isAttachmentPut, type Target } from './schedules';
import { mulberry32 } from './seeded';

/**
 * One fault kind at a time, aimed at one kind of request of a sync, on its
 * first two occurrences; then the link is clean. Whatever the fault, the end
 * state is the same: every application once in the central database, byte
 * for byte, its files once, and the kiosk showing each accepted.
 */
const HITS = 2;

const FAULTS: Record<Exclude<FaultKind, 'pass'>, (n: number) => Fault> = {
  refuse: () => ({ kind: 'refuse' }),
  // First in the request line, then all but the last byte (for a chunk: most of its body).
  resetRequest: (n) => ({ kind: 'resetRequest', afterBytes: n === 0 ? 30 : -1 }),
  // First in the status line, then a body cut three bytes short.
  resetResponse: (n) => ({ kind: 'resetResponse', afterBytes: n === 0 ? 12 : -3 }),
  // The first one longer than the kiosk waits: the request reaches the service after the kiosk gave up on it.
  delay: (n) => ({ kind: 'delay', ms: n === 0 ? 2_500 : 300 }),
  stall: () => ({ kind: 'stall' }),
  stallResponse: () => ({ kind: 'stallResponse' }),
  answer500: () => ({ kind: 'answer500' }),
  garbage: (n) => ({ kind: 'garbage', seed: 1000 + n }),
  portalHtml: () => ({ kind: 'portalHtml' }),
  portalJson: () => ({ kind: 'portalJson' }),
  portalRedirect: () => ({ kind: 'portalRedirect' }),
  staleCache: () => ({ kind: 'staleCache' }),
  loseResponse: () => ({ kind: 'loseResponse' }),
  duplicate: () => ({ kind: 'duplicate' }),
};

const TARGETS: Target[] = ['any', 'check', 'firstChunk', 'laterChunk', 'batch', 'changes'];

let harness: FaultHarness;
afterEach(async () => {
  await harness.close();
});

interface Office {
  clock: SharedClock;
  central: RunningCentral;
  proxy: FaultProxy;
  kiosk: FaultKiosk;
  /** Submitted and delivered before the fault, through a clean link (the stale cache has its answers). */
  earlier: string[];
}

/** A central service, the proxy, an enrolled kiosk that already delivered one application through a clean link. */
async function openOffice(options: { giveUpAfterMs?: number | null } = {}): Promise<Office> {
  harness = new FaultHarness();
  const clock = new SharedClock();
  const central = await harness.central(clock);
  const proxy = await harness.proxy(central);
  const kiosk = harness.kiosk({ centralUrl: proxy.url, clock, giveUpAfterMs: options.giveUpAfterMs });
  await enroll(kiosk.core, central, clock);
  const [warm] = await smallFiles(mulberry32(7), 1, 'warm');
  const earlier = await submitPlans(kiosk.core, [planWith({ scans: warm ? [warm] : [] })]);
  await syncUntilEmpty(kiosk.core, clock);
  const office = { clock, central, proxy, kiosk, earlier };
  // Whatever fails (an assertion or a timeout), what the proxy did and the kiosk logged is printed.
  onTestFailed(() => console.log(report(office)));
  return office;
}

/** Three applications: new and shared files, the same file in both fields with a large photo, and one without files. */
async function plansForTheFault(): Promise<ApplicationPlan[]> {
  const random = mulberry32(11);
  const [fresh, other] = await smallFiles(random, 2, 'fault');
  const [warm] = await smallFiles(mulberry32(7), 1, 'warm');
  const photo = largeFile(5);
  if (!fresh || !other || !warm) throw new Error('no files');
  return [
    planWith({ scans: [fresh, warm] }, random),
    planWith({ scans: [other, photo], copies: [other] }, random),
    planWith({}, random),
  ];
}

function report(office: Office): string {
  return [
    '--- what the proxy did:',
    describeRecords(office.proxy.records),
    '--- the kiosk log (last 30):',
    ...office.kiosk.log.slice(-30),
  ].join('\n');
}

async function expectDelivered(office: Office, ids: string[], extra: string[] = []): Promise<void> {
  const problems = await deliveryProblems({
    centralDbPath: office.central.dbPath,
    centralAttachmentsDir: office.central.attachmentsDir,
    kioskDataDir: office.kiosk.dataDir,
    applicationIds: ids,
    core: office.kiosk.core,
  });
  expect(problems.concat(extra)).toEqual([]);
}

describe.each(Object.keys(FAULTS) as Array<keyof typeof FAULTS>)('%s', (kind) => {
  it.each(TARGETS)(`on the first ${HITS} requests aimed at: %s`, { timeout: 120_000 }, async (target) => {
    const office = await openOffice();
    expect(await deliveryProblems({ ...paths(office), applicationIds: office.earlier })).toEqual([]);
    const ids = await submitPlans(office.kiosk.core, await plansForTheFault());
    office.proxy.records.length = 0;
    const schedule = faultFirst(HITS, target, FAULTS[kind]);
    office.proxy.setSchedule(schedule);

    // Until the outbox is empty and the fault has had its chances (the feed comes after the outbox).
    await syncUntilEmpty(office.kiosk.core, office.clock, { alsoUntil: () => schedule.hits >= HITS, maxRounds: 20 });

    const extra = [
      ...(schedule.hits < HITS ? [`the fault hit ${schedule.hits} of ${HITS} times: the kiosk sent no more requests aimed at ${target}`] : []),
      ...portalLeaks(office.proxy.portalVisits),
    ];
    await expectDelivered(office, [...office.earlier, ...ids], extra);
  });
});

function paths(office: Office) {
  return { centralDbPath: office.central.dbPath, centralAttachmentsDir: office.central.attachmentsDir, kioskDataDir: office.kiosk.dataDir };
}

describe('particular cases', () => {
  it('gives up on a stalled request by its own timeout and delivers on the next round', async () => {
    const office = await openOffice({ giveUpAfterMs: null });
    const ids = await submitPlans(office.kiosk.core, (await plansForTheFault()).slice(0, 1));
    const schedule = faultFirst(1, 'check', () => ({ kind: 'stall' }));
    office.proxy.setSchedule(schedule);
    await syncUntilEmpty(office.kiosk.core, office.clock);
    expect(schedule.hits).toBe(1);
    await expectDelivered(office, [...office.earlier, ...ids]);
  });

  it('resumes a chunked upload broken mid-chunk where the service stopped, not from the first byte', async () => {
    const office = await openOffice();
    const photo = largeFile(9);
    const ids = await submitPlans(office.kiosk.core, [planWith({ scans: [photo] })]);
    office.proxy.records.length = 0;
    const schedule = faultFirst(1, 'laterChunk', () => ({ kind: 'resetRequest', afterBytes: 300_000 }));
    office.proxy.setSchedule(schedule);
    await syncUntilEmpty(office.kiosk.core, office.clock);

    const puts = office.proxy.records.flatMap((r) => (r.request && isAttachmentPut(r.request) ? [{ ...r, request: r.request }] : []));
    const broken = puts.findIndex((r) => r.fault === 'resetRequest');
    const restartedFromZero = puts.slice(broken + 1).filter((r) => attachmentOf(r.request) === attachmentOf(puts[broken]?.request ?? r.request) && chunkOffset(r.request) === 0);
    const extra = [
      ...(broken < 0 ? ['no later chunk was ever sent: the photo did not travel in chunks'] : []),
      ...(restartedFromZero.length > 0 ? ['after a chunk broke off, the upload started again from offset 0'] : []),
    ];
    await expectDelivered(office, [...office.earlier, ...ids], extra);
  });

  it('keeps no partial copy of a file whose upload broke off once another kiosk has sent it whole', async () => {
    const office = await openOffice();
    const other = harness.kiosk({ centralUrl: (await harness.proxy(office.central)).url, clock: office.clock });
    await enroll(other.core, office.central, office.clock);
    const photo = largeFile(13);
    const ids = await submitPlans(office.kiosk.core, [planWith({ scans: [photo] })]);
    const otherIds = await submitPlans(other.core, [planWith({ scans: [photo] })]);
    office.proxy.records.length = 0;
    const schedule = faultFirst(1, 'laterChunk', () => ({ kind: 'resetRequest', afterBytes: -1 }));
    office.proxy.setSchedule(schedule);

    // The first kiosk's upload breaks after its first chunk; the other sends the photo whole; then the first finishes.
    await office.kiosk.core.syncNow({});
    await syncUntilEmpty(other.core, office.clock);
    await syncUntilEmpty(office.kiosk.core, office.clock);

    expect(schedule.hits).toBe(1);
    await expectDelivered(office, [...office.earlier, ...ids]);
    const problems = await deliveryProblems({ ...paths(office), kioskDataDir: other.dataDir, applicationIds: otherIds, core: other.core });
    expect(problems).toEqual([]);
  });
});
