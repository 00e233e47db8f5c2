import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForm, findService } from '../../../src-shared/catalog/schema';
import { loadCatalogSnapshot } from '../../../src-main/core/catalog/catalog';
import { createPdfRenderer, type PdfRenderer } from '../../../src-main/core/printing/pdf-renderer';
import { pdfFacts } from './pdf-tools';

const root = join(import.meta.dirname, '..', '..', '..');
const catalog = loadCatalogSnapshot(join(root, 'assets', 'catalog', 'catalog.json'));
let renderer: PdfRenderer;

// The worker file as the build makes it (esbuild, ESM, packages external), so the real thread runs.
beforeAll(async () => {
  // Inside the checkout, so that the worker resolves pdfkit from node_modules as dist/ does.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'pdf-worker-'));
  await build({
    entryPoints: { 'pdf-worker': join(root, 'src-main/core/printing/pdf-worker.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    absWorkingDir: root,
    logLevel: 'silent',
  });
  renderer = createPdfRenderer({ notoSansDir: join(root, 'node_modules', '@fontsource', 'noto-sans'), workerPath: join(outdir, 'pdf-worker.mjs') });
});

afterAll(async () => {
  await renderer.close();
});

describe('PDFs laid out on a worker thread', () => {
  it('come back whole, in order, for jobs sent at once', async () => {
    const jobs = ['id-card', 'marriage-registration'].map((serviceId) => {
      const service = findService(catalog, serviceId)!;
      const form = findForm(catalog, service.formId)!;
      return { service, form, operator: catalog.operator, language: 'ky' as const, createdAt: new Date('2026-11-24T09:00:00Z') };
    });
    const rendered = await Promise.all(jobs.map((job) => renderer.render(job)));
    rendered.forEach(({ pdf, pageCount }, index) => {
      const facts = pdfFacts(pdf);
      expect(facts.pages).toBe(pageCount);
      expect(facts.text).toContain(jobs[index]!.service.name.ky);
    });
  });
});
