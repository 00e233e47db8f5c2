import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createCentral } from './app';
import { type JudgeWorkerData, serveJudging } from './applications/judging';
import { type CheckpointWorkerData, serveCheckpoints } from './checkpoints';
import { DEFAULT_CATALOG_PATH, loadCatalogFile } from './catalog-file';
import { centralDbPath } from './database';
import { stderrLog } from './effects';
import { fileClock } from './clock-file';
import { sha256Hex } from './hashing';
import { DEFAULT_TERMS_DIR, type TermsTexts, describeTermsProblem, readTermsDir } from './terms/terms';

const USAGE = `usage: node dist/central/server.js [--port N] [--host ADDRESS] [--data DIR] [--catalog PATH] [--terms DIR] [--clock-file PATH]
  --port        port to listen on (default 8700; 0 picks a free one)
  --host        address to bind (default 127.0.0.1)
  --data        data directory holding central.sqlite (default .data/central)
  --catalog     catalog snapshot (default ${DEFAULT_CATALOG_PATH})
  --terms       folder of the first edition of the terms of use, published when the
                database has none (default ${DEFAULT_TERMS_DIR})
  --clock-file  tests and rehearsals only: the file holds an offset in milliseconds added to
                real time, read again whenever it changes (moves the service a month ahead)`;

interface ServerArgs {
  port: number;
  host: string;
  dataDir: string;
  catalogPath: string;
  termsDir: string;
  clockFile: string | undefined;
}

function parseServerArgs(argv: string[]): ServerArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8700' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.data/central' },
      catalog: { type: 'string', default: DEFAULT_CATALOG_PATH },
      terms: { type: 'string', default: DEFAULT_TERMS_DIR },
      'clock-file': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`bad --port ${values.port}`);
  return { port, host: values.host, dataDir: values.data, catalogPath: values.catalog, termsDir: values.terms, clockFile: values['clock-file'] };
}

/** The bundled first edition, or nothing (logged): a database that has terms needs none, and the routes say when none is in force. */
function loadBundledTerms(dir: string): TermsTexts | undefined {
  const read = readTermsDir(dir);
  if (read.ok) return read.texts;
  stderrLog('terms.bundleUnreadable', { dir, problems: read.problems.map(describeTermsProblem).join('; ') });
  return undefined;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function main(): Promise<void> {
  let args: ServerArgs;
  try {
    args = parseServerArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  const catalog = loadCatalogFile(args.catalogPath);
  let runMaintenance = (): void => {};
  // A clock moved forward runs the maintenance at once (a purge due by the new time), after the request that noticed it.
  const clock = args.clockFile ? fileClock(args.clockFile, { log: stderrLog, onChange: () => setImmediate(() => runMaintenance()) }) : undefined;
  if (clock) stderrLog('clock.fromFile', { offsetMs: clock.offsetMs() });
  // The script node was started with (import.meta.url is empty when this file is bundled as CommonJS).
  const script = pathToFileURL(resolve(process.argv[1] ?? ''));
  const central = createCentral({
    dbPath: centralDbPath(args.dataDir),
    catalog,
    terms: loadBundledTerms(args.termsDir),
    clock: clock?.now,
    log: stderrLog,
    // This very script judges batches, and checkpoints, on worker threads (see the end of the file).
    judgeWorker: script,
    checkpointWorker: script,
  });
  runMaintenance = () => {
    try {
      central.runMaintenance();
    } catch (error) {
      stderrLog('accounts.maintenanceFailed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  };
  await central.app.listen({ port: args.port, host: args.host });
  const address = central.app.server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  // The one line on stdout: launchers and the e2e tests wait for it.
  process.stdout.write(`central listening on http://${urlHost(args.host)}:${port}\n`);
  // The key's hash lets an operator compare it with what kiosks pinned (cli.js service-key prints the same).
  const serviceKeySha256 = sha256Hex(Buffer.from(central.servicePublicKey, 'base64'));
  stderrLog('central.started', { port, catalogVersion: catalog.version, serviceKeySha256 });

  const stop = (signal: string) => {
    stderrLog('central.stopping', { signal });
    central.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (isMainThread) {
  main().catch((error: unknown) => {
    stderrLog('central.failed', { error: error instanceof Error ? error.name : 'unknown' });
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
} else if (parentPort) {
  // Started by the service itself, on a thread of its own: judging batches, or checkpointing.
  const role = (workerData as Partial<JudgeWorkerData | CheckpointWorkerData> | null)?.role;
  if (role === 'judge') serveJudging(parentPort, workerData as JudgeWorkerData);
  if (role === 'checkpoint') serveCheckpoints(parentPort, workerData as CheckpointWorkerData);
}
