import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCentral, type Central } from '../../../src-central/app';
import { createEnrollmentCode } from '../../../src-central/enrollment/codes';
import { createCore, type Core, type CoreOptions } from '../../../src-main/core/index';
import { Catalog } from '../../../src-shared/catalog/schema';
import type { KioskEvent } from '../../../src-shared/contract';
import { fixtureCatalogWithLastPageFields, tempDir, validAnswers, writeFixtureCatalog } from '../../support/catalog-fixture';

/** The fixture catalog with an optional file field (`scans`) on the id-card form's last page. */
export const catalogWithFiles: Catalog = fixtureCatalogWithLastPageFields([
  { id: 'scans', type: 'file', label: { ky: 'Скан', ru: 'Скан' }, optional: true, maxItems: 3 },
]);

/** A time the tests move by hand; starts at the real time so a real central service accepts the signatures. */
export class MovableClock {
  now = new Date();
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** Real central services and kiosks on 127.0.0.1, closed after each test. */
export class CoreHarness {
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  readonly snapshotPath: string;

  constructor(snapshot: Catalog = catalogWithFiles) {
    this.snapshotPath = writeFixtureCatalog(snapshot);
  }

  async central(catalog: Catalog = catalogWithFiles): Promise<{ central: Central; url: string; port: number; dataDir: string }> {
    return this.centralAt(tempDir('central-'), 0, catalog);
  }

  /** A central service on a given data folder and port: a stopped one started again. */
  async centralAt(dataDir: string, port: number, catalog: Catalog = catalogWithFiles) {
    const central = createCentral({ dbPath: join(dataDir, 'central.sqlite'), catalog });
    await central.app.listen({ port, host: '127.0.0.1' });
    this.cleanups.push(() => central.close());
    const actual = (central.app.server.address() as AddressInfo).port;
    return { central, url: `http://127.0.0.1:${actual}`, port: actual, dataDir };
  }

  kiosk(options: Partial<CoreOptions> = {}): { core: Core; events: KioskEvent[]; dataDir: string; reopen: () => Core } {
    const dataDir = options.dataDir ?? tempDir('kiosk-');
    const open = () => {
      const core = createCore({ catalogSnapshotPath: this.snapshotPath, centralUrl: null, ...options, dataDir });
      this.cleanups.push(() => core.close());
      return core;
    };
    const core = open();
    const events: KioskEvent[] = [];
    core.onEvent((event) => events.push(event));
    return { core, events, dataDir, reopen: open };
  }

  async enroll(core: Core, central: Central): Promise<void> {
    const { code } = createEnrollmentCode(central.db, {
      officeName: 'Ош №2',
      now: new Date(),
      // Fresh bytes each time: two kiosks of one test each get their own code.
      randomBytes,
    });
    await core.enroll(code);
  }

  /**
   * A look at the kiosk's database, as an inspector would take (read-only),
   * or, writable, as a failing disk or a technician's repair would change it.
   */
  kioskDb(dataDir: string, options: { writable?: boolean } = {}): Database.Database {
    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: !options.writable });
    db.pragma('busy_timeout = 5000');
    this.cleanups.push(() => {
      db.close();
    });
    return db;
  }

  /** Something of the test's own (a database it opened) to close with the rest. */
  onClose(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
  }
}

/** Every byte the kiosk's database keeps on disk: the file and, if any, its WAL. */
export function databaseBytes(dataDir: string): Buffer {
  const parts = ['kiosk.sqlite', 'kiosk.sqlite-wal'].map((name) => join(dataDir, name)).filter((path) => existsSync(path));
  return Buffer.concat(parts.map((path) => readFileSync(path)));
}

export function blobExists(dataDir: string, sha256: string): boolean {
  return existsSync(join(dataDir, 'attachments', sha256));
}

/** A timer the sync sets, fired by the test instead of by time. */
export interface ManualTimer {
  delayMs: number;
  /** Runs what the sync scheduled and waits until it is done (a probe, a round, the next timer set). */
  fire(): Promise<void>;
}

/**
 * The sync's timers, held for the test: it reads the delays the engine
 * chose and fires them by hand, so backoff and the probe are checked
 * without waiting on the clock.
 */
export class ManualSchedule {
  private live: (ManualTimer & { cancelled: boolean }) | null = null;
  private waiting: Array<(timer: ManualTimer) => void> = [];
  private counting: Array<{ count: number; resolve: () => void }> = [];
  readonly delays: number[] = [];

  readonly schedule: NonNullable<CoreOptions['syncSchedule']> = (run, delayMs) => {
    const timer = {
      delayMs,
      cancelled: false,
      fire: async () => {
        if (this.live === timer) this.live = null;
        await run();
      },
    };
    this.live = timer;
    this.delays.push(delayMs);
    for (const resolve of this.waiting.splice(0)) resolve(timer);
    this.counting = this.counting.filter((waiter) => {
      if (this.delays.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
    return {
      cancel: () => {
        timer.cancelled = true;
        if (this.live === timer) this.live = null;
      },
    };
  };

  /** The timer set now, or the next one the engine sets. */
  next(): Promise<ManualTimer> {
    if (this.live) return Promise.resolve(this.live);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once the engine has set `count` timers in all: each round ends by setting the next one. */
  timersSet(count: number): Promise<void> {
    if (this.delays.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.counting.push({ count, resolve }));
  }

  /** Whether a timer is set (a revoked kiosk sets none). */
  pending(): boolean {
    return this.live !== null;
  }
}

/** Every request a kiosk makes, as `METHOD path?query`, passed on to the real fetch (or to `through`). */
export function recordingFetch(
  through: typeof globalThis.fetch = globalThis.fetch,
): { fetch: typeof globalThis.fetch; requests: string[] } {
  const requests: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    return through(input, init);
  };
  return { fetch, requests };
}


/** Submits a valid id-card application as a citizen would: draft, answers, submit; returns its id. */
export async function submitValid(core: Core): Promise<string> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
  return (await core.submitApplication({ draftId: draft.id, consent: true })).applicationId;
}
