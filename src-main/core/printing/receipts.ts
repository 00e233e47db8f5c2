import { findService, type Catalog, type Service } from '../../../src-shared/catalog/schema';
import type { Draft, MethodOutput, PrintOutcome, Receipt, ResumeTicket } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import type { Offload } from '../offload/offload';
import type { CoreOptions } from '../types';
import type { PrintPdf } from './printouts';
import type { RenderedPdf } from './application-pdf';
import { printerOrPrintouts } from './printouts';

export interface ReceiptPrintingOptions {
  dataDir: string;
  /** Where the roll PDFs are laid out: the core's worker thread in the shells. */
  offload: Pick<Offload, 'renderReceipt' | 'renderResumeSlip'>;
  /** Without it, printouts are saved in `<dataDir>/printouts/` and the outcome is 'saved'. */
  printPdf?: PrintPdf | undefined;
  clock: () => Date;
  log: NonNullable<CoreOptions['log']>;
}

type RollPdf = MethodOutput<'receiptPdf'>;

function serviceOf(catalog: Catalog, serviceId: string): Service {
  const service = findService(catalog, serviceId);
  if (!service) throw new KioskError('service.unknown');
  return service;
}

/**
 * The two 80 mm printouts of the kiosk: the application receipt and the
 * slip with a resume code, as PDFs for the screen and as print jobs.
 */
export function createReceiptPrinting(options: ReceiptPrintingOptions) {
  const printPdf = printerOrPrintouts(options.printPdf, options.dataDir, options.clock);

  function renderReceipt(catalog: Catalog, receipt: Receipt, language: Language) {
    const service = serviceOf(catalog, receipt.serviceId);
    return options.offload.renderReceipt({ receipt, service, operator: catalog.operator, language, createdAt: options.clock() });
  }

  function renderResumeSlip(catalog: Catalog, draft: Draft, ticket: ResumeTicket, language: Language) {
    if (ticket.draftId !== draft.id) throw new KioskError('resume.notFound');
    const service = serviceOf(catalog, draft.serviceId);
    return options.offload.renderResumeSlip({
      ticket,
      draft: { variantId: draft.variantId },
      service,
      operator: catalog.operator,
      language,
      createdAt: options.clock(),
    });
  }

  /** A printer failure is the clerk's to see in the log; the citizen gets 'internal'. */
  async function print(
    rendered: RenderedPdf,
    jobName: string,
    event: string,
    ids: Record<string, string>,
  ): Promise<{ outcome: PrintOutcome }> {
    try {
      const outcome = await printPdf(rendered.pdf, { name: jobName, ...(rendered.paper ? { paper: rendered.paper } : {}) });
      options.log(`${event}.printed`, { ...ids, outcome });
      return { outcome };
    } catch (error) {
      options.log(`${event}.printFailed`, { ...ids, code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
      throw new KioskError('internal');
    }
  }

  return {
    async receiptPdf(catalog: Catalog, receipt: Receipt, language: Language): Promise<RollPdf> {
      const { pdf, pageCount } = await renderReceipt(catalog, receipt, language);
      return { pdfBase64: pdf.toString('base64'), pageCount };
    },

    async printReceipt(catalog: Catalog, receipt: Receipt, language: Language): Promise<{ outcome: PrintOutcome }> {
      return print(await renderReceipt(catalog, receipt, language), `receipt-${receipt.localNumber}-${language}`, 'receipt', { applicationId: receipt.applicationId, language });
    },

    async resumeSlipPdf(catalog: Catalog, draft: Draft, ticket: ResumeTicket, language: Language): Promise<RollPdf> {
      const { pdf, pageCount } = await renderResumeSlip(catalog, draft, ticket, language);
      return { pdfBase64: pdf.toString('base64'), pageCount };
    },

    async printResumeSlip(catalog: Catalog, draft: Draft, ticket: ResumeTicket, language: Language): Promise<{ outcome: PrintOutcome }> {
      const rendered = await renderResumeSlip(catalog, draft, ticket, language);
      // Never the code in the job name: it names a spool job and a saved file others can list.
      return print(rendered, `resume-slip-${language}`, 'resumeSlip', { draftId: draft.id, language });
    },
  };
}
