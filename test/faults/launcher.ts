import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The built kiosk launcher (`node scripts/build.mjs` makes it), started as its own process like in an office. */
export const root = resolve(import.meta.dirname, '..', '..');
export const launcherPath = join(root, 'dist', 'web', 'launcher.js');
export const realCatalogPath = join(root, 'assets', 'catalog', 'catalog.json');

export interface LauncherProcess {
  child: ChildProcess;
  /** Resolves with the address once the launcher printed "kiosk ready at URL" (never, if it is killed first). */
  ready: Promise<string>;
  /** Resolves when the process is gone: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed, for a failure's report. */
  output: string[];
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node dist/web/launcher.js --no-browser --data DIR --central-url URL
 * --sync-interval-ms 200 --max-backoff-ms 500`: the browser shell and the
 * kiosk core on `DIR/kiosk`, syncing on its own timers.
 */
export function startLauncher(dataDir: string, centralUrl: string): LauncherProcess {
  if (!existsSync(launcherPath)) throw new Error(`${launcherPath} is missing: run node scripts/build.mjs first`);
  const child = spawn(
    process.execPath,
    [launcherPath, '--no-browser', '--data', dataDir, '--central-url', centralUrl, '--sync-interval-ms', '200', '--max-backoff-ms', '500', '--terminal-name', 'faults-kiosk'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  const ready = new Promise<string>((done) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(`${line}\n`);
      const match = /kiosk ready at (http\S+)/.exec(line);
      if (match?.[1]) done(match[1]);
    });
  });
  return {
    child,
    ready,
    exited,
    output,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Applications still in the kiosk's outbox, read from its SQLite file without disturbing the process. */
export function outboxCount(kioskDataDir: string): number {
  const db = new Database(join(kioskDataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the outbox is empty, polling the file; false when it is not after `attempts` looks. */
export async function outboxDrains(kioskDataDir: string, attempts: number, everyMs = 200): Promise<boolean> {
  for (let i = 0; i < attempts; i += 1) {
    try {
      if (outboxCount(kioskDataDir) === 0) return true;
    } catch {
      // Busy for a moment (a checkpoint): look again.
    }
    await sleep(everyMs);
  }
  return false;
}
