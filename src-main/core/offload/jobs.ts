import { inspectAndDecode, type InspectedFile, type InspectionRefusal, type InspectLimits } from '../attachments/inspect';
import { writeBlobOnce } from '../attachments/store';
import { sha256Hex } from '../sync/signer';
import { renderApplicationPdf, type ApplicationPdfInput, type RenderedPdf } from '../printing/application-pdf';
import { loadNotoSans, type NotoSans } from '../printing/fonts';
import { renderReceiptPdf, type ReceiptPdfInput } from '../printing/receipt-pdf';
import { renderResumeSlipPdf, type ResumeSlipPdfInput } from '../printing/resume-slip-pdf';

/**
 * The CPU-heavy work of the core, which must not hold its main thread longer
 * than a frame: laying out a PDF, and judging an attached file by a full
 * decode (and drawing its thumbnail). The same functions run on the worker
 * thread of the built shells and in process in unit tests.
 */
export type PdfJob = Omit<ApplicationPdfInput, 'fonts'>;
/** An application receipt for the 80 mm roll. */
export type ReceiptJob = Omit<ReceiptPdfInput, 'fonts'>;
/** A slip with a resume code for the 80 mm roll. */
export type ResumeSlipJob = Omit<ResumeSlipPdfInput, 'fonts'>;

/**
 * One file a citizen attaches, from the scanner folder (bytes) or the
 * browser's file chooser (base64): everything that touches its bytes —
 * decoding, judging, hashing, the thumbnail and the durable write — happens
 * here, so the core's main thread only records the result.
 */
export interface InspectionJob {
  source: { bytes: Uint8Array } | { base64: string };
  limits: InspectLimits;
  /** The media types the form's field takes. */
  accept: readonly string[];
  /** Where an accepted file is stored, named by its SHA-256. */
  blobDir: string;
}

export type InspectionVerdict = InspectedFile | InspectionRefusal | 'attachment.notAccepted' | 'input.invalid';

export interface Inspection {
  inspected: InspectionVerdict;
  /** Set for an accepted file, which is then stored. */
  sha256: string | null;
  size: number;
  /** A small PNG for images that were accepted; null otherwise. */
  thumbnailPng: Uint8Array | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function refused(inspected: InspectionVerdict, size: number): Inspection {
  return { inspected, sha256: null, size, thumbnailPng: null };
}

export function createJobRunner(notoSansDir: string) {
  let fonts: NotoSans | null = null;
  const loaded = () => (fonts ??= loadNotoSans(notoSansDir));
  return {
    renderPdf(job: PdfJob): Promise<RenderedPdf> {
      return renderApplicationPdf({ ...job, fonts: loaded() });
    },
    renderReceipt(job: ReceiptJob): Promise<RenderedPdf> {
      return renderReceiptPdf({ ...job, fonts: loaded() });
    },
    renderResumeSlip(job: ResumeSlipJob): Promise<RenderedPdf> {
      return renderResumeSlipPdf({ ...job, fonts: loaded() });
    },
    async inspect(job: InspectionJob): Promise<Inspection> {
      let bytes: Buffer;
      if ('base64' in job.source) {
        if (!BASE64.test(job.source.base64)) return refused('input.invalid', 0);
        bytes = Buffer.from(job.source.base64, 'base64');
      } else {
        bytes = Buffer.from(job.source.bytes.buffer, job.source.bytes.byteOffset, job.source.bytes.byteLength);
      }
      const { inspected, thumbnailPng } = await inspectAndDecode(bytes, job.limits);
      if (typeof inspected === 'string') return refused(inspected, bytes.length);
      if (!job.accept.includes(inspected.mediaType)) return refused('attachment.notAccepted', bytes.length);
      const sha256 = sha256Hex(bytes);
      await writeBlobOnce(job.blobDir, sha256, bytes);
      return { inspected, sha256, size: bytes.length, thumbnailPng };
    },
  };
}
