import { parentPort, workerData } from 'node:worker_threads';
import { createJobRunner, type InspectionJob, type PdfJob } from './jobs';

/** The worker-thread side of createOffload: one job at a time, fonts loaded once. */
type Request = { id: number; kind: 'pdf'; job: PdfJob } | { id: number; kind: 'inspect'; job: InspectionJob };

const runner = createJobRunner((workerData as { notoSansDir: string }).notoSansDir);

parentPort?.on('message', async (request: Request) => {
  try {
    if (request.kind === 'pdf') {
      const { pdf, pageCount } = await runner.renderPdf(request.job);
      parentPort?.postMessage({ id: request.id, value: { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), pageCount } });
    } else {
      parentPort?.postMessage({ id: request.id, value: await runner.inspect(request.job) });
    }
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.name : 'offload.failed' });
  }
});
