import { afterEach, describe, expect, it } from 'vitest';
import { setApplicationStatus } from '../../../src-central/applications/statuses';
import type { Core } from '../../../src-main/core/index';
import { PLAIN_ALPHABET, formatPlainCode } from '../../../src-shared/codes';
import { KioskEvent, StatusReport } from '../../../src-shared/contract';
import { validAnswers } from '../../support/catalog-fixture';
import { CoreHarness, MINUTE, MovableClock } from './fixtures';

let harness: CoreHarness;
afterEach(async () => {
  await harness.close();
});

async function submit(core: Core): Promise<{ applicationId: string; lookupCode: string }> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
  return core.submitApplication({ draftId: draft.id, consent: true });
}

const docsReason = { ky: 'Туулгандыгы тууралуу күбөлүк керек', ru: 'Нужно свидетельство о рождении' };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code ?? 'no code',
  );
}

/** A central service and an enrolled kiosk with a clock the test moves. */
async function enrolledKiosk(options: { fetch?: typeof globalThis.fetch } = {}) {
  harness = new CoreHarness();
  const clock = new MovableClock();
  const running = await harness.central();
  const kiosk = harness.kiosk({ clock: clock.read, centralUrl: running.url, ...options });
  await harness.enroll(kiosk.core, running.central);
  return { clock, ...running, ...kiosk };
}

describe('lookup codes', () => {
  it('are made at submit, shown on the receipt and sent in the envelope', async () => {
    const { core, central } = await enrolledKiosk();
    const receipt = await submit(core);
    expect(receipt.lookupCode).toMatch(new RegExp(`^[${PLAIN_ALPHABET}]{12}$`));
    expect((await core.getReceipt({ applicationId: receipt.applicationId })).lookupCode).toBe(receipt.lookupCode);
    const other = await submit(core);
    expect(other.lookupCode).not.toBe(receipt.lookupCode);

    await core.syncNow({});
    const stored = central.db.prepare('SELECT id, lookup_code AS lookupCode FROM applications ORDER BY id').all();
    expect(stored).toEqual(
      [receipt, other].map((r) => ({ id: r.applicationId, lookupCode: r.lookupCode })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });

  it('draw as a QR code of the bare code, however they are typed', async () => {
    harness = new CoreHarness();
    const { core } = harness.kiosk();
    const { lookupCode } = await submit(core);
    const qr = await core.lookupQr({ lookupCode });
    expect(qr.size).toBeGreaterThan(21);
    expect(qr.path).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    expect(await core.lookupQr({ lookupCode: formatPlainCode(lookupCode).toLowerCase() })).toEqual(qr);
    expect(await codeOf(core.lookupQr({ lookupCode: 'ABC' }))).toBe('lookup.invalid');
    expect(await codeOf(core.lookupQr({ lookupCode: 'O0O0-O0O0-O0O0' }))).toBe('lookup.invalid');
  });
});

describe('the receipt on paper', () => {
  it('is an 80 mm PDF for the screen and a print job, from the active catalog', async () => {
    harness = new CoreHarness();
    const jobs: string[] = [];
    const { core } = harness.kiosk({
      printPdf: async (_pdf, job) => {
        jobs.push(job.name);
        return 'printed';
      },
    });
    const { applicationId, lookupCode } = await submit(core);
    const { pdfBase64, pageCount } = await core.receiptPdf({ applicationId, language: 'ky' });
    expect(pageCount).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(pdfBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await core.printReceipt({ applicationId, language: 'ru' })).toEqual({ outcome: 'printed' });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).not.toContain(lookupCode);
    expect(await codeOf(core.printReceipt({ applicationId: '5f0c3c1e-8a51-4d7e-9b1a-2f6f0b2c7a09', language: 'ru' }))).toBe('application.notFound');
  });
});

describe('checking a status', () => {
  it('asks the central service, and learns each step through the feed', async () => {
    const { core, central, events, clock } = await enrolledKiosk();
    const { applicationId, lookupCode } = await submit(core);
    await core.syncNow({});

    const first = StatusReport.parse(await core.checkStatus({ lookupCode: formatPlainCode(lookupCode) }));
    expect(first).toMatchObject({ lookupCode, source: 'central', state: 'received', knownAt: clock.now.toISOString() });
    expect(first.history.map((step) => step.state)).toEqual(['received']);
    expect(first.registrationNumber).toMatch(/^\d{4}-\d{6}$/);

    setApplicationStatus(central.db, { ref: lookupCode, state: 'documentsNeeded', reason: docsReason, actor: 'clerk' }, new Date());
    const asked = await core.checkStatus({ lookupCode });
    expect(asked).toMatchObject({ source: 'central', state: 'documentsNeeded' });
    expect(asked.history.at(-1)).toMatchObject({ state: 'documentsNeeded', reason: docsReason });

    const before = events.length;
    await core.syncNow({});
    expect(events.slice(before)).toContainEqual({ type: 'receiptUpdated', applicationId } satisfies KioskEvent);
  });

  it('answers from the kiosk with the last known state and when it was known, while the service is out of reach', async () => {
    const { core, central, clock } = await enrolledKiosk();
    const { lookupCode } = await submit(core);
    await core.syncNow({});
    setApplicationStatus(central.db, { ref: lookupCode, state: 'inReview', actor: 'clerk' }, new Date());
    clock.advance(MINUTE);
    await core.syncNow({});
    const pulledAt = clock.now.toISOString();
    setApplicationStatus(central.db, { ref: lookupCode, state: 'readyForPickup', actor: 'clerk' }, new Date());
    await central.close();

    clock.advance(30 * MINUTE);
    const report = StatusReport.parse(await core.checkStatus({ lookupCode }));
    expect(report).toMatchObject({ source: 'kiosk', state: 'inReview', knownAt: pulledAt, lookupCode });
    expect(report.history.map((step) => step.state)).toEqual(['received', 'inReview']);
  });

  it('says "not sent" for an application still in this kiosk\'s outbox', async () => {
    const { core, clock } = await enrolledKiosk();
    const { lookupCode } = await submit(core);
    expect(await core.checkStatus({ lookupCode })).toEqual({
      lookupCode,
      registrationNumber: null,
      serviceId: 'id-card',
      variantId: 'normal',
      submittedAt: clock.now.toISOString(),
      state: 'notSent',
      history: [],
      source: 'kiosk',
      knownAt: clock.now.toISOString(),
    });
  });

  it('tells an unknown code from an unreachable service', async () => {
    const { core, central } = await enrolledKiosk();
    const unknown = 'ACDE-FGHJ-KMNP';
    expect(await codeOf(core.checkStatus({ lookupCode: unknown }))).toBe('status.notFound');
    expect(await codeOf(core.checkStatus({ lookupCode: 'ACDE-FGHJ' }))).toBe('lookup.invalid');
    await central.close();
    expect(await codeOf(core.checkStatus({ lookupCode: unknown }))).toBe('status.offlineUnknown');
  });

  it('answers a code from another kiosk through the central service, and cannot offline', async () => {
    const { core, url, central } = await enrolledKiosk();
    const { lookupCode } = await submit(core);
    await core.syncNow({});
    const other = harness.kiosk({ centralUrl: url });
    await harness.enroll(other.core, central);
    expect(await other.core.checkStatus({ lookupCode })).toMatchObject({ source: 'central', state: 'received', serviceId: 'id-card' });
    await central.close();
    expect(await codeOf(other.core.checkStatus({ lookupCode }))).toBe('status.offlineUnknown');
  });

  it('says "received" as of the acceptance when the link broke before the feed was read', async () => {
    // The link drops after the batch is answered and before the feed is read.
    const cutting: typeof globalThis.fetch = async (input, init) => {
      if (String(input).includes('/v1/changes')) throw new TypeError('fetch failed');
      return globalThis.fetch(input, init);
    };
    const { core, central, clock } = await enrolledKiosk({ fetch: cutting });
    const { applicationId, lookupCode } = await submit(core);
    const acceptedAt = clock.now.toISOString();
    expect(await core.syncNow({})).toMatchObject({ online: false, waiting: 0 });
    expect((await core.getReceipt({ applicationId })).delivery).toBe('accepted');
    await central.close();
    clock.advance(5 * MINUTE);
    expect(await core.checkStatus({ lookupCode })).toMatchObject({ source: 'kiosk', state: 'received', history: [], knownAt: acceptedAt });
  });

  it('answers from the kiosk when it is not enrolled', async () => {
    harness = new CoreHarness();
    const { core } = harness.kiosk();
    expect(await codeOf(core.checkStatus({ lookupCode: 'ACDE-FGHJ-KMNP' }))).toBe('status.offlineUnknown');
    const { lookupCode } = await submit(core);
    expect(await core.checkStatus({ lookupCode })).toMatchObject({ state: 'notSent', source: 'kiosk' });
  });
});

describe('statuses in the change feed', () => {
  it('keeps the cursor before a step whose local commit failed, and takes it in the next round', async () => {
    const { core, central, dataDir, events } = await enrolledKiosk();
    const { applicationId, lookupCode } = await submit(core);
    await core.syncNow({});
    const db = harness.kioskDb(dataDir);
    const cursor = () => db.prepare('SELECT after FROM feed_cursor').pluck().get() as number;
    const afterReceived = cursor();

    setApplicationStatus(central.db, { ref: lookupCode, state: 'inReview', actor: 'clerk' }, new Date());
    // A second, writable connection makes the kiosk's own write fail, as a full disk would.
    const Database = (await import('better-sqlite3')).default;
    const writer = new Database(`${dataDir}/kiosk.sqlite`);
    writer.exec("CREATE TRIGGER failing_step BEFORE INSERT ON status_history BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const before = events.length;
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: 'status.commitFailed' });
    expect(cursor()).toBe(afterReceived);
    expect(events.slice(before).filter((e) => e.type === 'receiptUpdated')).toEqual([]);

    writer.exec('DROP TRIGGER failing_step');
    writer.close();
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: null });
    expect(cursor()).toBeGreaterThan(afterReceived);
    expect(events.slice(before)).toContainEqual({ type: 'receiptUpdated', applicationId });
    expect(db.prepare('SELECT state FROM status_history ORDER BY feed_seq').pluck().all()).toEqual(['received', 'inReview']);
  });

  it('passes a step of an application this kiosk does not hold, and moves on', async () => {
    const { core, central, dataDir, events } = await enrolledKiosk();
    const { applicationId, lookupCode } = await submit(core);
    await core.syncNow({});
    // The kiosk lost the row (restored from an older backup): the service still sends its steps.
    const Database = (await import('better-sqlite3')).default;
    const writer = new Database(`${dataDir}/kiosk.sqlite`);
    writer.prepare('DELETE FROM status_history WHERE application_id = ?').run(applicationId);
    writer.prepare('DELETE FROM application_content WHERE application_id = ?').run(applicationId);
    writer.prepare('DELETE FROM applications WHERE id = ?').run(applicationId);
    writer.close();

    setApplicationStatus(central.db, { ref: lookupCode, state: 'inReview', actor: 'clerk' }, new Date());
    const before = events.length;
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: null });
    expect(events.slice(before).filter((e) => e.type === 'receiptUpdated')).toEqual([]);
    const db = harness.kioskDb(dataDir);
    const lastSeq = central.db.prepare('SELECT max(seq) FROM change_feed').pluck().get();
    expect(db.prepare('SELECT after FROM feed_cursor').pluck().get()).toBe(lastSeq);
    expect(db.prepare('SELECT count(*) FROM status_history').pluck().get()).toBe(0);
  });
});
