import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrintJob } from '../types';

/** The shell's printer bound to the printer this run uses. */
export type PrintPdf = (pdf: Buffer, job: PrintJob) => Promise<'printed' | 'saved'>;

/** Where a kiosk with no printer keeps what it was asked to print, for a clerk to print or hand over. */
export function printoutsDir(dataDir: string): string {
  return join(dataDir, 'printouts');
}

/**
 * Writes `<dir>/<time>-<job>.pdf` (UTC time, sortable) and returns its path;
 * never overwrites an earlier printout.
 */
export function savePrintout(dir: string, pdf: Buffer, jobName: string, now: Date): string {
  mkdirSync(dir, { recursive: true });
  const time = now.toISOString().replace(/[:.]/g, '-');
  const name = jobName.replace(/[^a-zA-Z0-9-]+/g, '-').slice(0, 80) || 'printout';
  for (let attempt = 0; ; attempt++) {
    const path = join(dir, `${time}-${name}${attempt ? `-${attempt}` : ''}.pdf`);
    try {
      writeFileSync(path, pdf, { flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

/** The injected printer, or, without one, a save into the printouts folder ('saved'). */
export function printerOrPrintouts(printPdf: PrintPdf | undefined, dataDir: string, clock: () => Date): PrintPdf {
  return (
    printPdf ??
    (async (pdf, job) => {
      savePrintout(printoutsDir(dataDir), pdf, job.name, clock());
      return 'saved';
    })
  );
}

/** When a printout was saved, read from its name (`savePrintout` writes the time first); null if the name is not one of ours. */
export function printoutSavedAt(fileName: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-/.exec(fileName);
  if (!match) return null;
  const time = Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5]}Z`);
  return Number.isNaN(time) ? null : new Date(time);
}
