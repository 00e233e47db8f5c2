import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { printoutsDir } from '../../../src-main/core/printing/printouts';
import { CoreHarness, DAY, MovableClock } from './fixtures';

let harness: CoreHarness;
afterEach(async () => harness?.close());

describe('saved printouts', () => {
  it('are deleted after the retention period: a resume slip with its code does not wait forever in the folder', async () => {
    harness = new CoreHarness();
    const clock = new MovableClock();
    clock.now = new Date('2026-11-24T08:00:00.000Z');
    const { core, dataDir } = harness.kiosk({ clock: clock.read, applicationRetentionDays: 7 });
    // A receipt saved when no printer answered, a slip from the next day, and a file a clerk put there by hand.
    const folder = printoutsDir(dataDir);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '2026-11-24T08-00-00-000Z-receipt-K7Q2-000001-ky.pdf'), '%PDF-1.7 receipt');
    writeFileSync(join(folder, '2026-11-25T10-30-00-000Z-resume-slip-ru.pdf'), '%PDF-1.7 slip');
    writeFileSync(join(folder, 'notes.txt'), 'a clerk’s own file');

    clock.advance(7 * DAY);
    expect(core.purgeNow()).toMatchObject({ printoutsDeleted: 1 });
    expect(readdirSync(folder).sort()).toEqual(['2026-11-25T10-30-00-000Z-resume-slip-ru.pdf', 'notes.txt']);

    clock.advance(DAY + 10.5 * 60 * 60_000);
    expect(core.purgeNow()).toMatchObject({ printoutsDeleted: 1 });
    expect(readdirSync(folder)).toEqual(['notes.txt']);
  });

  it('are looked for where the shell saves them', async () => {
    harness = new CoreHarness();
    const clock = new MovableClock();
    const elsewhere = join(harness.kiosk().dataDir, 'shell-printouts');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, `${clock.now.toISOString().replace(/[:.]/g, '-')}-id-card-ky.pdf`), '%PDF-1.7');
    const { core } = harness.kiosk({ clock: clock.read, applicationRetentionDays: 1, printoutsDir: elsewhere });
    expect(readdirSync(elsewhere)).toHaveLength(1);
    clock.advance(DAY);
    expect(core.purgeNow()).toMatchObject({ printoutsDeleted: 1 });
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
