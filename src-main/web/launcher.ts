import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../core/index';
import { printoutsDir } from '../core/printing/printouts';
import { kioskChromiumFlags } from './chromium-flags';
import { prepareKioskProfile } from './chromium-profile';
import { createWebPrinter } from './printer';
import { startWebShell } from './server';

/**
 * `npm start`: the kiosk with what it needs. With --demo it also starts a
 * reference central service on an embedded SQLite database and enrolls the
 * kiosk to it. Electron runs the kiosk where its binary exists; otherwise the
 * browser shell serves it and opens system Chromium in kiosk mode, or, with no
 * display, prints the address to open.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const paths = {
  renderer: join(root, 'dist', 'renderer'),
  catalog: join(root, 'assets', 'catalog', 'catalog.json'),
  terms: join(root, 'assets', 'terms'),
  centralServer: join(root, 'dist', 'central', 'server.js'),
  centralCli: join(root, 'dist', 'central', 'cli.js'),
  electronMain: join(root, 'dist', 'electron', 'main.cjs'),
  coreWorker: join(root, 'dist', 'core', 'worker.js'),
};

const { values: args } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    data: { type: 'string', default: join(root, '.data') },
    port: { type: 'string', default: '0' },
    'central-url': { type: 'string' },
    'central-port': { type: 'string', default: '0' },
    'enroll-code': { type: 'string' },
    'terminal-name': { type: 'string' },
    // A CUPS queue for printouts (`lp -d NAME`); without it they are saved in <data>/printouts/.
    printer: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
    browser: { type: 'boolean', default: false },
    'idle-seconds': { type: 'string' },
    // The folder the office's scanner saves scans to: "add from the scanner" lists it.
    'scanner-dir': { type: 'string' },
    'idle-warning-seconds': { type: 'string' },
    'sync-interval-ms': { type: 'string' },
    'max-backoff-ms': { type: 'string' },
    // Operator's retention: days a draft is kept after its last change, and days an accepted application's answers stay.
    'draft-retention-days': { type: 'string' },
    'retention-days': { type: 'string' },
    // For an X session with no window manager (a bare xinit), where --kiosk cannot go full screen by itself.
    'window-size': { type: 'string' },
  },
});

const dataDir = resolve(args.data ?? '.data');
mkdirSync(dataDir, { recursive: true });
const say = (line: string) => process.stdout.write(`${line}\n`);
// The terminal is for the person who started the kiosk; the event log (codes and ids only) goes to a file.
const logFile = join(dataDir, 'kiosk.log');
const logStream = createWriteStream(logFile, { flags: 'a' });
const log = (event: string, fields: Record<string, unknown> = {}) =>
  logStream.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
const numberArg = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const children: ChildProcess[] = [];

/**
 * The Electron binary, where it was installed. Read from the package's
 * path.txt as electron's own index.js does, without requiring that module:
 * it starts a download of the binary when it is missing, which would hold up
 * every start of the browser shell and reach for the network.
 */
function electronBinary(): string | null {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
    const binary = join(distDir, executable);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

async function startCentral(centralDataDir: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [paths.centralServer, '--port', args['central-port'] ?? '0', '--data', centralDataDir, '--catalog', paths.catalog, '--terms', paths.terms],
    { stdio: ['ignore', 'pipe', openSync(join(dataDir, 'central.log'), 'a')] },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolveUrl, reject) => {
    const timeout = setTimeout(() => reject(new Error('the central service did not start within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`the central service stopped at start (exit code ${code})`)));
    lines.on('line', (line) => {
      const match = /central listening on (http\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timeout);
        resolveUrl(match[1]);
      }
    });
  });
}

function makeEnrollmentCode(centralDataDir: string): string {
  const result = spawnSync(
    process.execPath,
    [paths.centralCli, 'enroll-code', '--data', centralDataDir, '--office', 'Бишкек, №1 кабыл алуу бөлүмү (демо)'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`the admin CLI could not make an enrollment code: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

function openChromium(binary: string, url: string, profileDir: string): ChildProcess {
  prepareKioskProfile(profileDir);
  const flags = kioskChromiumFlags({ url, profileDir, windowSize: args['window-size'], runningAsRoot: process.getuid?.() === 0 });
  const child = spawn(binary, flags, { stdio: 'ignore' });
  children.push(child);
  return child;
}

function stopChildren(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

async function main(): Promise<void> {
  let centralUrl = args['central-url'] ?? null;
  let enrollCode = args['enroll-code'] ?? null;
  const centralData = join(dataDir, 'central');

  if (args.demo && !centralUrl) {
    centralUrl = await startCentral(centralData);
    say(`Central service (demo, embedded SQLite in ${centralData}) at ${centralUrl}`);
  }

  const electron = args.browser ? null : electronBinary();
  if (electron) {
    if (args.demo && !enrollCode) enrollCode = makeEnrollmentCode(centralData);
    say('Starting the kiosk in Electron.');
    const child = spawn(electron, [paths.electronMain], {
      stdio: 'inherit',
      env: {
        ...process.env,
        KIOSK_DATA_DIR: join(dataDir, 'kiosk'),
        KIOSK_CENTRAL_URL: centralUrl ?? '',
        KIOSK_ENROLL_CODE: enrollCode ?? '',
      },
    });
    children.push(child);
    child.once('exit', (code) => {
      stopChildren();
      process.exit(code ?? 0);
    });
    return;
  }

  const core = createCore({
    dataDir: join(dataDir, 'kiosk'),
    catalogSnapshotPath: paths.catalog,
    centralUrl,
    terminalName: args['terminal-name'],
    idleSeconds: numberArg(args['idle-seconds']),
    scannerDir: args['scanner-dir'] ? resolve(args['scanner-dir']) : undefined,
    idleWarningSeconds: numberArg(args['idle-warning-seconds']),
    syncIntervalMs: numberArg(args['sync-interval-ms']),
    maxBackoffMs: numberArg(args['max-backoff-ms']),
    draftRetentionDays: numberArg(args['draft-retention-days']),
    applicationRetentionDays: numberArg(args['retention-days']),
    log,
    printPdf: createWebPrinter({ dataDir, log }),
    printerName: args.printer ?? null,
    printoutsDir: printoutsDir(dataDir),
    notoSansDir: dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans/package.json')),
    workerPath: paths.coreWorker,
    // An admin left kiosk mode (only possible through the shell, so `shutdown` exists by then):
    // the answer goes back to the page first, then the kiosk stops.
    onMaintenanceExit: () => {
      say('An admin left kiosk mode for maintenance: the kiosk stops.');
      setImmediate(() => void shutdown(0));
    },
  });

  // An admin's central URL (clerk mode) wins over the one this launch was given.
  if (core.settingsInForce().centralUrl && !core.isEnrolled()) {
    if (args.demo && !enrollCode) enrollCode = makeEnrollmentCode(centralData);
    if (enrollCode) {
      try {
        await core.enroll(enrollCode);
        say('The kiosk is enrolled with the central service.');
      } catch {
        say('Enrollment failed: the kiosk works offline and keeps applications until it is enrolled.');
      }
    }
  }
  core.startSync();
  say(`Event log: ${logFile}`);

  const shell = await startWebShell({ core, rendererDir: paths.renderer, port: numberArg(args.port), log });
  let shuttingDown = false;
  /** Ends the kiosk: its browser, the demo's central service, the web shell and the core, in that order. */
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    stopChildren();
    await shell.close();
    await core.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  const chromium = findChromium();
  if (args['no-browser']) {
    say(`kiosk ready at ${shell.launchUrl}`);
  } else if (!display) {
    say('No display on this machine: the browser shell is serving the kiosk.');
    say(`Open this address once in Chromium (chromium --kiosk --app=URL): kiosk ready at ${shell.launchUrl}`);
  } else if (!chromium) {
    say('Neither Electron nor Chromium was found: install chromium, or open the address below in a browser.');
    say(`kiosk ready at ${shell.launchUrl}`);
  } else {
    say(`Electron is not available on this machine: the browser shell opens the kiosk in ${chromium}.`);
    say(`kiosk ready at ${shell.launchUrl}`);
    openChromium(chromium, shell.launchUrl, join(dataDir, 'chromium-profile')).once('exit', () => void shutdown(0));
  }
}

main().catch((error: unknown) => {
  say(`The kiosk could not start: ${error instanceof Error ? error.message : String(error)}`);
  stopChildren();
  process.exit(1);
});
