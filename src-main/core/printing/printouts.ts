import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
