import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import { printoutsDir, savePrintout } from '../core/printing/printouts';
import type { CoreOptions } from '../core/types';

type PrintPdf = NonNullable<CoreOptions['printPdf']>;
type Log = (event: string, fields?: Record<string, string | number | boolean | null>) => void;

export interface ElectronPrinterOptions {
  /** Electron's userData, the kiosk's data folder. */
  dataDir: string;
  log: Log;
}

const PRINT_TIMEOUT_MS = 60_000;

/**
 * Silent printing in the Electron shell: the PDF opens in a hidden window
 * (Chromium's own PDF viewer, never shown) and goes to the printer the core
 * names (the settings file's, or an admin's setting) without a dialog. With no printer, or when printing fails, the
 * file is saved in `<data>/printouts/` for a clerk, and the answer says so.
 */
export function createElectronPrinter(options: ElectronPrinterOptions): PrintPdf {
  const save = (pdf: Buffer, name: string) => {
    savePrintout(printoutsDir(options.dataDir), pdf, name, new Date());
    return 'saved' as const;
  };

  return async (pdf, job, deviceName) => {
    if (!deviceName) return save(pdf, job.name);
    const spool = mkdtempSync(join(tmpdir(), 'kiosk-print-'));
    const file = join(spool, 'printout.pdf');
    const window = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true, partition: 'printing' },
    });
    try {
      writeFileSync(file, pdf);
      await window.loadURL(pathToFileURL(file).href);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('print.timeout')), PRINT_TIMEOUT_MS);
        // A roll printout: 80 mm wide, cut where its content ends (sizes in microns), no margins added.
        const paper = job.paper
          ? { pageSize: { width: job.paper.widthMm * 1000, height: job.paper.heightMm * 1000 }, margins: { marginType: 'none' as const } }
          : {};
        window.webContents.print({ silent: true, deviceName, printBackground: true, ...paper }, (success, reason) => {
          clearTimeout(timer);
          if (success) resolve();
          else reject(new Error(reason));
        });
      });
      options.log('printer.printed', { job: job.name });
      return 'printed';
    } catch (error) {
      options.log('printer.failed', { job: job.name, reason: error instanceof Error ? error.message.slice(0, 60) : 'unknown' });
      return save(pdf, job.name);
    } finally {
      window.destroy();
      rmSync(spool, { recursive: true, force: true });
    }
  };
}
