/**
 * The sync figures: a kiosk core draining its outbox to the central service
 * on loopback. Each side is its own process (the built central service, and
 * the kiosk as a child of this bench: `run.js --sync-kiosk-child`), so the
 * rate, lag and memory measured are the kiosk's alone.
 *
 * The peer to beat: PouchDB replicating 10,000 application-sized documents
 * (40 fields) to a CouchDB-style server on loopback at ~2,400/s, event-loop
 * lag p99 13–27 ms, 30–37 MB RSS growth in the client.
 *
 * `BENCH_DETAIL=1` adds figures that explain these: CPU seconds of each
 * process (and the kiosk's per application and per batch: what it costs
 * whatever the service's pace), the largest lag, and where the kiosk's
 * memory grew (V8 heap, ArrayBuffers, anonymous and file-backed RSS).
 *
 * `BENCH_CPU_PROF=DIR` writes CPU profiles there: the kiosk's of the timed
 * part alone (`kiosk-*.cpuprofile`), the central service's of its whole
 * run (a folder `central-*`, a profile for each of its threads). Profiling
 * slows both; read the figures of a run without it.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import jpeg from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { centralDbPath } from '../../src-central/database';
import { createCore } from '../../src-main/core/index';
import { SEND_BATCH_ITEMS } from '../../src-main/core/sync/outbox-drain';
import { generateKioskKeys, signRequest } from '../../src-main/core/sync/signer';
import { Catalog } from '../../src-shared/catalog/schema';
import { LOOKUP_CODE_LENGTH, randomPlainCode } from '../../src-shared/codes';
import type { ApplicationEnvelope } from '../../src-shared/sync/wire';
import { detail, fortyAnswers, percentile, print } from './support';

const root = resolve(import.meta.dirname, '..', '..');
const benchEntry = join(root, 'dist', 'bench', 'run.js');
const centralServer = join(root, 'dist', 'central', 'server.js');
export const centralCli = join(root, 'dist', 'central', 'cli.js');
const coreWorker = join(root, 'dist', 'core', 'worker.js');
const profileDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;

/** The first argument of `run.js` that makes it the kiosk side of a sync figure. */
export const KIOSK_CHILD_FLAG = '--sync-kiosk-child';

const MB = 1024 * 1024;
const SYNC_APPLICATIONS = 10_000;
const CATCH_UP_APPLICATIONS = 2_000;
const CATCH_UP_FILE_BYTES = 50 * MB;
const INGEST_WARM_UP = 2_000;
const INGEST_TIMED = 20_000;
/** As the protocol has allowed from the start (1–100 items a batch), so figures compare across versions. */
const INGEST_BATCH_ITEMS = 100;
/** Requests in flight at once: enough that the service, not the round trip, sets the pace. */
const INGEST_IN_FLIGHT = 4;
/** A sync that has not drained by then is a failure, not a figure. */
const SYNC_DEADLINE_MS = 10 * 60_000;
const SAMPLE_INTERVAL_MS = 5;
/**
 * The central service's `nice` while the kiosk's rate, lag and memory are
 * measured. In an office it runs on another machine; here it shares the two
 * cores, and at the same priority its three busy threads took the kiosk's
 * main thread off a core for longer than a frame (lag p99 ≈ 12 ms where the
 * kiosk's own work leaves ≈ 7). At a lower priority it still gets every
 * cycle the kiosk leaves idle.
 */
const CENTRAL_NICENESS_FOR_KIOSK_FIGURES = 10;

const SERVICE_ID = 'bench-application';
const VARIANT_ID = 'standard';
const FORM_ID = 'bench-form';
const FILE_FIELD = 'documents';

/** One service whose form has 40 text fields on four pages, and a page for up to three files. */
function benchCatalog(): Catalog {
  const l = (text: string) => ({ ky: text, ru: text });
  const pages = Array.from({ length: 4 }, (_, p) => ({
    id: `page${p}`,
    title: l(`Бет ${p + 1}`),
    fields: Array.from({ length: 10 }, (_, f) => ({ id: `field${p * 10 + f}`, type: 'text', label: l(`Талаа ${p * 10 + f + 1}`) })),
  }));
  return Catalog.parse({
    version: 'bench-1',
    publishedAt: '2026-11-24T00:00:00Z',
    operator: { name: l('Оператор'), phone: '+996 312 000000', email: 'info@example.kg', hours: l('9-18'), address: l('Бишкек') },
    categories: [{ id: 'bench', name: l('Бенч'), description: l('Бенч') }],
    services: [
      {
        id: SERVICE_ID,
        categoryId: 'bench',
        name: l('Арыз'),
        summary: l('Арыз'),
        description: l('Арыз'),
        provider: l('Кызмат'),
        variants: [
          { id: VARIANT_ID, name: l('Кадимки'), price: { amount: 510, example: false }, term: { value: 12, unit: 'workingDays', example: false } },
        ],
        documents: [{ name: l('Паспорт') }],
        formId: FORM_ID,
        sources: [{ title: 'bench', accessed: '2026-11-24' }],
      },
    ],
    forms: [
      {
        id: FORM_ID,
        version: 1,
        title: l('Арыз'),
        pages: [
          ...pages,
          { id: FILE_FIELD, title: l('Документтер'), fields: [{ id: FILE_FIELD, type: 'file', label: l('Скан'), optional: true, maxItems: 3 }] },
        ],
      },
    ],
  });
}

/** Temp folders and processes of one figure: removed and stopped when it ends, on a failure or Ctrl-C too. */
export class Workspace {
  private readonly dirs: string[] = [];
  private readonly children = new Set<ChildProcess>();
  private logs: string | null = null;
  private readonly onExit = () => this.closeNow();
  private readonly onSignal = () => {
    this.closeNow();
    process.exit(130);
  };

  constructor() {
    process.on('exit', this.onExit);
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  dir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** A file for a child's stderr: the kernel writes it, so a chatty process never waits on the bench. */
  logFile(name: string): string {
    this.logs ??= this.dir('kiosk-bench-logs-');
    return join(this.logs, `${name}.log`);
  }

  own(child: ChildProcess): ChildProcess {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  async close(): Promise<void> {
    await Promise.all([...this.children].map((child) => stopProcess(child)));
    this.closeNow();
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  private closeNow(): void {
    for (const child of this.children) child.kill('SIGKILL');
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill(signal);
  });
}

function logTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

/** A child's stdout, line by line: waits for the next line that matches, or fails with the child's log. */
function lineReader(child: ChildProcess, name: string, logPath: string) {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return async (pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${name}: nothing like ${pattern} in ${timeoutMs} ms\n${logTail(logPath)}`)), timeoutMs);
    });
    try {
      for (;;) {
        const next = await Promise.race([lines.next(), timeout]);
        if (next.done) throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode}\n${logTail(logPath)}`);
        const match = pattern.exec(next.value);
        if (match) return match;
      }
    } finally {
      clearTimeout(timer);
    }
  };
}

/** `niceness` above 0: the process yields the cores to others when both want them (Linux and macOS `nice`). */
function spawnNode(ws: Workspace, name: string, args: string[], stdin: 'ignore' | 'pipe', niceness = 0): { child: ChildProcess; logPath: string } {
  const logPath = ws.logFile(name);
  const stderr = openSync(logPath, 'a');
  try {
    const command = niceness === 0 ? [process.execPath, ...args] : ['nice', '-n', String(niceness), process.execPath, ...args];
    const child = ws.own(spawn(command[0]!, command.slice(1), { cwd: root, stdio: [stdin, 'pipe', stderr] }));
    return { child, logPath };
  } finally {
    closeSync(stderr);
  }
}

interface CentralProcess {
  url: string;
  port: number;
  /** CPU seconds (user and system) the process has used so far; NaN where /proc is not there. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Linux counts a process's CPU time in clock ticks of 1/100 s (`getconf CLK_TCK`). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

let centralStarts = 0;

/** `node dist/central/server.js` on its own data folder, as an office would run it. */
export async function startCentral(
  ws: Workspace,
  options: { dataDir: string; catalogPath: string; port?: number; profileName?: string; niceness?: number },
): Promise<CentralProcess> {
  centralStarts += 1;
  // A folder of its own: Node names each thread's profile (the judging and checkpoint threads have theirs).
  const profile = profileDir && options.profileName ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, options.profileName)}`] : [];
  const args = [...profile, centralServer, '--port', String(options.port ?? 0), '--data', options.dataDir, '--catalog', options.catalogPath];
  const { child, logPath } = spawnNode(ws, `central-${centralStarts}`, args, 'ignore', options.niceness);
  const [, url] = await lineReader(child, 'the central service', logPath)(/central listening on (http\S+)/, 30_000);
  return { url: url!, port: Number(new URL(url!).port), cpuSeconds: () => cpuSecondsOf(child.pid), stop: () => stopProcess(child) };
}

export function enrollmentCode(centralDir: string): string {
  const result = spawnSync(process.execPath, [centralCli, 'enroll-code', '--data', centralDir, '--office', 'Бишкек, №1 бөлүм'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`enroll-code failed: ${result.stderr}`);
  return result.stdout.trim();
}

function storedOnCentral(centralDir: string): { applications: number; attachments: number } {
  const db = new Database(centralDbPath(centralDir), { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return { applications: count('SELECT count(*) AS n FROM applications'), attachments: count('SELECT count(*) AS n FROM attachments') };
  } finally {
    db.close();
  }
}

function expectStored(centralDir: string, applications: number, attachments: number): void {
  const stored = storedOnCentral(centralDir);
  if (stored.applications !== applications || stored.attachments !== attachments) {
    throw new Error(`the central service holds ${stored.applications} applications and ${stored.attachments} files, not ${applications} and ${attachments}`);
  }
}

interface BenchFile {
  name: string;
  bytes: Buffer;
}

interface PreparedKiosk {
  kioskDir: string;
  centralDir: string;
  /** The port the central service had at enrollment: it comes back there. */
  port: number;
}

/**
 * An enrolled kiosk that then went offline with `count` applications in its
 * outbox, each filled and submitted through the core as a citizen would;
 * `fileOf(i)` attaches a file to the i-th. Not timed.
 */
async function prepareKiosk(ws: Workspace, catalogPath: string, count: number, fileOf: (i: number) => BenchFile | null): Promise<PreparedKiosk> {
  const started = performance.now();
  const centralDir = ws.dir('kiosk-bench-central-');
  const kioskDir = ws.dir('kiosk-bench-kiosk-');
  const central = await startCentral(ws, { dataDir: centralDir, catalogPath });
  const core = createCore({ dataDir: kioskDir, catalogSnapshotPath: catalogPath, centralUrl: central.url, terminalName: 'bench-kiosk' });
  try {
    await core.enroll(enrollmentCode(centralDir));
    await central.stop();
    for (let i = 0; i < count; i += 1) {
      const draft = await core.createDraft({ serviceId: SERVICE_ID, variantId: VARIANT_ID });
      await core.saveDraft({ id: draft.id, answers: fortyAnswers(i), pageId: FILE_FIELD });
      const file = fileOf(i);
      if (file) {
        await core.attachUploadedFile({ draftId: draft.id, fieldId: FILE_FIELD, fileName: file.name, dataBase64: file.bytes.toString('base64') });
      }
      await core.submitApplication({ draftId: draft.id, consent: true });
      // The core answers these without a turn of the event loop: give Ctrl-C a chance now and then.
      if (i % 100 === 99) await new Promise((next) => setImmediate(next));
    }
    if ((await core.getSyncState({})).waiting !== count) throw new Error(`the outbox does not hold ${count} applications`);
  } finally {
    await core.close();
  }
  if (detail) process.stderr.write(`prepared ${count} applications in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return { kioskDir, centralDir, port: central.port };
}

interface KioskChildOptions {
  dataDir: string;
  catalogPath: string;
  centralUrl: string;
  profileName: string;
}

/** What the kiosk process measured, from `syncNow` until nothing waits. */
interface KioskRun {
  seconds: number;
  /** CPU time of the kiosk process meanwhile (all its threads). */
  cpuSeconds: number;
  /** `syncNow` calls it took. */
  rounds: number;
  waiting: number;
  lastError: string | null;
  lagP99Ms: number;
  lagMaxMs: number;
  /** The same, by `monitorEventLoopDelay` (resolution 5 ms): a cross-check. */
  histogramP99Ms: number;
  rssBeforeMb: number;
  rssMaxMb: number;
  /** Where the memory was before and at the largest RSS (MB): V8's heap, buffers outside it, and RSS by kind. */
  before: MemoryBreakdown;
  atPeak: MemoryBreakdown;
}

interface MemoryBreakdown {
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** From /proc/self/status: anonymous memory (malloc, V8), file pages mapped (a database read through mmap), shared memory (SQLite's WAL index). */
  rssAnonMb: number;
  rssFileMb: number;
  rssShmemMb: number;
}

function memoryBreakdown(): MemoryBreakdown {
  const usage = process.memoryUsage();
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // Not Linux: the kinds stay NaN.
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return {
    heapTotalMb: usage.heapTotal / MB,
    heapUsedMb: usage.heapUsed / MB,
    externalMb: usage.external / MB,
    arrayBuffersMb: usage.arrayBuffers / MB,
    rssAnonMb: kb('RssAnon'),
    rssFileMb: kb('RssFile'),
    rssShmemMb: kb('RssShmem'),
  };
}

/** The kiosk side in its own process: opened, then synced when the bench says go. */
async function startKiosk(ws: Workspace, options: KioskChildOptions): Promise<{ go(central: CentralProcess): Promise<KioskRun & { centralCpuSeconds: number }> }> {
  const { child, logPath } = spawnNode(ws, options.profileName, [benchEntry, KIOSK_CHILD_FLAG, JSON.stringify(options)], 'pipe');
  const next = lineReader(child, 'the kiosk', logPath);
  await next(/^ready/, 60_000);
  return {
    async go(central) {
      const centralCpu = central.cpuSeconds();
      child.stdin!.end('go\n');
      const [, json] = await next(/^result (.*)$/, SYNC_DEADLINE_MS + 60_000);
      await new Promise<void>((done) => (child.exitCode !== null ? done() : child.once('exit', () => done())));
      const run = { ...(JSON.parse(json!) as KioskRun), centralCpuSeconds: central.cpuSeconds() - centralCpu };
      if (run.waiting !== 0) throw new Error(`the outbox did not drain: ${run.waiting} waiting, last error ${run.lastError}`);
      return run;
    },
  };
}

/** Event-loop lateness of a 5 ms interval, and the largest RSS, sampled on every tick. */
function startSampling() {
  const lags: number[] = [];
  let rssMax = process.memoryUsage.rss();
  let atPeak = memoryBreakdown();
  /** The RSS when `atPeak` was taken. */
  let rssAtPeak = rssMax;
  let last = performance.now();
  const histogram = monitorEventLoopDelay({ resolution: SAMPLE_INTERVAL_MS });
  histogram.enable();
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - last - SAMPLE_INTERVAL_MS));
    last = now;
    const rss = process.memoryUsage.rss();
    // The whole breakdown only when the RSS passes the last one's by a megabyte: it is dearer than the RSS alone.
    if (rss > rssAtPeak + MB) {
      atPeak = memoryBreakdown();
      rssAtPeak = rss;
    }
    rssMax = Math.max(rssMax, rss);
  }, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      return { lags, rssMax: Math.max(rssMax, process.memoryUsage.rss()), atPeak, histogramP99Ms: histogramP99Ms(histogram) };
    },
  };
}

function histogramP99Ms(histogram: ReturnType<typeof monitorEventLoopDelay>): number {
  return histogram.percentile(99) / 1e6;
}

/** A CPU profile of this thread between start and stop, written where `BENCH_CPU_PROF` says. */
async function startProfiling(name: string): Promise<{ stop(): Promise<void> } | null> {
  if (!profileDir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** `run.js --sync-kiosk-child OPTIONS`: the kiosk process of a sync figure. */
export async function runKioskChild(json: string): Promise<void> {
  const options = JSON.parse(json) as KioskChildOptions;
  const core = createCore({
    dataDir: options.dataDir,
    catalogSnapshotPath: options.catalogPath,
    centralUrl: options.centralUrl,
    workerPath: coreWorker,
    terminalName: 'bench-kiosk',
  });
  process.stdout.write(`ready ${(await core.getSyncState({})).waiting}\n`);
  for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
  const profiling = await startProfiling(options.profileName);
  const before = memoryBreakdown();
  const rssBefore = process.memoryUsage.rss();
  const sampling = startSampling();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let state = await core.syncNow({});
  let rounds = 1;
  // An item the service asked to retry waits for its backoff: keep asking until nothing waits.
  while (state.waiting > 0 && performance.now() - start < SYNC_DEADLINE_MS) {
    await new Promise((wake) => setTimeout(wake, 20));
    state = await core.syncNow({});
    rounds += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const sampled = sampling.stop();
  await profiling?.stop();
  const run: KioskRun = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rounds,
    waiting: state.waiting,
    lastError: state.lastError,
    lagP99Ms: percentile(sampled.lags, 99),
    lagMaxMs: Math.max(0, ...sampled.lags),
    histogramP99Ms: sampled.histogramP99Ms,
    rssBeforeMb: rssBefore / MB,
    rssMaxMb: sampled.rssMax / MB,
    before,
    atPeak: sampled.atPeak,
  };
  process.stdout.write(`result ${JSON.stringify(run)}\n`);
  await core.close();
}

/** 10,000 applications of 40 fields, no files: one run, read by three figures. */
async function outboxSync(): Promise<KioskRun & { centralCpuSeconds: number }> {
  const ws = new Workspace();
  try {
    const catalogPath = join(ws.dir('kiosk-bench-catalog-'), 'catalog.json');
    writeFileSync(catalogPath, JSON.stringify(benchCatalog()));
    const prepared = await prepareKiosk(ws, catalogPath, SYNC_APPLICATIONS, () => null);
    const central = await startCentral(ws, {
      dataDir: prepared.centralDir,
      catalogPath,
      profileName: 'central-sync',
      niceness: CENTRAL_NICENESS_FOR_KIOSK_FIGURES,
    });
    const kiosk = await startKiosk(ws, { dataDir: prepared.kioskDir, catalogPath, centralUrl: central.url, profileName: 'kiosk-sync' });
    const run = await kiosk.go(central);
    await central.stop();
    expectStored(prepared.centralDir, SYNC_APPLICATIONS, 0);
    if (detail) {
      print('sync_seconds', run.seconds, `s (${run.rounds} syncNow calls)`);
      print('sync_kiosk_cpu_s', run.cpuSeconds, 's');
      // What the kiosk itself costs, whatever the service's pace: CPU per application, and per batch it sends.
      print('sync_kiosk_cpu_ms_per_app', (run.cpuSeconds * 1000) / SYNC_APPLICATIONS, 'ms (all its threads)');
      print('sync_kiosk_cpu_ms_per_batch', (run.cpuSeconds * 1000) / Math.ceil(SYNC_APPLICATIONS / SEND_BATCH_ITEMS), `ms (batches of ${SEND_BATCH_ITEMS})`);
      print('sync_central_cpu_s', run.centralCpuSeconds, 's');
      print('sync_central_cpu_ms_per_app', (run.centralCpuSeconds * 1000) / SYNC_APPLICATIONS, 'ms');
      print('sync_loop_lag_max_ms', run.lagMaxMs, 'ms');
      print('sync_loop_delay_histogram_p99_ms', run.histogramP99Ms, 'ms (monitorEventLoopDelay, resolution 5 ms)');
      print('sync_rss_before_mb', run.rssBeforeMb, 'MB');
      for (const [key, value] of Object.entries(run.atPeak)) {
        print(`sync_growth_${key.replace(/Mb$/, '')}_mb`, value - run.before[key as keyof MemoryBreakdown], 'MB (at the RSS peak − before)');
      }
    }
    return run;
  } finally {
    await ws.close();
  }
}

let outboxSyncRun: Promise<KioskRun & { centralCpuSeconds: number }> | null = null;
const outboxSyncOnce = () => (outboxSyncRun ??= outboxSync());

async function syncAppsPerSecond(): Promise<void> {
  const run = await outboxSyncOnce();
  print('sync_apps_per_s', SYNC_APPLICATIONS / run.seconds, `apps/s (${SYNC_APPLICATIONS} × 40 fields, loopback, central at nice ${CENTRAL_NICENESS_FOR_KIOSK_FIGURES})`);
}

async function syncLoopLag(): Promise<void> {
  print('sync_loop_lag_p99_ms', (await outboxSyncOnce()).lagP99Ms, 'ms');
}

async function syncRssGrowth(): Promise<void> {
  const run = await outboxSyncOnce();
  print('sync_rss_growth_mb', run.rssMaxMb - run.rssBeforeMb, 'MB');
}

/** Noise photographed: JPEG of random pixels, about 1.9 bytes a pixel at quality 90. */
function noiseJpeg(bytes: number): Buffer {
  const side = Math.round(Math.sqrt(bytes / 1.9));
  return Buffer.from(jpeg.encode({ data: randomBytes(side * side * 4), width: side, height: side }, 90).data);
}

/** A PNG of random pixels: deflate cannot shrink it, so a small picture makes a large file. */
function noisePng(bytes: number): Buffer {
  const side = Math.round(Math.sqrt(bytes / 4));
  const png = new PNG({ width: side, height: side });
  png.data = randomBytes(side * side * 4);
  return PNG.sync.write(png, { deflateLevel: 1 });
}

/** A one-page scan as a PDF: a page holding a noise JPEG. */
async function scannedPdf(bytes: number): Promise<Buffer> {
  const document = await PDFDocument.create();
  const image = await document.embedJpg(noiseJpeg(bytes));
  document.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await document.save());
}

/** Distinct JPEG, PNG and PDF files of 200–500 KB, up to `total` bytes. */
async function benchFiles(total: number): Promise<BenchFile[]> {
  const files: BenchFile[] = [];
  for (let k = 0, sum = 0; sum < total; k += 1) {
    const size = (200 + ((k * 137) % 301)) * 1024;
    const file =
      k % 3 === 0
        ? { name: `scan-${k}.jpg`, bytes: noiseJpeg(size) }
        : k % 3 === 1
          ? { name: `photo-${k}.png`, bytes: noisePng(size) }
          : { name: `deed-${k}.pdf`, bytes: await scannedPdf(size) };
    files.push(file);
    sum += file.bytes.length;
  }
  return files;
}

/**
 * A kiosk that was offline with 2,000 applications and 50 MB of files: from
 * link-up (the central service answering on the address the kiosk knows,
 * and the kiosk told to sync) until every application is accepted.
 */
async function syncCatchUp(): Promise<void> {
  const ws = new Workspace();
  try {
    const catalogPath = join(ws.dir('kiosk-bench-catalog-'), 'catalog.json');
    writeFileSync(catalogPath, JSON.stringify(benchCatalog()));
    const files = await benchFiles(CATCH_UP_FILE_BYTES);
    const fileBytes = files.reduce((sum, file) => sum + file.bytes.length, 0);
    const step = Math.floor(CATCH_UP_APPLICATIONS / files.length);
    const prepared = await prepareKiosk(ws, catalogPath, CATCH_UP_APPLICATIONS, (i) => (i % step === 0 ? (files[i / step] ?? null) : null));
    const kiosk = await startKiosk(ws, {
      dataDir: prepared.kioskDir,
      catalogPath,
      centralUrl: `http://127.0.0.1:${prepared.port}`,
      profileName: 'kiosk-catch-up',
    });
    const central = await startCentral(ws, { dataDir: prepared.centralDir, catalogPath, port: prepared.port, profileName: 'central-catch-up' });
    const run = await kiosk.go(central);
    await central.stop();
    expectStored(prepared.centralDir, CATCH_UP_APPLICATIONS, files.length);
    print('sync_catch_up_s', run.seconds, `s (${CATCH_UP_APPLICATIONS} apps, ${files.length} files, ${(fileBytes / MB).toFixed(1)} MB)`);
    if (detail) {
      print('sync_catch_up_kiosk_cpu_s', run.cpuSeconds, 's');
      print('sync_catch_up_central_cpu_s', run.centralCpuSeconds, 's');
      print('sync_catch_up_loop_lag_p99_ms', run.lagP99Ms, 'ms');
      print('sync_catch_up_rss_growth_mb', run.rssMaxMb - run.rssBeforeMb, 'MB');
    }
  } finally {
    await ws.close();
  }
}

interface SignedBatch {
  headers: Record<string, string>;
  body: string;
}

const BATCH_PATH = '/v1/applications/batch';

function benchEnvelope(catalog: Catalog, i: number): ApplicationEnvelope {
  const service = catalog.services[0]!;
  const variant = service.variants[0]!;
  return {
    id: randomUUID(),
    localNumber: `BENCH-${String(i).padStart(6, '0')}`,
    lookupCode: randomPlainCode(randomBytes, LOOKUP_CODE_LENGTH),
    serviceId: service.id,
    variantId: variant.id,
    formId: FORM_ID,
    formVersion: 1,
    catalogVersion: catalog.version,
    language: 'ky',
    answers: fortyAnswers(i),
    price: variant.price,
    term: variant.term,
    submittedAt: new Date().toISOString(),
  };
}

function signedBatches(signer: { kioskId: string; privateKey: string }, catalog: Catalog, from: number, count: number): SignedBatch[] {
  const batches: SignedBatch[] = [];
  for (let start = from; start < from + count; start += INGEST_BATCH_ITEMS) {
    const items = Array.from({ length: Math.min(INGEST_BATCH_ITEMS, from + count - start) }, (_, k) => benchEnvelope(catalog, start + k));
    const body = JSON.stringify({ items });
    const headers = signRequest({ ...signer, method: 'POST', path: BATCH_PATH, body, time: new Date(), nonce: randomUUID() });
    batches.push({ headers: { ...headers, 'content-type': 'application/json' }, body });
  }
  return batches;
}

/** Sends the batches, a few in flight, each as soon as a lane is free; the number accepted. */
async function fireBatches(baseUrl: string, batches: SignedBatch[]): Promise<number> {
  let next = 0;
  let accepted = 0;
  const lane = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const response = await fetch(`${baseUrl}${BATCH_PATH}`, { method: 'POST', headers: batch.headers, body: batch.body });
      if (!response.ok) throw new Error(`a batch was refused: ${response.status} ${await response.text()}`);
      const { results } = (await response.json()) as { results: Array<{ outcome: string; reason?: string }> };
      const refused = results.find((result) => result.outcome !== 'accepted');
      if (refused) throw new Error(`an item was answered ${refused.outcome} ${refused.reason ?? ''}`);
      accepted += results.length;
    }
  };
  await Promise.all(Array.from({ length: INGEST_IN_FLIGHT }, lane));
  return accepted;
}

/** Signed, validated batches into the central database, as fast as the service answers. */
async function centralIngest(): Promise<void> {
  const ws = new Workspace();
  try {
    const catalog = benchCatalog();
    const catalogPath = join(ws.dir('kiosk-bench-catalog-'), 'catalog.json');
    writeFileSync(catalogPath, JSON.stringify(catalog));
    const centralDir = ws.dir('kiosk-bench-central-');
    const central = await startCentral(ws, { dataDir: centralDir, catalogPath, profileName: 'central-ingest' });
    const keys = generateKioskKeys();
    const enrolled = await fetch(`${central.url}/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: enrollmentCode(centralDir), publicKey: keys.publicKey, terminalName: 'bench-ingest' }),
    });
    const { kioskId } = (await enrolled.json()) as { kioskId?: unknown };
    if (!enrolled.ok || typeof kioskId !== 'string') throw new Error(`enrollment failed: ${enrolled.status}`);
    const signer = { kioskId, privateKey: keys.privateKey };
    // Signed before the clock starts: the figure is the service's, not this client's.
    const warmUp = signedBatches(signer, catalog, 0, INGEST_WARM_UP);
    const timed = signedBatches(signer, catalog, INGEST_WARM_UP, INGEST_TIMED);
    await fireBatches(central.url, warmUp);
    const centralCpu = central.cpuSeconds();
    const clientCpu = process.cpuUsage();
    const start = performance.now();
    const accepted = await fireBatches(central.url, timed);
    const seconds = (performance.now() - start) / 1000;
    const cpuSeconds = central.cpuSeconds() - centralCpu;
    const clientCpuUsed = process.cpuUsage(clientCpu);
    await central.stop();
    expectStored(centralDir, INGEST_WARM_UP + INGEST_TIMED, 0);
    print('central_ingest_apps_per_s', accepted / seconds, `apps/s (batches of ${INGEST_BATCH_ITEMS}, ${INGEST_IN_FLIGHT} in flight)`);
    if (detail) {
      print('central_ingest_cpu_ms_per_app', (cpuSeconds * 1000) / accepted, `ms (${cpuSeconds.toFixed(1)} s CPU in ${seconds.toFixed(1)} s)`);
      // The sending side shares the machine's cores with the service: what it took of them.
      print('central_ingest_client_cpu_ms_per_app', (clientCpuUsed.user + clientCpuUsed.system) / 1000 / accepted, 'ms (this bench sending)');
    }
  } finally {
    await ws.close();
  }
}

export const syncBenches: Record<string, () => Promise<void>> = {
  sync_apps_per_s: syncAppsPerSecond,
  sync_loop_lag_p99_ms: syncLoopLag,
  sync_rss_growth_mb: syncRssGrowth,
  central_ingest_apps_per_s: centralIngest,
  sync_catch_up_s: syncCatchUp,
};
