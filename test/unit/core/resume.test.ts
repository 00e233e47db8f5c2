import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../../src-main/core/index';
import { PLAIN_ALPHABET } from '../../../src-shared/codes';
import { KioskError } from '../../../src-shared/errors';
import { tempDir, validAnswers, writeFixtureCatalog } from '../../support/catalog-fixture';
import { storedDraftIds, storedRows } from '../../support/kiosk-db';
import { makePng } from '../attachments/files';
import { blobExists, catalogWithFiles } from './fixtures';

const catalogPath = writeFixtureCatalog();
const catalogWithFilesPath = writeFixtureCatalog(catalogWithFiles);
const opened: Core[] = [];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

afterEach(async () => {
  await Promise.all(opened.splice(0).map((core) => core.close().catch(() => {})));
});

/** Repeatable bytes (xorshift32): the codes are the same on every run; shared by the cores of one test so ids never repeat. */
function seededBytes(seed: number): (size: number) => Buffer {
  let x = seed >>> 0 || 1;
  return (size) => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i += 1) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      bytes[i] = x & 0xff;
    }
    return bytes;
  };
}

/** A kiosk with a clock the test moves; the same dataDir and bytes make a restart of the same kiosk. */
function kiosk(extra: Partial<CoreOptions> = {}) {
  const state = { now: new Date('2026-11-24T08:00:00Z') };
  const dataDir = extra.dataDir ?? tempDir('kiosk-resume-');
  const randomBytes = extra.randomBytes ?? seededBytes(20261124);
  const open = () => {
    const core = createCore({ catalogSnapshotPath: catalogPath, centralUrl: null, clock: () => state.now, ...extra, dataDir, randomBytes });
    opened.push(core);
    return core;
  };
  return {
    state,
    dataDir,
    open,
    advance(ms: number) {
      state.now = new Date(state.now.getTime() + ms);
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; params: Record<string, string | number> | undefined }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KioskError);
  return { code: (error as KioskError).code, params: (error as KioskError).params };
}

async function draftWithAnswers(core: Core): Promise<string> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: 'reason' });
  return draft.id;
}

/** A wrong code of the right shape (the alphabet's first letter eight times is never the one issued here). */
const WRONG = 'AAAA-AAAA';

/** What a citizen on a Cyrillic keyboard types: look-alike letters in Cyrillic, lower case, a space instead of the dash. */
function typedOnCyrillic(code: string): string {
  const cyrillic: Record<string, string> = { A: 'А', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', P: 'Р', T: 'Т', X: 'Х', Y: 'У' };
  return [...code]
    .map((char) => (char === '-' ? ' ' : (cyrillic[char] ?? char)))
    .join('')
    .toLowerCase();
}

describe('resume codes', () => {
  it('gives a code on "continue later", lets go of the draft, and opens it again with that code', async () => {
    const k = kiosk();
    const core = k.open();
    const draftId = await draftWithAnswers(core);
    k.advance(10 * MINUTE);

    const ticket = await core.suspendDraft({ id: draftId });
    expect(ticket.draftId).toBe(draftId);
    expect(ticket.code).toMatch(new RegExp(`^[${PLAIN_ALPHABET}]{4}-[${PLAIN_ALPHABET}]{4}$`));
    // The retention counts from the moment the citizen left.
    expect(ticket.expiresAt).toBe(new Date(k.state.now.getTime() + 30 * DAY).toISOString());
    expect(await core.getSession({})).toMatchObject({ activeDraftId: null });

    await core.endSession({});
    const resumed = await core.resumeDraft({ code: ticket.code });
    expect(resumed).toMatchObject({ id: draftId, answers: validAnswers, pageId: 'reason', migration: null, expiresAt: ticket.expiresAt });
    expect(await core.getSession({})).toMatchObject({ activeDraftId: draftId });
  });

  it('accepts the code typed in Cyrillic look-alikes, lower case, with spaces', async () => {
    const core = kiosk().open();
    const draftId = await draftWithAnswers(core);
    const { code } = await core.suspendDraft({ id: draftId });
    const typed = typedOnCyrillic(code);
    // The seeded code has look-alike letters, so this really is another spelling.
    expect(typed).not.toBe(code.toLowerCase().replace('-', ' '));
    expect((await core.resumeDraft({ code: typed })).id).toBe(draftId);
    expect((await core.resumeDraft({ code: code.replace('-', '') })).id).toBe(draftId);
  });

  it('forgets an older code when a new one is made, and keeps only its hash', async () => {
    const k = kiosk();
    const core = k.open();
    const draftId = await draftWithAnswers(core);
    const first = await core.suspendDraft({ id: draftId });
    // The citizen comes back with the first code, and leaves again for a second one.
    expect((await core.resumeDraft({ code: first.code })).id).toBe(draftId);
    const second = await core.suspendDraft({ id: draftId });
    expect(second.code).not.toBe(first.code);
    expect((await refusal(core.resumeDraft({ code: first.code }))).code).toBe('resume.notFound');
    expect((await core.resumeDraft({ code: second.code })).id).toBe(draftId);
    await core.close();

    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(k.dataDir, 'kiosk.sqlite'), { readonly: true });
    const stored = JSON.stringify(db.prepare('SELECT * FROM drafts').all());
    db.close();
    expect(stored).not.toContain(second.code.replace('-', ''));
  });

  it('locks entry after five wrong codes in 15 minutes, refuses even the right code then, and lets a right code in after the lock', async () => {
    const k = kiosk();
    const core = k.open();
    const draftId = await draftWithAnswers(core);
    const { code } = await core.suspendDraft({ id: draftId });

    // A malformed code counts like a wrong one.
    for (const typed of [WRONG, 'hello', WRONG, WRONG]) expect((await refusal(core.resumeDraft({ code: typed }))).code).toBe('resume.notFound');
    expect(await refusal(core.resumeDraft({ code: WRONG }))).toEqual({ code: 'resume.locked', params: { minutes: 5 } });
    expect(await refusal(core.resumeDraft({ code }))).toEqual({ code: 'resume.locked', params: { minutes: 5 } });
    // Minutes are rounded up: 3.5 left reads "4".
    k.advance(1.5 * MINUTE);
    expect(await refusal(core.resumeDraft({ code }))).toEqual({ code: 'resume.locked', params: { minutes: 4 } });

    k.advance(3.5 * MINUTE);
    expect((await core.resumeDraft({ code })).id).toBe(draftId);
  });

  it('counts only wrong codes within 15 minutes of each other', async () => {
    const k = kiosk();
    const core = k.open();
    const { code } = await core.suspendDraft({ id: await draftWithAnswers(core) });
    for (let i = 0; i < 4; i += 1) await refusal(core.resumeDraft({ code: WRONG }));
    k.advance(15 * MINUTE + 1);
    for (let i = 0; i < 4; i += 1) expect((await refusal(core.resumeDraft({ code: WRONG }))).code).toBe('resume.notFound');
    expect((await core.resumeDraft({ code })).id).toBeTruthy();
  });

  it('doubles each further lock up to an hour, keeps the lock across a restart, and starts again after a success', async () => {
    const k = kiosk();
    let core = k.open();
    const draftId = await draftWithAnswers(core);
    const { code } = await core.suspendDraft({ id: draftId });

    const fiveWrong = async () => {
      for (let i = 0; i < 4; i += 1) await refusal(core.resumeDraft({ code: WRONG }));
      return refusal(core.resumeDraft({ code: WRONG }));
    };

    expect(await fiveWrong()).toEqual({ code: 'resume.locked', params: { minutes: 5 } });
    // A restart in the middle of the lock changes nothing.
    await core.close();
    core = k.open();
    expect(await refusal(core.resumeDraft({ code }))).toEqual({ code: 'resume.locked', params: { minutes: 5 } });

    for (const minutes of [10, 20, 40, 60, 60]) {
      k.advance(60 * MINUTE);
      // The failures before a restart still count towards the next lock.
      for (let i = 0; i < 3; i += 1) await refusal(core.resumeDraft({ code: WRONG }));
      await core.close();
      core = k.open();
      await refusal(core.resumeDraft({ code: WRONG }));
      expect(await refusal(core.resumeDraft({ code: WRONG }))).toEqual({ code: 'resume.locked', params: { minutes } });
    }

    k.advance(60 * MINUTE);
    expect((await core.resumeDraft({ code })).id).toBe(draftId);
    expect(await fiveWrong()).toEqual({ code: 'resume.locked', params: { minutes: 5 } });
  });

  it('forgets a lock a day later: the next one is five minutes again', async () => {
    const k = kiosk();
    const core = k.open();
    await core.suspendDraft({ id: await draftWithAnswers(core) });
    const fiveWrong = async () => {
      for (let i = 0; i < 4; i += 1) await refusal(core.resumeDraft({ code: WRONG }));
      return refusal(core.resumeDraft({ code: WRONG }));
    };
    expect((await fiveWrong()).params).toEqual({ minutes: 5 });
    k.advance(60 * MINUTE);
    expect((await fiveWrong()).params).toEqual({ minutes: 10 });
    k.advance(DAY);
    expect((await fiveWrong()).params).toEqual({ minutes: 5 });
  });

  it('does not open a draft past its expiry, and the draft is gone', async () => {
    const k = kiosk({ draftRetentionDays: 10 });
    const core = k.open();
    const draftId = await draftWithAnswers(core);
    const { code, expiresAt } = await core.suspendDraft({ id: draftId });
    expect(expiresAt).toBe(new Date(k.state.now.getTime() + 10 * DAY).toISOString());

    k.advance(10 * DAY - 1);
    expect((await core.resumeDraft({ code })).id).toBe(draftId);
    await core.endSession({});
    k.advance(1);
    expect((await refusal(core.resumeDraft({ code }))).code).toBe('resume.notFound');
    expect((await refusal(core.loadDraft({ id: draftId }))).code).toBe('draft.notFound');
    // Not open in any session, so the retention purge is what deletes it.
    expect(storedDraftIds(k.dataDir)).toEqual([draftId]);
    expect(core.purgeNow()).toMatchObject({ draftsDeleted: 1, applicationsPurged: 0 });
    expect(storedDraftIds(k.dataDir)).toEqual([]);
    expect((await refusal(core.resumeDraft({ code }))).code).toBe('resume.notFound');
  });

  it('deletes the open draft on sight once it has expired', async () => {
    const k = kiosk({ draftRetentionDays: 10 });
    const core = k.open();
    const draftId = await draftWithAnswers(core);
    const { code } = await core.suspendDraft({ id: draftId });
    k.advance(10 * DAY - 1);
    expect((await core.resumeDraft({ code })).id).toBe(draftId);

    // The citizen is still at the kiosk when the retention runs out.
    k.advance(1);
    expect((await refusal(core.loadDraft({ id: draftId }))).code).toBe('draft.notFound');
    expect(storedDraftIds(k.dataDir)).toEqual([]);
    expect(await core.getSession({})).toMatchObject({ activeDraftId: null });
    expect((await refusal(core.resumeDraft({ code }))).code).toBe('resume.notFound');
  });

  it('prints the slip only with the draft\'s current code, and never puts the code in the job name', async () => {
    const jobs: string[] = [];
    const k = kiosk({
      printPdf: async (pdf, job) => {
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        jobs.push(job.name);
        return 'printed';
      },
    });
    const core = k.open();
    const draftId = await draftWithAnswers(core);
    const old = await core.suspendDraft({ id: draftId });
    await core.resumeDraft({ code: old.code });
    const { code } = await core.suspendDraft({ id: draftId });

    expect((await refusal(core.printResumeSlip({ draftId, code: old.code, language: 'ky' }))).code).toBe('resume.notFound');
    expect((await refusal(core.printResumeSlip({ draftId, code: WRONG, language: 'ky' }))).code).toBe('resume.notFound');
    expect(await core.printResumeSlip({ draftId, code: typedOnCyrillic(code), language: 'ru' })).toEqual({ outcome: 'printed' });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).not.toContain(code.replace('-', ''));
    expect(jobs[0]).not.toContain(code);
    // Refusals at the printer are not guesses at the resume screen: no lock was made.
    expect((await core.resumeDraft({ code })).id).toBe(draftId);
  });

  it('saves the slip in the printouts folder when the kiosk has no printer', async () => {
    const k = kiosk();
    const core = k.open();
    const draftId = await draftWithAnswers(core);
    const { code } = await core.suspendDraft({ id: draftId });
    expect(await core.printResumeSlip({ draftId, code, language: 'ky' })).toEqual({ outcome: 'saved' });
    const saved = readdirSync(join(k.dataDir, 'printouts'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).not.toContain(code.replace('-', ''));
  });
});

describe('the draft open in the session', () => {
  /** A kiosk whose id-card form takes files, with one scan waiting in the scanner folder. */
  function kioskWithFiles() {
    const scannerDir = tempDir('scanner-');
    writeFileSync(join(scannerDir, 'scan.png'), makePng(20, 20, 7));
    return kiosk({ catalogSnapshotPath: catalogWithFilesPath, scannerDir });
  }

  async function attachPng(core: Core, draftId: string, seed: number): Promise<string> {
    const result = await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'a.png', dataBase64: makePng(20, 20, seed).toString('base64') });
    return result.attached?.sha256 ?? '';
  }

  it('is the only draft a renderer reaches by its id: every other id is refused and nothing in the file changes', async () => {
    const k = kioskWithFiles();
    const core = k.open();
    const other = await draftWithAnswers(core);
    const sha256 = await attachPng(core, other, 1);
    const { code } = await core.suspendDraft({ id: other });
    const open = await draftWithAnswers(core);
    const unknown = '00000000-0000-4000-8000-000000000000';

    const attempts = (draftId: string): Array<() => Promise<unknown>> => [
      () => core.loadDraft({ id: draftId }),
      () => core.saveDraft({ id: draftId, answers: { ...validAnswers, surname: 'Чужой' }, pageId: 'applicant' }),
      () => core.deleteDraft({ id: draftId }),
      () => core.suspendDraft({ id: draftId }),
      () => core.submitApplication({ draftId, consent: true }),
      () => core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'b.png', dataBase64: makePng(20, 20, 2).toString('base64') }),
      () => core.attachScannedFile({ draftId, fieldId: 'scans', fileName: 'scan.png' }),
      () => core.removeAttachment({ draftId, fieldId: 'scans', sha256 }),
    ];
    const refusalsOf = async (draftId: string) => {
      const codes: string[] = [];
      for (const attempt of attempts(draftId)) codes.push((await refusal(attempt())).code);
      return codes;
    };
    const everyOneRefused = Array<string>(8).fill('draft.notFound');
    const blobs = () => readdirSync(join(k.dataDir, 'attachments'));

    const before = storedRows(k.dataDir);
    const blobsBefore = blobs();
    expect(await refusalsOf(other)).toEqual(everyOneRefused);
    expect(await refusalsOf(unknown)).toEqual(everyOneRefused);
    expect(storedRows(k.dataDir)).toEqual(before);
    expect(blobs()).toEqual(blobsBefore);
    // The open draft itself still answers.
    expect((await core.loadDraft({ id: open })).id).toBe(open);

    // Once the session has ended, not even the draft that was open answers to its id.
    await core.endSession({});
    const ended = storedRows(k.dataDir);
    expect(await refusalsOf(other)).toEqual(everyOneRefused);
    expect(await refusalsOf(open)).toEqual(everyOneRefused);
    expect(storedRows(k.dataDir)).toEqual(ended);
    expect(blobs()).toEqual(blobsBefore);
    expect(blobExists(k.dataDir, sha256)).toBe(true);

    // Its code still opens it as it was left.
    const resumed = await core.resumeDraft({ code });
    expect(resumed).toMatchObject({ id: other, answers: { ...validAnswers, scans: [expect.objectContaining({ sha256 })] } });
    expect((await core.loadDraft({ id: other })).revision).toBe(resumed.revision);
  });

  it('starting a new draft deletes the open one when it never got a code, and keeps a suspended one', async () => {
    const k = kioskWithFiles();
    const core = k.open();
    const abandoned = await draftWithAnswers(core);
    const sha256 = await attachPng(core, abandoned, 1);
    // A refused start lets go of nothing.
    expect((await refusal(core.createDraft({ serviceId: 'nope', variantId: 'normal' }))).code).toBe('service.unknown');
    expect(storedDraftIds(k.dataDir)).toEqual([abandoned]);

    const suspended = await draftWithAnswers(core);
    expect(storedDraftIds(k.dataDir)).toEqual([suspended]);
    expect(blobExists(k.dataDir, sha256)).toBe(false);

    const { code } = await core.suspendDraft({ id: suspended });
    const next = await draftWithAnswers(core);
    expect(storedDraftIds(k.dataDir)).toEqual([suspended, next]);
    expect(await core.getSession({})).toMatchObject({ activeDraftId: next });

    // A resumed draft keeps its code: starting another one lets go of it without deleting it.
    await core.resumeDraft({ code });
    const after = await draftWithAnswers(core);
    expect(storedDraftIds(k.dataDir)).toEqual([suspended, after]);
    expect((await core.resumeDraft({ code })).answers).toEqual(validAnswers);
  });

  it('resuming a code lets go of the open draft the same way', async () => {
    const k = kiosk();
    const core = k.open();
    const first = await draftWithAnswers(core);
    const firstTicket = await core.suspendDraft({ id: first });
    const abandoned = await draftWithAnswers(core);

    // A wrong code opens nothing and lets go of nothing.
    expect((await refusal(core.resumeDraft({ code: WRONG }))).code).toBe('resume.notFound');
    expect(await core.getSession({})).toMatchObject({ activeDraftId: abandoned });
    expect(storedDraftIds(k.dataDir)).toEqual([first, abandoned]);

    expect((await core.resumeDraft({ code: firstTicket.code })).id).toBe(first);
    expect(storedDraftIds(k.dataDir)).toEqual([first]);
    expect((await refusal(core.loadDraft({ id: abandoned }))).code).toBe('draft.notFound');

    // Resuming the open draft's own code again keeps it open.
    expect((await core.resumeDraft({ code: firstTicket.code })).id).toBe(first);
    expect(await core.getSession({})).toMatchObject({ activeDraftId: first });

    await core.endSession({});
    const second = await draftWithAnswers(core);
    const secondTicket = await core.suspendDraft({ id: second });
    await core.resumeDraft({ code: firstTicket.code });
    // Both have a code: going from one to the other deletes neither.
    expect((await core.resumeDraft({ code: secondTicket.code })).id).toBe(second);
    expect((await core.resumeDraft({ code: firstTicket.code })).id).toBe(first);
    expect(storedDraftIds(k.dataDir)).toEqual([first, second]);
    expect((await refusal(core.loadDraft({ id: second }))).code).toBe('draft.notFound');
  });
});
