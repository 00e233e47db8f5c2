import { Worker } from 'node:worker_threads';
import { renderApplicationPdf, type ApplicationPdfInput, type RenderedPdf } from './application-pdf';
import { loadNotoSans, type NotoSans } from './fonts';

/** Everything a PDF needs but the fonts, which each side loads for itself. */
export type PdfJob = Omit<ApplicationPdfInput, 'fonts'>;

export interface PdfRenderer {
  render(job: PdfJob): Promise<RenderedPdf>;
  close(): Promise<void>;
}

interface WorkerAnswer {
  id: number;
  pdf?: Uint8Array;
  pageCount?: number;
  error?: string;
}

/**
 * Laying out a PDF takes a few hundred milliseconds of CPU; on the core's
 * main thread that would stall every other call (autosave, sync) for as
 * long. Given the built worker file, the work runs on a worker thread; without
 * one (unit tests) it runs in process.
 */
export function createPdfRenderer(options: { notoSansDir: string; workerPath?: string | undefined }): PdfRenderer {
  if (!options.workerPath) return inProcessRenderer(options.notoSansDir);
  const workerPath = options.workerPath;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (pdf: RenderedPdf) => void; reject: (error: Error) => void }>();

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
      if (answer.error !== undefined || !answer.pdf) job.reject(new Error(answer.error ?? 'pdf.failed'));
      else job.resolve({ pdf: Buffer.from(answer.pdf), pageCount: answer.pageCount ?? 0 });
      if (pending.size === 0) created.unref();
    });
    created.on('error', failAll);
    created.on('exit', () => failAll(new Error('pdf.workerExited')));
    worker = created;
    return created;
  }

  return {
    render(job) {
      const id = nextId++;
      const running = started();
      running.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running.postMessage({ id, job });
      });
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}

function inProcessRenderer(notoSansDir: string): PdfRenderer {
  let fonts: NotoSans | null = null;
  return {
    render: (job) => renderApplicationPdf({ ...job, fonts: (fonts ??= loadNotoSans(notoSansDir)) }),
    close: async () => {},
  };
}
