import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderedPdf } from '../printing/application-pdf';
import type { InspectionJob, PdfJob, ReceiptJob, ResumeSlipJob } from './jobs';

/** The worker-thread side of createOffload: one job at a time, fonts loaded once. */
type Request =
  | { id: number; kind: 'pdf'; job: PdfJob }
  | { id: number; kind: 'receipt'; job: ReceiptJob }
  | { id: number; kind: 'resumeSlip'; job: ResumeSlipJob }
  | { id: number; kind: 'inspect'; job: InspectionJob }
  | { id: number; kind: 'checkpoint'; job: { dbPath: string } };

const notoSansDir = (workerData as { notoSansDir: string }).notoSansDir;
// Loaded on the first job that needs them: a thread that only checkpoints never holds the PDF and image libraries.
let runner: Promise<ReturnType<typeof import('./jobs').createJobRunner>> | null = null;
const load = () => (runner ??= import('./jobs').then((jobs) => jobs.createJobRunner(notoSansDir)));

/** The thread's own connection to each database it checkpoints, opened once. */
const connections = new Map<string, Database.Database>();

/**
 * Copies the WAL into the database file (PASSIVE: it never waits for the
 * core's reads and writes, nor they for it). From this connection the copy
 * and its fsyncs take no time of the core's main thread.
 */
function checkpoint(dbPath: string): void {
  let db = connections.get(dbPath);
  if (!db) {
    db = new Database(dbPath, { fileMustExist: true });
    // It never writes, so it never checkpoints by itself; a busy file is left for the next time.
    db.pragma('busy_timeout = 0');
    connections.set(dbPath, db);
  }
  db.pragma('wal_checkpoint(PASSIVE)');
}

function answerPdf(id: number, { pdf, pageCount }: RenderedPdf): void {
  parentPort?.postMessage({ id, value: { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), pageCount } });
}

parentPort?.on('message', async (request: Request) => {
  try {
    switch (request.kind) {
      case 'pdf':
        answerPdf(request.id, await (await load()).renderPdf(request.job));
        break;
      case 'receipt':
        answerPdf(request.id, await (await load()).renderReceipt(request.job));
        break;
      case 'resumeSlip':
        answerPdf(request.id, await (await load()).renderResumeSlip(request.job));
        break;
      case 'inspect':
        parentPort?.postMessage({ id: request.id, value: await (await load()).inspect(request.job) });
        break;
      case 'checkpoint':
        checkpoint(request.job.dbPath);
        parentPort?.postMessage({ id: request.id, value: null });
        break;
    }
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.name : 'offload.failed' });
  }
});
