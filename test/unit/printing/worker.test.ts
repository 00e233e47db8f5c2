import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForm, findService } from '../../../src-shared/catalog/schema';
import { loadCatalogSnapshot } from '../../../src-main/core/catalog/catalog';
import { createOffload, type Offload } from '../../../src-main/core/offload/offload';
import { pdfFacts } from './pdf-tools';

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

  it('judges an attached file and draws its thumbnail, and refuses what is not an image or PDF', async () => {
    const good = await offload.inspect({ bytes: png(640, 480), limits: {} });
    expect(good.inspected).toMatchObject({ mediaType: 'image/png', width: 640, height: 480 });
    expect(good.thumbnailPng).not.toBeNull();
    const thumbnail = PNG.sync.read(Buffer.from(good.thumbnailPng!));
    expect(Math.max(thumbnail.width, thumbnail.height)).toBeLessThanOrEqual(160);

    const fake = await offload.inspect({ bytes: new TextEncoder().encode('MZ this is not a picture'), limits: {} });
    expect(fake).toEqual({ inspected: 'attachment.type', thumbnailPng: null });
  });
});
