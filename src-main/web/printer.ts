import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printoutsDir, savePrintout } from '../core/printing/printouts';
import type { CoreOptions } from '../core/types';

/**
 * The browser shell's printer: CUPS through `lp -d NAME` for the printer the
 * core names (`--printer NAME`, or an admin's setting); with none, or when
 * CUPS refuses the job, the PDF is saved in `<data>/printouts/` and the
 * citizen is told to ask a clerk.
 */
export interface WebPrinterOptions {
  /** The kiosk's data folder (printouts go in its `printouts/`). */
  dataDir: string;
  clock?: () => Date;
  /** The environment `lp` runs in (tests put a fake `lp` first on PATH). */
  env?: NodeJS.ProcessEnv;
  log?: (event: string, fields?: Record<string, string | number>) => void;
}

const LP_TIMEOUT_MS = 30_000;

function runLp(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('lp', args, { env, timeout: LP_TIMEOUT_MS }, (error) => (error ? reject(error) : resolve()));
  });
}

export function createWebPrinter(options: WebPrinterOptions): NonNullable<CoreOptions['printPdf']> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const save = (pdf: Buffer, name: string) => {
    savePrintout(printoutsDir(options.dataDir), pdf, name, clock());
    return 'saved' as const;
  };

  return async (pdf, job, printerName) => {
    if (!printerName) return save(pdf, job.name);
    const spool = mkdtempSync(join(tmpdir(), 'kiosk-print-'));
    const file = join(spool, `${job.name.replace(/[^a-zA-Z0-9-]+/g, '-')}.pdf`);
    try {
      writeFileSync(file, pdf);
      // A roll printout asks for its own cut (CUPS custom size); A4 documents take the queue's paper.
      const media = job.paper ? ['-o', `media=Custom.${job.paper.widthMm}x${job.paper.heightMm}mm`] : [];
      await runLp(['-d', printerName, '-t', job.name, ...media, file], options.env ?? process.env);
      return 'printed';
    } catch (error) {
      // The citizen still gets the form: a clerk prints it from the printouts folder.
      const code = (error as NodeJS.ErrnoException).code;
      log('printer.failed', { code: typeof code === 'string' || typeof code === 'number' ? code : 'unknown' });
      return save(pdf, job.name);
    } finally {
      rmSync(spool, { recursive: true, force: true });
    }
  };
}
