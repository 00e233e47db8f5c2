import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The real processes an e2e test drives: the built central service and the built kiosk launcher. */
export const root = resolve(import.meta.dirname, '..', '..');
const centralServer = join(root, 'dist', 'central', 'server.js');
const centralCli = join(root, 'dist', 'central', 'cli.js');
const launcher = join(root, 'dist', 'web', 'launcher.js');
const catalog = join(root, 'assets', 'catalog', 'catalog.json');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Running {
  process: ChildProcess;
  /** The address the process printed when it was ready. */
  url: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function startAndWaitFor(command: string[], readyLine: RegExp, name: string): Promise<Running> {
  const child = spawn(process.execPath, command, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
    });
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in 30 s:\n${output.join('')}`)), 30_000);
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code} at start:\n${output.join('')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(`${line}\n`);
      const match = readyLine.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        ready({ process: child, url: match[1], stop });
      }
    });
  });
}

export interface CentralStart {
  /**
   * The service's `--clock-file`: it holds milliseconds added to the real
   * time and is read again when it changes, so a test moves the service's
   * days (a month after an account was deleted) without waiting them out.
   */
  clockFile?: string;
}

export function startCentral(dataDir: string, port = 0, options: CentralStart = {}): Promise<Running> {
  const command = [centralServer, '--port', String(port), '--data', dataDir, '--catalog', catalog];
  if (options.clockFile) command.push('--clock-file', options.clockFile);
  return startAndWaitFor(command, /central listening on (http\S+)/, 'the central service');
}

/**
 * Moves the service started with `clockFile` this far ahead of the real
 * time. The service reads the file again when its modification time
 * changes, so the new offset is written whole beside it and renamed over
 * it (never read half-written), with a modification time later than the
 * one it replaces.
 */
export function setCentralClockOffset(clockFile: string, offsetMs: number): void {
  const partial = `${clockFile}.partial`;
  writeFileSync(partial, `${Math.round(offsetMs)}\n`);
  const previous = statSync(clockFile, { throwIfNoEntry: false })?.mtimeMs;
  if (previous !== undefined && statSync(partial).mtimeMs <= previous) {
    const later = new Date(previous + 1);
    utimesSync(partial, later, later);
  }
  renameSync(partial, clockFile);
}

export function makeEnrollmentCode(centralDataDir: string): string {
  const result = spawnSync(process.execPath, [centralCli, 'enroll-code', '--data', centralDataDir, '--office', 'Бишкек, №1 бөлүм'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`enroll-code failed: ${result.stderr}`);
  return result.stdout.trim();
}

export interface KioskStart {
  dataDir: string;
  centralUrl: string;
  enrollCode?: string;
  idleSeconds?: number;
  idleWarningSeconds?: number;
  /** The folder the kiosk's scanner writes to (`--scanner-dir`). */
  scannerDir?: string;
}

export function startKiosk(options: KioskStart): Promise<Running> {
  const command = [
    launcher,
    '--no-browser',
    '--data',
    options.dataDir,
    '--central-url',
    options.centralUrl,
    // Retry fast: the test waits for the outbox to drain after the central service returns.
    '--sync-interval-ms',
    '1000',
    '--max-backoff-ms',
    '1000',
    '--terminal-name',
    'e2e-kiosk',
  ];
  if (options.enrollCode) command.push('--enroll-code', options.enrollCode);
  if (options.idleSeconds) command.push('--idle-seconds', String(options.idleSeconds));
  if (options.idleWarningSeconds) command.push('--idle-warning-seconds', String(options.idleWarningSeconds));
  if (options.scannerDir) command.push('--scanner-dir', options.scannerDir);
  return startAndWaitFor(command, /kiosk ready at (http\S+)/, 'the kiosk');
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

export interface ClerkToAdd {
  clerkId: string;
  name: string;
  role: 'clerk' | 'admin';
  pin: string;
  /** Only this office's kiosks let the clerk in; every office's when left out. */
  office?: string;
}

/** Provisions a clerk with the built admin CLI, the PIN on stdin as an operator gives it. */
export function addClerk(centralDataDir: string, clerk: ClerkToAdd): void {
  const office = clerk.office === undefined ? [] : ['--office', clerk.office];
  const argv = ['add-clerk', '--data', centralDataDir, '--clerk-id', clerk.clerkId, '--name', clerk.name, '--role', clerk.role, ...office];
  const result = spawnSync(process.execPath, [centralCli, ...argv], { encoding: 'utf8', input: `${clerk.pin}\n` });
  if (result.status !== 0) throw new Error(`add-clerk failed: ${result.stderr}`);
}
