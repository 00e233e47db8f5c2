import { inspectFile, type InspectedFile, type InspectionRefusal, type InspectLimits } from '../attachments/inspect';
import { makeThumbnail } from '../attachments/thumbnail';
import { renderApplicationPdf, type ApplicationPdfInput, type RenderedPdf } from '../printing/application-pdf';
import { loadNotoSans, type NotoSans } from '../printing/fonts';

/**
 * The CPU-heavy work of the core, which must not hold its main thread longer
 * than a frame: laying out a PDF, and judging an attached file by a full
 * decode (and drawing its thumbnail). The same functions run on the worker
 * thread of the built shells and in process in unit tests.
 */
export type PdfJob = Omit<ApplicationPdfInput, 'fonts'>;

export interface InspectionJob {
  bytes: Uint8Array;
  limits: InspectLimits;
}

export interface Inspection {
  inspected: InspectedFile | InspectionRefusal;
  /** A small PNG for images that passed; null otherwise. */
  thumbnailPng: Uint8Array | null;
}

export function createJobRunner(notoSansDir: string) {
  let fonts: NotoSans | null = null;
  return {
    renderPdf(job: PdfJob): Promise<RenderedPdf> {
      return renderApplicationPdf({ ...job, fonts: (fonts ??= loadNotoSans(notoSansDir)) });
    },
    async inspect(job: InspectionJob): Promise<Inspection> {
      const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
      const inspected = await inspectFile(bytes, job.limits);
      const thumbnailPng = typeof inspected === 'string' ? null : makeThumbnail(bytes, inspected.mediaType);
      return { inspected, thumbnailPng };
    },
  };
}
