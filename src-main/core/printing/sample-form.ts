import { join } from 'node:path';
import { findForm, findService, type Catalog } from '../../../src-shared/catalog/schema';
import type { MethodOutput } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import type { CoreOptions } from '../types';
import type { RenderedPdf } from './application-pdf';
import type { Offload } from '../offload/offload';
import { printerOrPrintouts, type PrintPdf } from './printouts';

export interface SampleFormRequest {
  serviceId: string;
  language: Language;
}

/** The blank application form of a service, as the citizen takes it away. */
export function renderSampleForm(catalog: Catalog, request: SampleFormRequest, offload: Pick<Offload, 'renderPdf'>, createdAt: Date): Promise<RenderedPdf> {
  const service = findService(catalog, request.serviceId);
  if (!service) throw new KioskError('service.unknown');
  const form = findForm(catalog, service.formId);
  if (!form) throw new KioskError('form.unknown');
  return offload.renderPdf({ service, form, operator: catalog.operator, language: request.language, createdAt });
}

/** The print job's name: it also names a saved file, so it says which form and in which language. */
export function sampleFormJobName(request: SampleFormRequest): string {
  return `${request.serviceId}-${request.language}`;
}

export type { PrintPdf } from './printouts';

export interface SampleFormsOptions {
  dataDir: string;
  /** Where PDFs are laid out: the core's worker thread in the shells. */
  offload: Pick<Offload, 'renderPdf'>;
  printPdf: PrintPdf | undefined;
  clock: () => Date;
  log: NonNullable<CoreOptions['log']>;
}

/** The two contract methods of sample forms, over whichever catalog is current. */
export function createSampleForms(options: SampleFormsOptions) {
  const printPdf = printerOrPrintouts(options.printPdf, options.dataDir, options.clock);

  return {
    async render(catalog: Catalog, request: SampleFormRequest): Promise<MethodOutput<'sampleForm'>> {
      const { pdf, pageCount } = await renderSampleForm(catalog, request, options.offload, options.clock());
      return { pdfBase64: pdf.toString('base64'), pageCount };
    },

    async print(catalog: Catalog, request: SampleFormRequest): Promise<MethodOutput<'printSampleForm'>> {
      const { pdf } = await renderSampleForm(catalog, request, options.offload, options.clock());
      try {
        const outcome = await printPdf(pdf, { name: sampleFormJobName(request) });
        options.log('sampleForm.printed', { serviceId: request.serviceId, language: request.language, outcome });
        return { outcome };
      } catch (error) {
        options.log('sampleForm.printFailed', { serviceId: request.serviceId, code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
        throw new KioskError('internal');
      }
    },
  };
}

/** Where the fonts are when the core runs from a checkout (the shells pass their own path). */
export function defaultNotoSansDir(): string {
  return join(process.cwd(), 'node_modules', '@fontsource', 'noto-sans');
}
