import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/index';
import { KioskError } from '../../../src-shared/errors';
import { tempDir, validAnswers, writeFixtureCatalog } from '../../support/catalog-fixture';
import { storedDraftIds } from '../../support/kiosk-db';

const catalogPath = writeFixtureCatalog();
const opened: Core[] = [];

function openCore(dataDir = tempDir('kiosk-core-'), now = new Date('2026-11-24T08:00:00Z')) {
  const core = createCore({ dataDir, catalogSnapshotPath: catalogPath, centralUrl: null, clock: () => now });
  opened.push(core);
  return { core, dataDir };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((core) => core.close().catch(() => {})));
});

async function rejection(promise: Promise<unknown>): Promise<KioskError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KioskError);
  return error as KioskError;
}

describe('drafts', () => {
  it('creates, saves, lists, loads and deletes a draft', async () => {
    const { core, dataDir } = openCore();
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'urgent' });
    expect(draft).toMatchObject({ serviceId: 'id-card', variantId: 'urgent', formId: 'id-card', formVersion: 1, revision: 0, language: 'ky' });

    const saved = await core.saveDraft({ id: draft.id, answers: { surname: 'Асан' }, pageId: 'applicant' });
    expect(saved.revision).toBe(1);
    await core.saveDraft({ id: draft.id, answers: { surname: 'Асанова', pin: '125' }, pageId: 'applicant' });

    const loaded = await core.loadDraft({ id: draft.id });
    expect(loaded.answers).toEqual({ surname: 'Асанова', pin: '125' });
    expect(loaded.revision).toBe(2);
    expect(storedDraftIds(dataDir)).toEqual([draft.id]);

    expect(await core.deleteDraft({ id: draft.id })).toEqual({ deleted: true });
    expect(storedDraftIds(dataDir)).toEqual([]);
    expect((await rejection(core.loadDraft({ id: draft.id }))).code).toBe('draft.notFound');
  });

  it('refuses an unknown service or variant with a code', async () => {
    const { core } = openCore();
    expect((await rejection(core.createDraft({ serviceId: 'nope', variantId: 'normal' }))).code).toBe('service.unknown');
    expect((await rejection(core.createDraft({ serviceId: 'id-card', variantId: 'nope' }))).code).toBe('variant.unknown');
  });

  it('keeps the draft, its page and the language across a restart of the kiosk', async () => {
    const { core, dataDir } = openCore();
    await core.setLanguage({ language: 'ru' });
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await core.saveDraft({ id: draft.id, answers: { surname: 'Иванова' }, pageId: 'reason' });
    await core.close();

    const { core: restarted } = openCore(dataDir);
    const session = await restarted.getSession({});
    expect(session).toEqual({ language: 'ru', activeDraftId: draft.id });
    const restored = await restarted.loadDraft({ id: draft.id });
    expect(restored).toMatchObject({ answers: { surname: 'Иванова' }, pageId: 'reason', language: 'ru' });
  });

  it('ends the session: default language, no open draft, the draft itself kept', async () => {
    const { core, dataDir } = openCore();
    await core.setLanguage({ language: 'ru' });
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await core.saveDraft({ id: draft.id, answers: { surname: 'Иванова' }, pageId: 'applicant' });
    expect(await core.endSession({})).toEqual({ language: 'ky', activeDraftId: null });
    // The next person cannot open it by its id, but the kiosk still holds it, answers and all.
    expect((await rejection(core.loadDraft({ id: draft.id }))).code).toBe('draft.notFound');
    expect(storedDraftIds(dataDir)).toEqual([draft.id]);
    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    const answers = db.prepare('SELECT answers_json FROM drafts WHERE id = ?').pluck().get(draft.id) as string;
    db.close();
    expect(JSON.parse(answers)).toEqual({ surname: 'Иванова' });
  });

  it('keeps a suspended draft through the end of the session, and opens it again with its code', async () => {
    const { core, dataDir } = openCore();
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await core.saveDraft({ id: draft.id, answers: { surname: 'Иванова' }, pageId: 'applicant' });
    const { code } = await core.suspendDraft({ id: draft.id });
    await core.endSession({});
    expect(storedDraftIds(dataDir)).toEqual([draft.id]);
    expect(await core.resumeDraft({ code })).toMatchObject({ id: draft.id, answers: { surname: 'Иванова' }, pageId: 'applicant' });
    expect((await core.loadDraft({ id: draft.id })).id).toBe(draft.id);
  });
});

describe('submitting an application', () => {
  it('refuses invalid answers with field codes and keeps the draft as it was', async () => {
    const { core } = openCore();
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await core.saveDraft({ id: draft.id, answers: { ...validAnswers, pin: '32505199012345', reason: 'lost' }, pageId: 'reason' });

    const error = await rejection(core.submitApplication({ draftId: draft.id, consent: true }));
    expect(error.code).toBe('application.invalid');
    expect(error.fields).toEqual([
      { field: 'pin', code: 'pin.gender' },
      { field: 'lostCircumstances', code: 'required' },
    ]);
    expect((await core.loadDraft({ id: draft.id })).answers.pin).toBe('32505199012345');
    expect((await core.getSyncState({})).waiting).toBe(0);
  });

  it('writes the application and its outbox row together, removes the draft and gives a receipt', async () => {
    const { core, dataDir } = openCore();
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'urgent' });
    // An answer to a field hidden by its condition is not sent.
    await core.saveDraft({ id: draft.id, answers: { ...validAnswers, lostCircumstances: 'left over' }, pageId: 'reason' });

    const receipt = await core.submitApplication({ draftId: draft.id, consent: true });
    expect(receipt).toMatchObject({
      delivery: 'waiting',
      registrationNumber: null,
      serviceId: 'id-card',
      variantId: 'urgent',
      catalogVersion: 'fixture-1',
      formVersion: 1,
      price: { amount: 1300, example: false },
      term: { value: 8, unit: 'workingDays', example: false },
    });
    expect(receipt.localNumber).toMatch(/^[A-Z0-9]{4}-000001$/);
    expect(await core.getSession({})).toMatchObject({ activeDraftId: null });
    expect(storedDraftIds(dataDir)).toEqual([]);
    expect((await core.getSyncState({})).waiting).toBe(1);
    await core.close();

    const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    const row = db.prepare('SELECT answers_json FROM application_content WHERE application_id = ?').get(receipt.applicationId) as { answers_json: string };
    expect(JSON.parse(row.answers_json)).toEqual(validAnswers);
    expect(db.prepare('SELECT application_id FROM outbox').pluck().all()).toEqual([receipt.applicationId]);
    db.close();
  });

  it('numbers applications one after another on this kiosk', async () => {
    const { core } = openCore();
    const numbers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
      await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
      numbers.push((await core.submitApplication({ draftId: draft.id, consent: true })).localNumber);
    }
    expect(numbers.map((n) => n.slice(-6))).toEqual(['000001', '000002', '000003']);
    expect(new Set(numbers.map((n) => n.slice(0, 4))).size).toBe(1);
  });
});
