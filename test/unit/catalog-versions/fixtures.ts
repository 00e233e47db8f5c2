import Database from 'better-sqlite3';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCentral, type Central } from '../../../src-central/app';
import { createEnrollmentCode } from '../../../src-central/enrollment/codes';
import { createCore, type Core } from '../../../src-main/core/index';
import type { Catalog } from '../../../src-shared/catalog/schema';
import type { KioskEvent } from '../../../src-shared/contract';
import { fixtureCatalog, tempDir, writeFixtureCatalog } from '../../support/catalog-fixture';

/** The fixture catalog one version on: later, with form `id-card` at version 2 (a new required field). */
export function nextCatalog(version = 'fixture-2', publishedAt = '2026-12-01T00:00:00Z'): Catalog {
  return {
    ...fixtureCatalog,
    version,
    publishedAt,
    forms: fixtureCatalog.forms.map((form) => ({
      ...form,
      version: form.version + 1,
      pages: form.pages.map((page, index) =>
        index === 0
          ? { ...page, fields: [...page.fields, { id: 'fatherName', type: 'text' as const, label: { ky: 'Атасы', ru: 'Отчество' } }] }
          : page,
      ),
    })),
  };
}

export interface Running {
  central: Central;
  url: string;
  dataDir: string;
}

export class Harness {
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  readonly snapshotPath: string;

  constructor(snapshot: Catalog = fixtureCatalog) {
    this.snapshotPath = writeFixtureCatalog(snapshot);
  }

  /** A real central service on 127.0.0.1 whose embedded default catalog is `catalog`. */
  async central(catalog: Catalog = fixtureCatalog): Promise<Running> {
    const dataDir = tempDir('central-');
    const central = createCentral({ dbPath: join(dataDir, 'central.sqlite'), catalog });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    this.cleanups.push(() => central.close());
    return { central, url: `http://127.0.0.1:${(central.app.server.address() as AddressInfo).port}`, dataDir };
  }

  kiosk(
    centralUrl: string | null,
    options: { dataDir?: string; fetch?: typeof globalThis.fetch } = {},
  ): { core: Core; events: KioskEvent[]; dataDir: string } {
    const dataDir = options.dataDir ?? tempDir('kiosk-');
    const core = createCore({ dataDir, catalogSnapshotPath: this.snapshotPath, centralUrl, fetch: options.fetch });
    const events: KioskEvent[] = [];
    core.onEvent((event) => events.push(event));
    this.cleanups.push(() => core.close());
    return { core, events, dataDir };
  }

  async enroll(core: Core, central: Central): Promise<void> {
    const { code } = createEnrollmentCode(central.db, {
      officeName: 'Нарын №1',
      now: new Date(),
      randomBytes: (n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 53 + 7) % 256)),
    });
    await core.enroll(code);
  }

  /** A second connection to the kiosk's database, as an inspector or a failing disk would be. */
  kioskDb(dataDir: string): Database.Database {
    const db = new Database(join(dataDir, 'kiosk.sqlite'));
    this.cleanups.push(() => {
      db.close();
    });
    return db;
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
  }
}

export function feedCursor(db: Database.Database): number {
  return (db.prepare('SELECT after FROM feed_cursor').get() as { after: number } | undefined)?.after ?? 0;
}

export function activeVersions(db: Database.Database): string[] {
  return (db.prepare('SELECT version FROM catalog_versions WHERE active = 1').all() as Array<{ version: string }>).map((r) => r.version);
}
