import Database from 'better-sqlite3';
import { type MessagePort, Worker } from 'node:worker_threads';
import type { Catalog } from '../../src-shared/catalog/schema';
import { type PublishedCatalogs, createPublishedCatalogs } from '../catalog/published';
import type { CentralLog } from '../effects';
import { type JudgedItem, errorFields, judgeItems, parseLooseBatch } from './judge';

/**
 * Where a batch's items are judged (`judge.ts`): on the thread that holds
 * the database, or on a worker thread of their own, so that on a machine
 * with two cores one judges the next batch while the other stores this one.
 * Both answer exactly what `judgeItems` answers; the service uses a worker
 * when it is given one (the built server is), tests judge in process.
 */
export interface Judge {
  /** The items judged as the catalogs are now; null when the body is no batch that can be answered per item. */
  judge(body: Uint8Array, now: Date): Promise<JudgedItem[] | null>;
  /** Whether other batches are being judged now (their answers will come). */
  busy(): boolean;
  close(): Promise<void>;
}

function judgeBody(body: Uint8Array, catalogs: PublishedCatalogs, now: Date): JudgedItem[] | null {
  const items = parseLooseBatch(body);
  return items && judgeItems(items, catalogs.snapshot(), now);
}

export function inProcessJudge(catalogs: PublishedCatalogs): Judge {
  return {
    judge: async (body, now) => judgeBody(body, catalogs, now),
    // Judged at once, on this thread: nothing is ever being judged while a batch waits.
    busy: () => false,
    close: async () => {},
  };
}

/** What the judging thread is given when it starts. */
export interface JudgeWorkerData {
  role: 'judge';
  dbPath: string;
  /** The embedded default catalog, as the service was started with it. */
  fallbackCatalog: Catalog;
}

interface JudgeRequest {
  id: number;
  body: Uint8Array;
  nowMs: number;
}

type JudgeAnswer = { id: number; judged: JudgedItem[] | null } | { id: number; failed: { error: string; errorCode: string | undefined } };

/**
 * The worker thread's side: judges each body sent on `port` against the
 * published catalogs it reads from its own (read-only) connection, as the
 * service's `createPublishedCatalogs` does on the main thread.
 */
export function serveJudging(port: MessagePort, data: JudgeWorkerData): void {
  const db = new Database(data.dbPath, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const catalogs = createPublishedCatalogs(db, data.fallbackCatalog);
  port.on('message', ({ id, body, nowMs }: JudgeRequest) => {
    let answer: JudgeAnswer;
    try {
      answer = { id, judged: judgeBody(body, catalogs, new Date(nowMs)) };
    } catch (error) {
      answer = { id, failed: errorFields(error) };
    }
    // The JSON of all the batch's envelopes is one buffer: it moves, it is not copied.
    const buffers = new Set<ArrayBuffer>();
    if ('judged' in answer) {
      for (const item of answer.judged ?? []) if ('fingerprint' in item) buffers.add(item.fingerprint.json.buffer as ArrayBuffer);
    }
    port.postMessage(answer, [...buffers]);
  });
}

/**
 * A judge on a worker thread started from `script` (which must call
 * `serveJudging` there). A batch sent while the thread cannot judge it (it
 * failed, or died) is judged in process instead, and the thread is started
 * again for the next one: the verdicts never depend on where they were made.
 *
 * The thread is for a busy service: a batch that comes while others are
 * being judged or wait to be stored (`storing`) is judged there, alongside.
 * A batch that comes to an idle service (a kiosk sending its outbox one
 * batch at a time) is judged in process: nothing would run beside it, and
 * the trip to the thread and back (the body copied, a hundred verdicts
 * written out and read again) was about a quarter of the service's CPU
 * in such a sync.
 */
export function threadJudge(
  script: URL,
  data: JudgeWorkerData,
  catalogs: PublishedCatalogs,
  log: CentralLog,
  /** Whether judged batches wait for their commit (the service's `BatchStore.storing`). */
  storing: () => boolean,
): Judge {
  const pending = new Map<number, { resolve(judged: JudgedItem[] | null): void; reject(error: unknown): void }>();
  let nextId = 0;
  let worker: Worker | null = null;
  let closed = false;

  function failAll(error: unknown): void {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  }

  function started(): Worker {
    if (worker) return worker;
    const thread = new Worker(script, { workerData: data });
    thread.on('message', (answer: JudgeAnswer) => {
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if (pending.size === 0) thread.unref();
      if ('failed' in answer) waiting.reject(Object.assign(new Error('judging failed'), { code: answer.failed.errorCode }));
      else waiting.resolve(answer.judged);
    });
    thread.on('error', (error) => {
      log('judge.failed', errorFields(error));
      failAll(error);
    });
    thread.on('exit', () => {
      if (worker === thread) worker = null;
      failAll(new Error('the judging thread stopped'));
    });
    worker = thread;
    return thread;
  }

  return {
    async judge(body, now) {
      if (closed || (pending.size === 0 && !storing())) return judgeBody(body, catalogs, now);
      const id = nextId++;
      // A copy the thread may own: the request's buffer can be a slice of a shared pool.
      const copy = new Uint8Array(body);
      try {
        return await new Promise<JudgedItem[] | null>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          const thread = started();
          // Only while it owes an answer does the thread keep the process alive.
          thread.ref();
          thread.postMessage({ id, body: copy, nowMs: now.getTime() } satisfies JudgeRequest, [copy.buffer]);
        });
      } catch (error) {
        log('judge.inProcess', errorFields(error));
        return judgeBody(body, catalogs, now);
      }
    },
    busy: () => pending.size > 0,
    async close() {
      closed = true;
      const thread = worker;
      worker = null;
      await thread?.terminate();
    },
  };
}
