import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_BACKOFF_MS, FIRST_ITEM_RETRY_MS, MAX_ITEM_RETRY_MS, backoffDelay, itemRetryDelay } from '../../../src-main/core/sync/pacing';
import { CoreHarness, ManualSchedule, recordingFetch, submitValid } from './fixtures';

let harness: CoreHarness;
beforeEach(() => {
  harness = new CoreHarness();
});
afterEach(async () => {
  await harness.close();
});

const MAX_BACKOFF_MS = 5 * 60_000;
/** The bounds of the wait after the n-th failure in a row: [base/2, base), base doubling from the first, capped. */
function bounds(failures: number): [number, number] {
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
  return [base / 2, base];
}

describe('backoff with jitter', () => {
  const limits = { firstMs: FIRST_BACKOFF_MS, maxMs: MAX_BACKOFF_MS };

  it('doubles with each failure in a row, drawn from the upper half, and stops growing at the most', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    for (let failures = 1; failures <= 20; failures += 1) {
      const [min, max] = bounds(failures);
      expect(backoffDelay(failures, low, limits)).toBe(min);
      expect(backoffDelay(failures, high, limits)).toBeLessThan(max);
      expect(backoffDelay(failures, high, limits)).toBeGreaterThanOrEqual(max - 1);
    }
    expect(backoffDelay(1, () => 0.5, limits)).toBe(750);
    expect(backoffDelay(4, () => 0.5, limits)).toBe(6_000);
    expect(backoffDelay(1_000, high, limits)).toBeLessThan(MAX_BACKOFF_MS);
    expect(backoffDelay(1_000, low, limits)).toBe(MAX_BACKOFF_MS / 2);
  });

  it('gives each item its own backoff, from half a minute up to an hour', () => {
    expect(itemRetryDelay(1, () => 0)).toBe(FIRST_ITEM_RETRY_MS / 2);
    expect(itemRetryDelay(2, () => 0)).toBe(FIRST_ITEM_RETRY_MS);
    expect(itemRetryDelay(3, () => 0)).toBe(2 * FIRST_ITEM_RETRY_MS);
    expect(itemRetryDelay(50, () => 0.999_999)).toBeLessThan(MAX_ITEM_RETRY_MS);
    expect(itemRetryDelay(50, () => 0)).toBe(MAX_ITEM_RETRY_MS / 2);
  });
});

describe('while the service is out of reach', () => {
  it('waits longer after each failure, probes the light health route first, and starts a round at once when it answers', async () => {
    const running = await harness.central();
    const schedule = new ManualSchedule();
    const { fetch, requests } = recordingFetch();
    const { core } = harness.kiosk({ centralUrl: running.url, fetch, syncSchedule: schedule.schedule, syncIntervalMs: 30_000 });
    await harness.enroll(core, running.central);
    await running.central.close();
    const id = await submitValid(core);

    core.startSync();
    let timer = await schedule.next();
    // The start's round failed: the first backoff.
    const [min1, max1] = bounds(1);
    expect(timer.delayMs).toBeGreaterThanOrEqual(min1);
    expect(timer.delayMs).toBeLessThan(max1);
    expect((await core.getSyncState({})).online).toBe(false);

    for (let failures = 2; failures <= 5; failures += 1) {
      requests.length = 0;
      await timer.fire();
      // Only the probe: no full round while the service does not answer it.
      expect(requests).toEqual(['GET /v1/health']);
      timer = await schedule.next();
      const [min, max] = bounds(failures);
      expect(timer.delayMs).toBeGreaterThanOrEqual(min);
      expect(timer.delayMs).toBeLessThan(max);
    }

    // The service is back on its address: the probe answers and the round follows at once.
    const again = await harness.centralAt(running.dataDir, running.port);
    requests.length = 0;
    await timer.fire();
    expect(requests[0]).toBe('GET /v1/health');
    expect(requests[1]).toBe('POST /v1/applications/batch');
    expect(await core.getSyncState({})).toMatchObject({ online: true, waiting: 0, lastError: null });
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('accepted');
    expect(again.central.db.prepare('SELECT COUNT(*) AS n FROM applications').get()).toEqual({ n: 1 });
    // All well again: the ordinary interval, no backoff.
    expect((await schedule.next()).delayMs).toBe(30_000);
  });

  it('does not take a captive portal page for the probe\'s answer', async () => {
    const running = await harness.central();
    const schedule = new ManualSchedule();
    const { fetch, requests } = recordingFetch();
    const { core } = harness.kiosk({ centralUrl: running.url, fetch, syncSchedule: schedule.schedule });
    await harness.enroll(core, running.central);
    await running.central.close();
    const portal = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Welcome! Accept the terms to continue.</body></html>');
    });
    await new Promise<void>((resolve) => portal.listen(running.port, '127.0.0.1', resolve));
    try {
      await submitValid(core);
      core.startSync();
      let timer = await schedule.next();
      for (let i = 0; i < 3; i += 1) {
        requests.length = 0;
        await timer.fire();
        expect(requests).toEqual(['GET /v1/health']);
        expect(await core.getSyncState({})).toMatchObject({ online: false, waiting: 1, lastError: 'response.notJson' });
        timer = await schedule.next();
      }
    } finally {
      await new Promise((resolve) => portal.close(resolve));
    }
  });

  it('sends at once after a submit and on a clerk\'s "sync now", without waiting for the timer', async () => {
    const running = await harness.central();
    const schedule = new ManualSchedule();
    const { fetch, requests } = recordingFetch();
    const { core } = harness.kiosk({ centralUrl: running.url, fetch, syncSchedule: schedule.schedule });
    await harness.enroll(core, running.central);
    core.startSync();
    await schedule.timersSet(1);
    requests.length = 0;
    const id = await submitValid(core);
    // The submit's round runs on its own and sets the next timer when it is done; no timer was fired.
    await schedule.timersSet(2);
    expect(requests).toContain('POST /v1/applications/batch');
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('accepted');

    await running.central.close();
    await submitValid(core);
    await schedule.timersSet(3);
    const again = await harness.centralAt(running.dataDir, running.port);
    requests.length = 0;
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0 });
    expect(requests).toContain('POST /v1/applications/batch');
    expect(again.central.db.prepare('SELECT COUNT(*) AS n FROM applications').get()).toEqual({ n: 2 });
  });
});
