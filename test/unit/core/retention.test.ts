import { afterEach, describe, expect, it } from 'vitest';
import { setApplicationStatus } from '../../../src-central/applications/statuses';
import type { Core } from '../../../src-main/core/index';
import { Catalog } from '../../../src-shared/catalog/schema';
import { validAnswers } from '../../support/catalog-fixture';
import { storedDraftIds } from '../../support/kiosk-db';
import { makePng } from '../attachments/files';
import { CoreHarness, DAY, MovableClock, blobExists, catalogWithFiles, databaseBytes } from './fixtures';

/** The kiosk offers a service the central service does not know: what it sends of it is rejected. */
const kioskCatalog = Catalog.parse({
  ...catalogWithFiles,
  services: [...catalogWithFiles.services, { ...catalogWithFiles.services[0], id: 'passport' }],
});

let harness: CoreHarness;
afterEach(async () => {
  await harness.close();
});

async function draftOf(core: Core, surname: string, serviceId = 'id-card'): Promise<string> {
  const draft = await core.createDraft({ serviceId, variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: { ...validAnswers, surname }, pageId: null });
  return draft.id;
}

async function attach(core: Core, draftId: string, png: Buffer): Promise<string> {
  const result = await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'scan.png', dataBase64: png.toString('base64') });
  return result.attached?.sha256 ?? '';
}

const contains = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'utf8'));

describe('expired drafts', () => {
  it('are deleted for good with the files no one else holds, on the operator\'s retention', async () => {
    harness = new CoreHarness();
    const clock = new MovableClock();
    const { core, dataDir } = harness.kiosk({ clock: clock.read, draftRetentionDays: 30 });
    const old = await draftOf(core, 'Забытаяфамилия');
    const own = await attach(core, old, makePng(20, 20, 1));
    const shared = await attach(core, old, makePng(20, 20, 2));
    const { code } = await core.suspendDraft({ id: old });
    clock.advance(20 * DAY);
    const kept = await draftOf(core, 'Свежаяфамилия');
    await attach(core, kept, makePng(20, 20, 2));
    // The second citizen leaves too, so that opening the first draft again lets go of this one without deleting it.
    const keptTicket = await core.suspendDraft({ id: kept });
    // Opening a draft is not changing it: its expiry stays.
    await core.resumeDraft({ code });

    clock.advance(10 * DAY - 1);
    expect(core.purgeNow()).toEqual({ draftsDeleted: 0, applicationsPurged: 0, printoutsDeleted: 0 });
    clock.advance(1);
    expect(core.purgeNow()).toEqual({ draftsDeleted: 1, applicationsPurged: 0, printoutsDeleted: 0 });

    // It was the open draft: the session lets go of it.
    expect(await core.getSession({})).toMatchObject({ activeDraftId: null });
    expect(storedDraftIds(dataDir)).toEqual([kept]);
    await expect(core.loadDraft({ id: old })).rejects.toMatchObject({ code: 'draft.notFound' });
    await expect(core.resumeDraft({ code })).rejects.toMatchObject({ code: 'resume.notFound' });
    expect((await core.resumeDraft({ code: keptTicket.code })).answers.surname).toBe('Свежаяфамилия');
    expect(blobExists(dataDir, own)).toBe(false);
    expect(blobExists(dataDir, shared)).toBe(true);
    expect(core.purgeNow()).toEqual({ draftsDeleted: 0, applicationsPurged: 0, printoutsDeleted: 0 });
    await core.close();

    const db = harness.kioskDb(dataDir);
    expect(db.prepare('SELECT count(*) FROM draft_attachments WHERE draft_id = ?').pluck().get(old)).toBe(0);
    expect(db.prepare('SELECT sha256 FROM attachments').pluck().all()).toEqual([shared]);
    const bytes = databaseBytes(dataDir);
    expect(contains(bytes, 'Забытаяфамилия')).toBe(false);
    expect(contains(bytes, 'Свежаяфамилия')).toBe(true);
  });

  it('runs at start, so a kiosk switched off past the expiry comes back without them', async () => {
    harness = new CoreHarness();
    const clock = new MovableClock();
    const first = harness.kiosk({ clock: clock.read, draftRetentionDays: 2 });
    const draftId = await draftOf(first.core, 'Асанова');
    await first.core.close();

    clock.advance(2 * DAY);
    first.reopen();
    expect(harness.kioskDb(first.dataDir).prepare('SELECT count(*) FROM drafts WHERE id = ?').pluck().get(draftId)).toBe(0);
  });
});

describe('retention of submitted applications', () => {
  it('removes answers and files of accepted applications after the retention, and keeps number, lookup code and statuses', async () => {
    harness = new CoreHarness(kioskCatalog);
    const clock = new MovableClock();
    const { central, url } = await harness.central();
    const { core, dataDir } = harness.kiosk({ clock: clock.read, centralUrl: url, applicationRetentionDays: 7 });
    await harness.enroll(core, central);

    const acceptedDraft = await draftOf(core, 'Принятаяфамилия');
    const own = await attach(core, acceptedDraft, makePng(30, 30, 5));
    const shared = await attach(core, acceptedDraft, makePng(30, 30, 6));
    const accepted = await core.submitApplication({ draftId: acceptedDraft, consent: true });
    const rejected = await core.submitApplication({ draftId: await draftOf(core, 'Отклонённаяфамилия', 'passport'), consent: true });
    await core.syncNow({});
    expect((await core.getReceipt({ applicationId: accepted.applicationId })).delivery).toBe('accepted');
    expect((await core.getReceipt({ applicationId: rejected.applicationId })).delivery).toBe('rejected');
    expect(setApplicationStatus(central.db, { ref: accepted.lookupCode, state: 'inReview', actor: 'clerk' }, new Date())).toMatchObject({ ok: true });
    await core.syncNow({});
    // Submitted after the last round: still in the outbox.
    const waitingDraft = await draftOf(core, 'Ждущаяфамилия');
    await attach(core, waitingDraft, makePng(30, 30, 6));
    const waiting = await core.submitApplication({ draftId: waitingDraft, consent: true });
    const before = await core.getReceipt({ applicationId: accepted.applicationId });

    // Exactly the retention: not more than seven days yet.
    clock.advance(7 * DAY);
    expect(core.purgeNow()).toEqual({ draftsDeleted: 0, applicationsPurged: 0, printoutsDeleted: 0 });
    clock.advance(1);
    expect(core.purgeNow()).toEqual({ draftsDeleted: 0, applicationsPurged: 1, printoutsDeleted: 0 });
    expect(core.purgeNow()).toEqual({ draftsDeleted: 0, applicationsPurged: 0, printoutsDeleted: 0 });

    expect(await core.getReceipt({ applicationId: accepted.applicationId })).toEqual(before);
    expect(blobExists(dataDir, own)).toBe(false);
    expect(blobExists(dataDir, shared)).toBe(true);
    // Its status still answers, from the kiosk when the service is out of reach.
    await central.close();
    expect(await core.checkStatus({ lookupCode: accepted.lookupCode })).toMatchObject({
      source: 'kiosk',
      state: 'inReview',
      registrationNumber: before.registrationNumber,
    });
    await core.close();

    const bytes = databaseBytes(dataDir);
    expect(contains(bytes, 'Принятаяфамилия')).toBe(false);
    expect(contains(bytes, 'Отклонённаяфамилия')).toBe(true);
    expect(contains(bytes, 'Ждущаяфамилия')).toBe(true);

    const db = harness.kioskDb(dataDir);
    const row = (id: string) =>
      db
        .prepare(
          `SELECT x.answers_json AS answers, a.purged_at AS purgedAt, a.lookup_code AS lookupCode, a.registration_number AS number
           FROM applications a LEFT JOIN application_content x ON x.application_id = a.id WHERE a.id = ?`,
        )
        .get(id) as {
        answers: string | null;
        purgedAt: string | null;
        lookupCode: string;
        number: string | null;
      };
    expect(row(accepted.applicationId)).toEqual({
      answers: null,
      purgedAt: new Date(clock.now).toISOString(),
      lookupCode: accepted.lookupCode,
      number: before.registrationNumber,
    });
    expect(JSON.parse(row(rejected.applicationId).answers ?? '')).toMatchObject({ surname: 'Отклонённаяфамилия' });
    expect(row(rejected.applicationId).purgedAt).toBeNull();
    expect(JSON.parse(row(waiting.applicationId).answers ?? '')).toMatchObject({ surname: 'Ждущаяфамилия' });
    expect(db.prepare('SELECT count(*) FROM application_attachments WHERE application_id = ?').pluck().get(accepted.applicationId)).toBe(0);
    expect(db.prepare('SELECT state FROM status_history WHERE application_id = ? ORDER BY feed_seq').pluck().all(accepted.applicationId)).toEqual([
      'received',
      'inReview',
    ]);
  });

  it('keeps answers for the days the operator set', async () => {
    harness = new CoreHarness(kioskCatalog);
    const clock = new MovableClock();
    const { central, url } = await harness.central();
    const { core } = harness.kiosk({ clock: clock.read, centralUrl: url, applicationRetentionDays: 30 });
    await harness.enroll(core, central);
    await core.submitApplication({ draftId: await draftOf(core, 'Асанова'), consent: true });
    await core.syncNow({});
    clock.advance(29 * DAY);
    expect(core.purgeNow().applicationsPurged).toBe(0);
    clock.advance(DAY + 1);
    expect(core.purgeNow().applicationsPurged).toBe(1);
  });
});
