import { parentPort, workerData } from 'node:worker_threads';
import { renderApplicationPdf } from './application-pdf';
import { loadNotoSans, type NotoSans } from './fonts';
import type { PdfJob } from './pdf-renderer';

/** The worker-thread side of createPdfRenderer: one job at a time, fonts loaded once. */
const { notoSansDir } = workerData as { notoSansDir: string };
let fonts: NotoSans | null = null;

parentPort?.on('message', async ({ id, job }: { id: number; job: PdfJob }) => {
  try {
    const { pdf, pageCount } = await renderApplicationPdf({ ...job, fonts: (fonts ??= loadNotoSans(notoSansDir)) });
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    parentPort?.postMessage({ id, pdf: bytes, pageCount });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.name : 'pdf.failed' });
  }
});
