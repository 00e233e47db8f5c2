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
import { fixtureCatalog, tempDir, writeFixtureCatalog } from '../../support/catalog-fixture';

/** The fixture catalog with an optional file field (`scans`) on the id-card form's last page. */
export const catalogWithFiles: Catalog = Catalog.parse({
  ...fixtureCatalog,
  forms: fixtureCatalog.forms.map((form) => ({
    ...form,
    pages: form.pages.map((page, index) =>
      index === form.pages.length - 1
        ? { ...page, fields: [...page.fields, { id: 'scans', type: 'file', label: { ky: 'Скан', ru: 'Скан' }, optional: true, maxItems: 3 }] }
        : page,
    ),
  })),
});

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

  /** A read-only look at the kiosk's database, as an inspector would take. */
  kioskDb(dataDir: string): Database.Database {
    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    this.cleanups.push(() => {
      db.close();
    });
    return db;
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
