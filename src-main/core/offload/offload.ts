import { Worker } from 'node:worker_threads';
import type { RenderedPdf } from '../printing/application-pdf';
import type { Inspection, InspectionJob, PdfJob, ReceiptJob, ResumeSlipJob } from './jobs';

export type { Inspection, InspectionJob, PdfJob, ReceiptJob, ResumeSlipJob } from './jobs';

/** The core's heavy work, off its main thread where a worker file is given. */
export interface Offload {
  renderPdf(job: PdfJob): Promise<RenderedPdf>;
  renderReceipt(job: ReceiptJob): Promise<RenderedPdf>;
  renderResumeSlip(job: ResumeSlipJob): Promise<RenderedPdf>;
  inspect(job: InspectionJob): Promise<Inspection>;
  /**
   * Copies the WAL of the database at `dbPath` into its file from a
   * connection of the worker's; null without a worker (the caller
   * checkpoints on its own connection then).
   */
  checkpointElsewhere: ((dbPath: string) => Promise<void>) | null;
  close(): Promise<void>;
}

export type JobKind = 'pdf' | 'receipt' | 'resumeSlip' | 'inspect' | 'checkpoint';

interface WorkerAnswer {
  id: number;
  value?: unknown;
  error?: string;
}

/**
 * Laying out a PDF or decoding a 10 MiB scan takes hundreds of milliseconds
 * of CPU; on the core's main thread that would stall every other call
 * (autosave, sync) for as long. Given the built worker file, the work runs
 * on one worker thread, started with the core (its PDF and image
 * libraries load with the first job that needs them); without one (unit
 * tests) it runs in process. It also checkpoints the core's database
 * during a sync, from a connection of its own.
 */
export function createOffload(options: { notoSansDir: string; workerPath?: string | undefined }): Offload {
  if (!options.workerPath) {
    // Loaded on first use: pdfkit, pdf-lib and the image decoders take half a second to load,
    // which a kiosk's start should not wait for (in the shells only the worker loads them).
    const notoSansDir = options.notoSansDir;
    let runner: Promise<ReturnType<typeof import('./jobs').createJobRunner>> | null = null;
    const load = () => (runner ??= import('./jobs').then((jobs) => jobs.createJobRunner(notoSansDir)));
    return {
      renderPdf: async (job) => (await load()).renderPdf(job),
      renderReceipt: async (job) => (await load()).renderReceipt(job),
      renderResumeSlip: async (job) => (await load()).renderResumeSlip(job),
      inspect: async (job) => (await load()).inspect(job),
      checkpointElsewhere: null,
      close: async () => {},
    };
  }
  const workerPath = options.workerPath;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  function failAll(error: Error): void {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
    worker = null;
  }

  function started(): Worker {
    if (worker) return worker;
    const created = new Worker(workerPath, { workerData: { notoSansDir: options.notoSansDir } });
    created.on('message', (answer: WorkerAnswer) => {
      const job = pending.get(answer.id);
      if (!job) return;
      pending.delete(answer.id);
      if (answer.error !== undefined) job.reject(new Error(answer.error));
      else job.resolve(answer.value);
      // An idle worker must not keep the process alive.
      if (pending.size === 0) created.unref();
    });
    created.on('error', failAll);
    created.on('exit', () => failAll(new Error('offload.workerExited')));
    worker = created;
    return created;
  }

  function run(kind: JobKind, job: unknown): Promise<unknown> {
    const id = nextId++;
    const running = started();
    running.ref();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      running.postMessage({ id, kind, job });
    });
  }

  async function rendered(kind: JobKind, job: unknown): Promise<RenderedPdf> {
    // A Buffer arrives from the worker as a plain Uint8Array.
    const { pdf, ...rest } = (await run(kind, job)) as Omit<RenderedPdf, 'pdf'> & { pdf: Uint8Array };
    return { ...rest, pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
  }

  // Started with the core, idle and not keeping the process alive: the first receipt and the sync's first
  // checkpoint do not wait for a thread to start (its PDF libraries still load with the first PDF).
  started().unref();

  return {
    renderPdf: (job) => rendered('pdf', job),
    renderReceipt: (job) => rendered('receipt', job),
    renderResumeSlip: (job) => rendered('resumeSlip', job),
    inspect: (job) => run('inspect', job) as Promise<Inspection>,
    checkpointElsewhere: async (dbPath) => {
      await run('checkpoint', { dbPath });
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
