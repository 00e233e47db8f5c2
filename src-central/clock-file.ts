import { readFileSync, statSync } from 'node:fs';
import type { CentralLog } from './effects';

/**
 * A clock for tests and rehearsals (`--clock-file PATH` of the server and
 * the admin CLI): real time plus an offset in milliseconds read from a
 * file, e.g. `2678400000` to live 31 days ahead. The file is read again
 * whenever its modification time changes, so a running service can be
 * moved forward (an end-to-end test checks the month after an account was
 * deleted). A missing file is an offset of 0; a file that does not hold an
 * integer keeps the last offset and is logged. Never for a production service.
 */
export interface FileClock {
  now: () => Date;
  /** The offset in force, in milliseconds. */
  offsetMs: () => number;
}

const OFFSET = /^\s*-?\d{1,15}\s*$/;

export function fileClock(path: string, options: { log?: CentralLog; onChange?: (offsetMs: number) => void; realNow?: () => number } = {}): FileClock {
  const realNow = options.realNow ?? (() => Date.now());
  let offset = 0;
  let seenMtimeMs: number | null = null;

  function refresh(): void {
    let mtimeMs: number | null;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      mtimeMs = null;
    }
    if (mtimeMs === seenMtimeMs) return;
    seenMtimeMs = mtimeMs;
    let next = 0;
    if (mtimeMs !== null) {
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        text = '';
      }
      if (!OFFSET.test(text)) {
        options.log?.('clock.fileUnreadable', { offsetMs: offset });
        return;
      }
      next = Number(text.trim());
    }
    if (next === offset) return;
    offset = next;
    options.log?.('clock.offsetChanged', { offsetMs: offset });
    options.onChange?.(offset);
  }

  refresh();
  return {
    now: () => {
      refresh();
      return new Date(realNow() + offset);
    },
    offsetMs: () => {
      refresh();
      return offset;
    },
  };
}
