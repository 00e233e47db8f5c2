import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForm, findService } from '../../../src-shared/catalog/schema';
import { loadCatalogSnapshot } from '../../../src-main/core/catalog/catalog';
import { pauseAutoCheckpoint, openKioskDatabase } from '../../../src-main/core/db/database';
import { createOffload, type Offload } from '../../../src-main/core/offload/offload';
import { tempDir } from '../../support/catalog-fixture';
import { pageImage, pdfFacts, readQr } from './pdf-tools';
import { draft, receiptOf, ticket } from './receipt-fixtures';

const root = join(import.meta.dirname, '..', '..', '..');
const catalog = loadCatalogSnapshot(join(root, 'assets', 'catalog', 'catalog.json'));
let offload: Offload;

// The worker file as the build makes it (esbuild, ESM, packages external), so the real thread runs.
beforeAll(async () => {
  // Inside the checkout, so that the worker resolves pdfkit and pngjs from node_modules as dist/ does.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'core-worker-'));
  await build({
    entryPoints: { worker: join(root, 'src-main/core/offload/worker.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    absWorkingDir: root,
    logLevel: 'silent',
  });
  offload = createOffload({ notoSansDir: join(root, 'node_modules', '@fontsource', 'noto-sans'), workerPath: join(outdir, 'worker.mjs') });
});

afterAll(async () => {
  await offload.close();
});

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(180);
  return new Uint8Array(PNG.sync.write(image));
}

describe('the core worker thread', () => {
  it('lays out PDFs that come back whole, in order, for jobs sent at once', async () => {
    const jobs = ['id-card', 'marriage-registration'].map((serviceId) => {
      const service = findService(catalog, serviceId)!;
      const form = findForm(catalog, service.formId)!;
      return { service, form, operator: catalog.operator, language: 'ky' as const, createdAt: new Date('2026-11-24T09:00:00Z') };
    });
    const rendered = await Promise.all(jobs.map((job) => offload.renderPdf(job)));
    rendered.forEach(({ pdf, pageCount }, index) => {
      const facts = pdfFacts(pdf);
      expect(facts.pages).toBe(pageCount);
      expect(facts.text).toContain(jobs[index]!.service.name.ky);
    });
  });

  it('lays out the 80 mm receipt and resume slip on the worker thread, QR code and all', async () => {
    const createdAt = new Date('2026-03-02T09:30:00Z');
    const common = { operator: catalog.operator, language: 'ru' as const, createdAt };
    const [receipt, slip] = await Promise.all([
      offload.renderReceipt({ ...common, receipt: receiptOf(), service: findService(catalog, 'id-card')! }),
      offload.renderResumeSlip({ ...common, ticket, draft, service: findService(catalog, draft.serviceId)! }),
    ]);
    expect(receipt.pageCount).toBe(1);
    expect(pdfFacts(receipt.pdf).text).toContain('Код проверки ACDE-FGHJ-KMNP');
    expect(readQr(pageImage(receipt.pdf, 200))?.data).toBe('ACDEFGHJKMNP');
    expect(slip.pageCount).toBe(1);
    expect(pdfFacts(slip.pdf).text).toContain('Код для продолжения RTX4-9MWK');
  });

  it('judges an attached file, stores it by its hash and draws its thumbnail, all off the main thread', async () => {
    const blobDir = mkdtempSync(join(root, 'node_modules', '.cache', 'blobs-'));
    const job = { limits: {}, accept: ['image/png', 'image/jpeg', 'application/pdf'], blobDir };
    const bytes = png(640, 480);
    const good = await offload.inspect({ ...job, source: { base64: Buffer.from(bytes).toString('base64') } });
    expect(good.inspected).toMatchObject({ mediaType: 'image/png', width: 640, height: 480 });
    expect(good.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(readFileSync(join(blobDir, good.sha256!)).equals(Buffer.from(bytes))).toBe(true);
    const thumbnail = PNG.sync.read(Buffer.from(good.thumbnailPng!));
    expect(Math.max(thumbnail.width, thumbnail.height)).toBeLessThanOrEqual(160);

    const fake = await offload.inspect({ ...job, source: { bytes: new TextEncoder().encode('MZ this is not a picture') } });
    expect(fake).toMatchObject({ inspected: 'attachment.type', sha256: null, thumbnailPng: null });
    const notBase64 = await offload.inspect({ ...job, source: { base64: 'not base64!' } });
    expect(notBase64.inspected).toBe('input.invalid');
    const pdfOnly = await offload.inspect({ ...job, accept: ['application/pdf'], source: { bytes } });
    expect(pdfOnly).toMatchObject({ inspected: 'attachment.notAccepted', sha256: null });
    expect(readdirSync(blobDir)).toEqual([good.sha256]);
  });

  it('copies the WAL of a kiosk database into its file from a connection of its own, while the core keeps writing', async () => {
    const db = openKioskDatabase(tempDir('core-worker-checkpoint-'));
    try {
      const wal = pauseAutoCheckpoint(db, offload.checkpointElsewhere);
      db.exec('CREATE TABLE filler (text TEXT NOT NULL)');
      const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 500; i += 1) insert.run('ж'.repeat(2000));
      })();
      const fileBytes = () => statSync(db.name).size;
      const before = fileBytes();
      // Two asked at once: the second is the first's, never a second one on the same pages.
      const [first, second] = [wal.checkpoint(), wal.checkpoint()];
      expect(second).toBe(first);
      await first;
      // Two megabytes of rows reached the database file, and nothing waits in the WAL.
      expect(fileBytes() - before).toBeGreaterThan(2_000_000);
      const { busy, log, checkpointed } = (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>)[0]!;
      expect({ busy, copied: checkpointed === log }).toEqual({ busy: 0, copied: true });
      wal.resume();
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      db.close();
    }
  });

  it('leaves a checkpoint that cannot be made to the next one, and the core goes on', async () => {
    const db = openKioskDatabase(tempDir('core-worker-checkpoint-'));
    try {
      const wal = pauseAutoCheckpoint(db, (path) => offload.checkpointElsewhere!(`${path}-gone/kiosk.sqlite`));
      await expect(wal.checkpoint()).resolves.toBeUndefined();
      db.exec('CREATE TABLE still_writable (x)');
      wal.resume();
    } finally {
      db.close();
    }
  });
});
