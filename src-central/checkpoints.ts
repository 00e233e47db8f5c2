import Database from 'better-sqlite3';
import { type MessagePort, Worker } from 'node:worker_threads';
import type { CentralDatabase } from './database';
import type { CentralLog } from './effects';

/**
 * Copying the write-ahead log back into the database file (a checkpoint)
 * is SQLite's work after a commit: by default the connection that commits
 * does it once the log passes 1000 pages, so the thread that stores
 * applications stopped for those writes and two fsyncs every few batches.
 * A thread of its own, with its own connection, now copies the log as it
 * grows (a PASSIVE checkpoint, which never holds up a writer). The service's
 * connection still checkpoints once the log passes `LOG_PAGES_BEFORE_OWN_CHECKPOINT`:
 * by then nearly everything is copied, and only a checkpoint between two
 * of its own transactions lets SQLite start the log again from its
 * beginning. Durability is the commit's (`synchronous = FULL`), not the
 * checkpoint's: a checkpoint only moves pages already safe in the log.
 */
export const LOG_PAGES_BEFORE_OWN_CHECKPOINT = 4000;
/** At most this often, while the service commits. */
const CHECKPOINT_INTERVAL_MS = 50;

export interface Checkpointer {
  /** Called after each commit of the service's connection. */
  committed(): void;
  close(): Promise<void>;
}

/** SQLite's own way: the committing connection checkpoints (what tests and the admin CLI use). */
export const inlineCheckpoints: Checkpointer = { committed: () => {}, close: async () => {} };

export interface CheckpointWorkerData {
  role: 'checkpoint';
  dbPath: string;
}

/** The thread's side: a checkpoint after the service has committed, at most every CHECKPOINT_INTERVAL_MS. */
export function serveCheckpoints(port: MessagePort, data: CheckpointWorkerData): void {
  const db = new Database(data.dbPath, { fileMustExist: true });
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // This connection writes nothing; it must not take up checkpointing on its own.
  db.pragma('wal_autocheckpoint = 0');
  let due = false;
  let waiting = false;
  const checkpoint = () => {
    waiting = false;
    if (!due) return;
    due = false;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      port.postMessage({ failed: (error as { code?: unknown }).code ?? 'unknown' });
    }
    setTimeout(checkpoint, CHECKPOINT_INTERVAL_MS);
    waiting = true;
  };
  port.on('message', (message: 'committed' | 'close') => {
    if (message === 'close') {
      db.close();
      port.close();
      return;
    }
    due = true;
    if (!waiting) checkpoint();
  });
}

/**
 * Checkpoints on a worker thread started from `script` (which must call
 * `serveCheckpoints` there); the service's connection keeps its own for
 * when the log has grown past LOG_PAGES_BEFORE_OWN_CHECKPOINT.
 */
export function threadCheckpointer(script: URL, db: CentralDatabase, dbPath: string, log: CentralLog): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${LOG_PAGES_BEFORE_OWN_CHECKPOINT}`);
  const worker = new Worker(script, { workerData: { role: 'checkpoint', dbPath } satisfies CheckpointWorkerData });
  // A checkpoint not made there is made here, when the log is long enough: nothing waits on this thread.
  worker.unref();
  let running = true;
  const stopped = () => {
    if (!running) return;
    running = false;
    // Back to SQLite's own rhythm.
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (message: { failed: unknown }) => log('checkpoint.failed', { errorCode: String(message.failed) }));
  worker.on('error', (error) => {
    log('checkpoint.stopped', { error: error.name });
    stopped();
  });
  worker.on('exit', stopped);
  return {
    committed() {
      if (running) worker.postMessage('committed');
    },
    async close() {
      if (!running) return;
      running = false;
      await new Promise<void>((done) => {
        worker.once('exit', () => done());
        worker.postMessage('close');
      });
    },
  };
}
