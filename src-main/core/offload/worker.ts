import { parentPort, workerData } from 'node:worker_threads';
import type { RenderedPdf } from '../printing/application-pdf';
import { createJobRunner, type InspectionJob, type PdfJob, type ReceiptJob, type ResumeSlipJob } from './jobs';

/** The worker-thread side of createOffload: one job at a time, fonts loaded once. */
type Request =
  | { id: number; kind: 'pdf'; job: PdfJob }
  | { id: number; kind: 'receipt'; job: ReceiptJob }
  | { id: number; kind: 'resumeSlip'; job: ResumeSlipJob }
  | { id: number; kind: 'inspect'; job: InspectionJob };

const runner = createJobRunner((workerData as { notoSansDir: string }).notoSansDir);

function answerPdf(id: number, { pdf, pageCount }: RenderedPdf): void {
  parentPort?.postMessage({ id, value: { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), pageCount } });
}

parentPort?.on('message', async (request: Request) => {
  try {
    switch (request.kind) {
      case 'pdf':
        answerPdf(request.id, await runner.renderPdf(request.job));
        break;
      case 'receipt':
        answerPdf(request.id, await runner.renderReceipt(request.job));
        break;
      case 'resumeSlip':
        answerPdf(request.id, await runner.renderResumeSlip(request.job));
        break;
      case 'inspect':
        parentPort?.postMessage({ id: request.id, value: await runner.inspect(request.job) });
        break;
    }
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.name : 'offload.failed' });
  }
});
