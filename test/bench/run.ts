/**
 * `npm run bench [-- --filter NAME[,NAME…]]`: the figures whose name holds
 * one of the NAMEs (all without a filter). Prints one JSON object per line,
 * {"name","value","unit"}. Figures, not assertions: targets live in the
 * issue tracker and the README, and a person reads them.
 */
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import jpeg from 'jpeg-js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createCore, type Core } from '../../src-main/core/index';
import { dispatchCall } from '../../src-main/core/dispatch';
import { validateAnswers } from '../../src-shared/forms/engine';
import { FormDefinition, type Answers } from '../../src-shared/forms/schema';
import { Catalog } from '../../src-shared/catalog/schema';
import { createCatalogIndex } from '../../src-shared/catalog/search';
import { fortyAnswers, percentile, print } from './support';
import { clerkBenches } from './clerk';
import { KIOSK_CHILD_FLAG, runKioskChild, syncBenches } from './sync';

const root = resolve(import.meta.dirname, '..', '..');
const catalogPath = join(root, 'assets', 'catalog', 'catalog.json');
const filterIndex = process.argv.indexOf('--filter');
const filters = (filterIndex >= 0 ? (process.argv[filterIndex + 1] ?? '') : '').split(',');

function freshCore(): Core {
  return createCore({ dataDir: mkdtempSync(join(tmpdir(), 'kiosk-bench-')), catalogSnapshotPath: catalogPath, centralUrl: null });
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

/**
 * A 60-field form of every kind (12 pages of 5: text, date, ПИН, address,
 * multiple choice, select, a group of three persons, conditions and the ПИН
 * rule) and a complete application to it, validated whole as core and
 * central do.
 */
function sixtyFieldForm(): { form: FormDefinition; answers: Answers } {
  const l = (text: string) => ({ ky: text, ru: text });
  const options = ['a', 'b', 'c', 'd'].map((value) => ({ value, label: l(value) }));
  const answers: Answers = {};
  const pages = Array.from({ length: 12 }, (_, p) => {
    const fields = [
      { id: `surname${p}`, type: 'text', label: l('Фамилиясы'), maxLength: 60, pattern: '[\\p{L} -]+', patternMessage: l('тамгалар') },
      { id: `birthDate${p}`, type: 'date', label: l('Туулган күнү'), notFuture: true, minAgeYears: 18 },
      { id: `pin${p}`, type: 'pin', label: l('ПИН') },
      p % 3 === 0
        ? { id: `home${p}`, type: 'address', label: l('Дарек') }
        : p % 3 === 1
          ? { id: `langs${p}`, type: 'multichoice', label: l('Тилдер'), options, minItems: 1, maxItems: 3 }
          : { id: `office${p}`, type: 'choice', display: 'select', label: l('Кеңсе'), options },
      p === 11
        ? { id: 'family', type: 'person', label: l('Үй-бүлө'), maxItems: 5, fields: [
            { id: 'name', type: 'text', label: l('Аты') },
            { id: 'birthDate', type: 'date', label: l('Туулган күнү'), notFuture: true },
            { id: 'pin', type: 'pin', label: l('ПИН') },
          ] }
        : { id: `phone${p}`, type: 'phone', label: l('Телефон'), showIf: { field: `surname${p}`, equals: ['Асанова'] } },
    ];
    answers[`surname${p}`] = 'Асанова';
    answers[`birthDate${p}`] = '1990-05-25';
    answers[`pin${p}`] = '12505199012345';
    if (p % 3 === 0) answers[`home${p}`] = { region: 'chuy', district: 'kemin-district', settlement: 'orlovka', street: 'Ленин көчөсү, 5' };
    else if (p % 3 === 1) answers[`langs${p}`] = ['a', 'c'];
    else answers[`office${p}`] = 'b';
    if (p !== 11) answers[`phone${p}`] = '0555 123 456';
    return { id: `page${p}`, title: l(`Бет ${p}`), fields };
  });
  answers.family = [0, 1, 2].map((i) => ({ name: 'Айбек', birthDate: '2015-03-12', pin: `2120320150000${i}` }));
  const rules = Array.from({ length: 11 }, (_, p) => ({ rule: 'pinMatchesBirthDate', pin: `pin${p}`, date: `birthDate${p}` }));
  rules.push({ rule: 'pinMatchesBirthDate', pin: 'family.pin', date: 'family.birthDate' });
  const form = FormDefinition.parse({ id: 'bench', version: 1, title: l('Bench'), rules, pages });
  return { form, answers };
}

function formValidate(): void {
  const { form, answers } = sixtyFieldForm();
  const ctx = { today: new Date('2026-11-24T09:00:00Z') };
  if (validateAnswers(form, answers, ctx).length > 0) throw new Error('the bench application is not valid');
  const samples: number[] = [];
  for (let i = 0; i < 11_000; i += 1) {
    const start = performance.now();
    validateAnswers(form, answers, ctx);
    const elapsed = performance.now() - start;
    if (i >= 1000) samples.push(elapsed); // the first 1000 warm the JIT
  }
  print('form_validate_p99_ms', percentile(samples, 99), 'ms');
  if (process.env.BENCH_DETAIL) print('form_validate_p50_ms', percentile(samples, 50), 'ms');
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

/** What citizens type, letter by letter: Kyrgyz, Russian, Latin, typos, half-typed words, nonsense. */
const SEARCH_QUERIES = [
  'паспорт', 'pasport', 'propiska', 'zagranpasport', 'ID карта', 'ид-карта', 'никени каттоо', 'никe', 'брак', 'төрөлүү', 'торолуу',
  'үй', 'прописка', 'пасспорт', 'регистрацыя', 'айдоочулук күбөлүк', 'права', 'справка', 'маалымкат', 'водительское удостоверение',
  'регистрация рождения ребёнка', 'кыймылсыз мүлк', 'недвижимость', 'smert', 'voditelskoe', 'e-ID', 'ПИН', 'zzzzzz', 'а', 'к',
];

function typedQueries(count: number): string[] {
  const queries: string[] = [];
  for (let i = 0; queries.length < count; i += 1) {
    const query = SEARCH_QUERIES[i % SEARCH_QUERIES.length]!;
    // Every other query as the screen sees it while typing: a growing beginning.
    queries.push(i % 2 === 0 ? query : query.slice(0, 1 + (i % query.length)));
  }
  return queries;
}

function catalogSearch(): void {
  const catalog = Catalog.parse(JSON.parse(readFileSync(catalogPath, 'utf8')));
  const services = Array.from({ length: 500 }, (_, i) => {
    const service = catalog.services[i % catalog.services.length]!;
    return { ...service, id: `${service.id}-${i}` };
  });
  const index = createCatalogIndex({ services });
  const queries = typedQueries(1000);
  // As the home screen does: every match counted, the first twenty shown with their marks.
  const searchAsShown = (query: string) => index.search(query).slice(0, 20).map((result) => result.highlights);
  for (const query of queries.slice(0, 200)) searchAsShown(query); // warm the JIT
  const samples = queries.map((query) => {
    const start = performance.now();
    searchAsShown(query);
    return performance.now() - start;
  });
  print('catalog_search_p99_ms', percentile(samples, 99), 'ms');
}

async function timeToInteractive(): Promise<void> {
  const browser = await launchChromium();
  const samples: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const start = performance.now();
    const shell = await startShell();
    await page.goto(shell.url);
    await page.getByTestId('category-passports').click({ trial: true });
    samples.push(performance.now() - start);
    await page.close();
    await shell.stop();
  }
  await browser.close();
  print('time_to_interactive_ms', percentile(samples, 50), 'ms');
}

/** The built browser shell on a fresh data folder, in a Chromium of its own. */
async function startShell(): Promise<{ url: string; stop(): Promise<void> }> {
  const shell = spawn(process.execPath, [join(root, 'dist', 'web', 'launcher.js'), '--no-browser', '--data', mkdtempSync(join(tmpdir(), 'kiosk-shell-'))], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((found, fail) => {
    shell.once('exit', () => fail(new Error('the kiosk did not start')));
    createInterface({ input: shell.stdout! }).on('line', (line) => {
      const match = /kiosk ready at (http\S+)/.exec(line);
      if (match?.[1]) found(match[1]);
    });
  });
  const stop = () =>
    new Promise<void>((done) => {
      shell.once('exit', () => done());
      shell.kill('SIGTERM');
    });
  return { url, stop };
}

/** Loaded on use: the sync figures' kiosk process (this file too) needs no browser. */
async function launchChromium() {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
}

/**
 * A citizen comes back with a resume code: from tapping "open" with the code
 * typed to the form on screen with their answers. The median of twenty, each
 * with a fresh code (leaving again makes a new one).
 */
async function draftResume(): Promise<void> {
  const browser = await launchChromium();
  const shell = await startShell();
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(shell.url);
  await page.getByTestId('category-passports').click();
  await page.getByTestId('service-id-card').click();
  await page.getByTestId('variant-standard').check();
  await page.getByTestId('start-application').click();
  await page.getByTestId('field-surname').fill('Асанова');
  const samples: number[] = [];
  for (let run = 0; run < 21; run += 1) {
    await page.getByTestId('continue-later').click();
    const code = (await page.getByTestId('resume-code').innerText()).trim();
    await page.getByTestId('resume-done').click();
    await page.getByTestId('home-resume').click();
    await page.getByTestId('resume-code-input').fill(code);
    const start = performance.now();
    await page.getByTestId('resume-submit').click();
    await page.getByTestId('field-surname').waitFor({ state: 'visible' });
    if (run > 0) samples.push(performance.now() - start); // the first warms the page's code paths
  }
  await browser.close();
  await shell.stop();
  print('draft_resume_ms', percentile(samples, 50), 'ms');
}

/**
 * The longest the core's main thread stalls while 20 sample forms are laid
 * out as PDFs (on the worker thread the built shells use): autosave and sync
 * calls wait at most this long behind printing.
 */
async function pdfMainThreadBlock(): Promise<void> {
  const core = shellLikeCore();
  await core.sampleForm({ serviceId: 'id-card', language: 'ky' }); // the worker starts and loads its fonts
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  for (let i = 0; i < 20; i += 1) {
    await core.sampleForm({ serviceId: i % 2 ? 'marriage-registration' : 'id-card', language: i % 3 ? 'ky' : 'ru' });
  }
  delay.disable();
  await core.close();
  print('pdf_main_thread_block_ms', delay.max / 1e6, 'ms');
}

/**
 * A phone photo of a document, 4000×3000: paper with lines of "text" and
 * sensor noise, which compresses like the real thing. `noise` 42 at quality
 * 90 makes about 5 MB.
 */
function documentPhoto(noise: number): Buffer {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 4);
  let seed = 1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const ink = y % 40 < 6 && x % 300 < 260 ? 90 : 0;
      const shade = 235 - ((x + y) >> 6) - ink - ((seed >> 16) % noise);
      const at = (y * width + x) * 4;
      pixels[at] = shade;
      pixels[at + 1] = shade - 5;
      pixels[at + 2] = shade - 12;
      pixels[at + 3] = 255;
    }
  }
  return Buffer.from(jpeg.encode({ data: pixels, width, height }, 90).data);
}

/** A core as the shells build it: PDF layout and image decoding on the worker thread. */
function shellLikeCore(scannerDir?: string): Core {
  return createCore({
    dataDir: mkdtempSync(join(tmpdir(), 'kiosk-bench-')),
    catalogSnapshotPath: catalogPath,
    centralUrl: null,
    notoSansDir: join(root, 'node_modules', '@fontsource', 'noto-sans'),
    workerPath: join(root, 'dist', 'core', 'worker.js'),
    attachmentMaxBytes: 16 * 1024 * 1024,
    ...(scannerDir ? { scannerDir } : {}),
  });
}

/**
 * A citizen attaches a 5 MB scan from the scanner's folder: read, checked by
 * its content (full decode, thumbnail), hashed and stored durably. The
 * median of ten, each a new file to the store; and the longest stall of the
 * core's main thread meanwhile.
 */
async function attachmentIngest(): Promise<void> {
  const photo = documentPhoto(42);
  const scannerDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-scanner-'));
  writeFileSync(join(scannerDir, 'deed.jpg'), photo);
  const core = shellLikeCore(scannerDir);
  const draft = await core.createDraft({ serviceId: 'real-estate-rights', variantId: 'individual' });
  const attachAndRemove = async () => {
    const start = performance.now();
    const attached = await core.attachScannedFile({ draftId: draft.id, fieldId: 'titleDocuments', fileName: 'deed.jpg' });
    const elapsed = performance.now() - start;
    if (!attached.attached) throw new Error('the scan was not attached');
    // Removed from the only draft that held it: the stored file is deleted, so the next attach stores it again.
    await core.removeAttachment({ draftId: draft.id, fieldId: 'titleDocuments', sha256: attached.attached.sha256 });
    return elapsed;
  };
  await attachAndRemove(); // the worker thread starts once per kiosk process
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const samples: number[] = [];
  for (let i = 0; i < 10; i += 1) samples.push(await attachAndRemove());
  delay.disable();
  await core.close();
  print('attachment_ingest_ms', percentile(samples, 50), `ms (${(photo.length / 1e6).toFixed(1)} MB JPEG, 12 MP)`);
  print('attachment_main_thread_block_ms', delay.max / 1e6, 'ms');
}

const benches: Record<string, () => Promise<void> | void> = {
  autosave_p99_ms: autosave,
  submit_p99_ms: submit,
  form_validate_p99_ms: formValidate,
  renderer_js_gzip_kb: rendererJs,
  time_to_interactive_ms: timeToInteractive,
  draft_resume_ms: draftResume,
  catalog_search_p99_ms: catalogSearch,
  pdf_main_thread_block_ms: pdfMainThreadBlock,
  attachment_ingest_ms: attachmentIngest,
  ...syncBenches,
  ...clerkBenches,
};

if (process.argv[2] === KIOSK_CHILD_FLAG) {
  await runKioskChild(process.argv[3] ?? '{}');
  // The fetch pool's idle sockets would keep the process a few seconds more.
  process.exit(0);
} else {
  for (const [name, bench] of Object.entries(benches)) {
    if (filters.some((filter) => name.includes(filter))) await bench();
  }
}
