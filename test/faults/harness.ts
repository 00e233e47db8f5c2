import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createCentral, type Central } from '../../src-central/app';
import { createEnrollmentCode } from '../../src-central/enrollment/codes';
import { createCore, type Core } from '../../src-main/core/index';
import type { Catalog } from '../../src-shared/catalog/schema';
import type { SyncState } from '../../src-shared/contract';
import { fixtureCatalogWithLastPageFields, tempDir, writeFixtureCatalog } from '../support/catalog-fixture';
import { passEverything, startFaultProxy, type FaultProxy, type FaultSchedule } from './proxy';

/**
 * The fixture catalog with two optional file fields on the id-card form's
 * last page, so that one application can carry the same file twice (once
 * in each field) and several can share one.
 */
export const faultsCatalog: Catalog = fixtureCatalogWithLastPageFields([
  { id: 'scans', type: 'file', label: { ky: 'Скан', ru: 'Скан' }, optional: true, maxItems: 3 },
  { id: 'copies', type: 'file', label: { ky: 'Көчүрмө', ru: 'Копия' }, optional: true, maxItems: 2 },
]);

/**
 * One time for a kiosk and the central service it talks to, moved by hand:
 * "an hour later" for both, so an item postponed by the engine comes due
 * without the test sleeping and the signatures stay inside the window.
 */
export class SharedClock {
  now = new Date();
  readonly read = (): Date => this.now;
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  /**
   * The same time seen from a kiosk whose own clock is off by `skewMs`
   * (settable later: a clock that jumps after enrollment).
   */
  skewed(skewMs = 0): { read: () => Date; skewMs: number } {
    const view = { skewMs, read: (): Date => new Date(this.now.getTime() + view.skewMs) };
    return view;
  }
}

export interface RunningCentral {
  central: Central;
  url: string;
  port: number;
  dataDir: string;
  dbPath: string;
  attachmentsDir: string;
}

export interface FaultKiosk {
  core: Core;
  dataDir: string;
  /** The core's event log (codes and ids only), for a failure's report. */
  log: string[];
}

/**
 * The kiosk's own fetch with a shorter patience than its built-in 15 s, as an
 * office on a slow link would configure it: a stalled request costs the test
 * that long. The request itself is untouched. (Not `AbortSignal.any` with
 * `AbortSignal.timeout`: Node 20 holds those sources weakly, and after a
 * garbage collection the request would never time out.)
 */
export function fetchGivingUpAfter(ms: number): typeof fetch {
  return (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('The kiosk gave up waiting.', 'TimeoutError')), ms);
    timer.unref();
    const outer = init?.signal;
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    return fetch(input, { ...init, signal: controller.signal });
  };
}

/** Real central services, proxies and kiosks on 127.0.0.1, all closed by `close()`. */
export class FaultHarness {
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  readonly snapshotPath: string;

  /** `snapshotPath`: the kiosk's bundled catalog file, when it must be that exact file (the launcher's). */
  constructor(
    readonly catalog: Catalog = faultsCatalog,
    snapshotPath?: string,
  ) {
    if (snapshotPath) {
      this.snapshotPath = snapshotPath;
    } else {
      this.snapshotPath = writeFixtureCatalog(catalog);
      this.removeAtClose(dirname(this.snapshotPath));
    }
  }

  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  /** A fresh folder under the system's temp folder, removed at `close()` (kept with FAULT_KEEP_DATA=1, to look at). */
  tempDir(prefix: string): string {
    return this.removeAtClose(tempDir(prefix));
  }

  private removeAtClose(dir: string): string {
    // Deferred first, so it runs last: after the services and kiosks using it have closed.
    if (!process.env.FAULT_KEEP_DATA) this.cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async central(clock?: SharedClock, dataDir = this.tempDir('faults-central-')): Promise<RunningCentral> {
    const dbPath = join(dataDir, 'central.sqlite');
    const central = createCentral({ dbPath, catalog: this.catalog, clock: clock?.read });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    this.defer(() => central.close());
    const { port } = central.app.server.address() as AddressInfo;
    return { central, url: `http://127.0.0.1:${port}`, port, dataDir, dbPath, attachmentsDir: join(dataDir, 'attachments') };
  }

  async proxy(central: RunningCentral, schedule: FaultSchedule = passEverything): Promise<FaultProxy> {
    const proxy = await startFaultProxy({ upstreamPort: central.port, schedule });
    this.defer(() => proxy.close());
    return proxy;
  }

  /** `clock`: the shared clock, or a skewed view of it (`SharedClock.skewed`). */
  kiosk(options: { centralUrl: string; clock?: { read: () => Date }; giveUpAfterMs?: number | null; dataDir?: string }): FaultKiosk {
    const dataDir = options.dataDir ?? this.tempDir('faults-kiosk-');
    const log: string[] = [];
    const core = createCore({
      dataDir,
      catalogSnapshotPath: this.snapshotPath,
      centralUrl: options.centralUrl,
      terminalName: 'faults',
      clock: options.clock?.read,
      fetch: options.giveUpAfterMs === null ? undefined : fetchGivingUpAfter(options.giveUpAfterMs ?? 2_000),
      syncIntervalMs: 200,
      maxBackoffMs: 500,
      log: (event, fields) => {
        log.push(`${event} ${JSON.stringify(fields ?? {})}`);
        if (log.length > 400) log.splice(0, 100);
      },
    });
    this.defer(() => core.close());
    return { core, dataDir, log };
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await Promise.resolve().then(cleanup).catch(() => {});
  }
}

/** Enrolls a kiosk with a fresh one-time code made in the service's database. */
export async function enroll(core: Core, central: RunningCentral, clock?: SharedClock): Promise<void> {
  const { code } = createEnrollmentCode(central.central.db, { officeName: 'Ош №2', now: clock?.now ?? new Date(), randomBytes });
  await core.enroll(code);
}

/**
 * "Sync now" until the outbox is empty (and `alsoUntil` holds), at most
 * `maxRounds` times. Between rounds time moves on, for the kiosk and the
 * service alike, so an item the engine postponed comes due.
 */
export async function syncUntilEmpty(
  core: Core,
  clock: SharedClock,
  options: { maxRounds?: number; alsoUntil?: () => boolean } = {},
): Promise<{ rounds: number; states: SyncState[] }> {
  const maxRounds = options.maxRounds ?? 40;
  const states: SyncState[] = [];
  for (let round = 1; round <= maxRounds; round += 1) {
    const state = await core.syncNow({});
    states.push(state);
    if (state.waiting === 0 && (options.alsoUntil?.() ?? true)) return { rounds: round, states };
    clock.advance(Math.min(10 * 60_000, 61_000 * round));
  }
  return { rounds: maxRounds, states };
}

/**
 * The kiosk syncing on its own timers (`startSync`: backoff, the probe,
 * rounds after submits) while the test only watches: until the outbox is
 * empty, at most `polls` looks 100 ms apart. Time moves on for kiosk and
 * service now and then, so an item the engine postponed comes due.
 */
export async function waitUntilEmpty(core: Core, clock: SharedClock, polls = 600): Promise<boolean> {
  for (let poll = 1; poll <= polls; poll += 1) {
    if ((await core.getSyncState({})).waiting === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (poll % 10 === 0) clock.advance(61_000);
  }
  return false;
}
