import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebPrinter } from '../../../src-main/web/printer';

const pdf = Buffer.from('%PDF-1.7\n% a test printout\n%%EOF\n');
const now = new Date('2026-03-02T09:30:00.250Z');

/** A fake `lp` first on PATH: it records its arguments and a copy of the file it was given. */
function fakeLp(exitCode = 0): { env: NodeJS.ProcessEnv; calls: () => string[][]; copy: string } {
  const bin = mkdtempSync(join(tmpdir(), 'fake-lp-'));
  const record = join(bin, 'calls.txt');
  const copy = join(bin, 'copy.pdf');
  writeFileSync(
    join(bin, 'lp'),
    `#!/bin/sh\nfor arg in "$@"; do printf '%s\\t' "$arg"; done >> "${record}"\necho >> "${record}"\nfor arg in "$@"; do last="$arg"; done\ncp "$last" "${copy}"\nexit ${exitCode}\n`,
  );
  chmodSync(join(bin, 'lp'), 0o755);
  return {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    calls: () =>
      existsSync(record)
        ? readFileSync(record, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => line.split('\t').filter(Boolean))
        : [],
    copy,
  };
}

describe('the browser shell printer', () => {
  it('saves to <data>/printouts/<time>-<job>.pdf when no printer is set up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'web-printer-'));
    const lp = fakeLp();
    const print = createWebPrinter({ dataDir, clock: () => now, env: lp.env });
    expect(await print(pdf, { name: 'id-card-ky' }, null)).toBe('saved');
    expect(await print(pdf, { name: 'id-card-ky' }, null)).toBe('saved');
    expect(readdirSync(join(dataDir, 'printouts')).sort()).toEqual([
      '2026-03-02T09-30-00-250Z-id-card-ky-1.pdf',
      '2026-03-02T09-30-00-250Z-id-card-ky.pdf',
    ]);
    expect(readFileSync(join(dataDir, 'printouts', '2026-03-02T09-30-00-250Z-id-card-ky.pdf'))).toEqual(pdf);
    expect(lp.calls()).toEqual([]);
  });

  it('sends the PDF to `lp -d NAME` when a printer is named, and saves nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'web-printer-'));
    const lp = fakeLp();
    const print = createWebPrinter({ dataDir, clock: () => now, env: lp.env });
    expect(await print(pdf, { name: 'marriage-registration-ru' }, 'Office_Laser')).toBe('printed');
    const calls = lp.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.slice(0, 4)).toEqual(['-d', 'Office_Laser', '-t', 'marriage-registration-ru']);
    expect(calls[0]![4]).toMatch(/\.pdf$/);
    expect(readFileSync(lp.copy)).toEqual(pdf);
    // The spool copy is gone once lp has taken the job.
    expect(existsSync(calls[0]![4]!)).toBe(false);
    expect(existsSync(join(dataDir, 'printouts'))).toBe(false);
  });

  it('asks CUPS for the roll\'s own cut when the job is an 80 mm printout', async () => {
    const lp = fakeLp();
    const print = createWebPrinter({ dataDir: mkdtempSync(join(tmpdir(), 'web-printer-')), clock: () => now, env: lp.env });
    expect(await print(pdf, { name: 'receipt-K7Q2-000001-ky', paper: { widthMm: 80, heightMm: 231 } }, 'Receipts')).toBe('printed');
    expect(lp.calls()[0]!.slice(0, 6)).toEqual(['-d', 'Receipts', '-t', 'receipt-K7Q2-000001-ky', '-o', 'media=Custom.80x231mm']);
  });

  it('saves the printout for a clerk when lp refuses the job', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'web-printer-'));
    const lp = fakeLp(1);
    const events: string[] = [];
    const print = createWebPrinter({ dataDir, clock: () => now, env: lp.env, log: (event) => events.push(event) });
    expect(await print(pdf, { name: 'id-card-ru' }, 'Gone')).toBe('saved');
    expect(lp.calls()).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'printouts'))).toEqual(['2026-03-02T09-30-00-250Z-id-card-ru.pdf']);
    expect(events).toEqual(['printer.failed']);
  });
});
