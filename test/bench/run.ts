/**
 * `npm run bench [-- --filter NAME]`: prints one JSON object per line,
 * {"name","value","unit"}. Figures, not assertions: targets live in the
 * issue tracker and the README, and a person reads them.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { createCore, type Core } from '../../src-main/core/index';
import { dispatchCall } from '../../src-main/core/dispatch';

const root = resolve(import.meta.dirname, '..', '..');
const catalogPath = join(root, 'assets', 'catalog', 'catalog.json');
const filterIndex = process.argv.indexOf('--filter');
const filter = filterIndex >= 0 ? (process.argv[filterIndex + 1] ?? '') : '';

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit })}\n`);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function freshCore(): Core {
  return createCore({ dataDir: mkdtempSync(join(tmpdir(), 'kiosk-bench-')), catalogSnapshotPath: catalogPath, centralUrl: null });
}

/** What a citizen's 40-field application looks like to the draft store: Cyrillic text of realistic lengths. */
function fortyAnswers(round: number): Record<string, string> {
  const answers: Record<string, string> = {};
  for (let i = 0; i < 40; i += 1) answers[`field${i}`] = `Жооп ${i} — Үмөт Ңурбаев Өмүрбекович ${round}`.repeat(1 + (i % 3));
  return answers;
}

async function autosave(): Promise<void> {
  const core = freshCore();
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'standard' });
  const samples: number[] = [];
  for (let i = 0; i < 2200; i += 1) {
    const input = { id: draft.id, answers: fortyAnswers(i), pageId: 'applicant' };
    const start = performance.now();
    const result = await dispatchCall(core, 'saveDraft', input);
    const elapsed = performance.now() - start;
    if (!result.ok) throw new Error(`saveDraft failed: ${result.error.code}`);
    if (i >= 200) samples.push(elapsed); // the first 200 warm the JIT and the page cache
  }
  await core.close();
  print('autosave_p99_ms', percentile(samples, 99), 'ms');
}

const idCardAnswers = {
  surname: 'Асанова',
  givenName: 'Айгүл',
  pin: '12505199012345',
  birthDate: '1990-05-25',
  phone: '+996555123456',
  reason: 'first',
};

async function submit(): Promise<void> {
  const core = freshCore();
  const samples: number[] = [];
  for (let i = 0; i < 330; i += 1) {
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'standard' });
    await core.saveDraft({ id: draft.id, answers: idCardAnswers, pageId: 'reason' });
    const start = performance.now();
    const result = await dispatchCall(core, 'submitApplication', { draftId: draft.id, consent: true });
    const elapsed = performance.now() - start;
    if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result.error)}`);
    if (i >= 30) samples.push(elapsed);
  }
  await core.close();
  print('submit_p99_ms', percentile(samples, 99), 'ms');
}

/** The JS the home screen loads before it is interactive: the entry script and what it preloads. */
function rendererJs(): void {
  const dir = join(root, 'dist', 'renderer');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1] as string);
  if (scripts.length === 0) throw new Error('no script found in dist/renderer/index.html');
  const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0);
  print('renderer_js_gzip_kb', bytes / 1024, 'KB');
}

async function timeToInteractive(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  const samples: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const start = performance.now();
    const shell = spawn(process.execPath, [join(root, 'dist', 'web', 'launcher.js'), '--no-browser', '--data', mkdtempSync(join(tmpdir(), 'kiosk-tti-'))], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const url = await new Promise<string>((found, fail) => {
      shell.once('exit', () => fail(new Error('the kiosk did not start')));
      createInterface({ input: shell.stdout! }).on('line', (line) => {
        const match = /kiosk ready at (http\S+)/.exec(line);
        if (match?.[1]) found(match[1]);
      });
    });
    await page.goto(url);
    await page.getByTestId('category-passports').click({ trial: true });
    samples.push(performance.now() - start);
    await page.close();
    await new Promise<void>((done) => {
      shell.once('exit', () => done());
      shell.kill('SIGTERM');
    });
  }
  await browser.close();
  print('time_to_interactive_ms', percentile(samples, 50), 'ms');
}

const benches: Record<string, () => Promise<void> | void> = {
  autosave_p99_ms: autosave,
  submit_p99_ms: submit,
  renderer_js_gzip_kb: rendererJs,
  time_to_interactive_ms: timeToInteractive,
};

for (const [name, bench] of Object.entries(benches)) {
  if (name.includes(filter)) await bench();
}
