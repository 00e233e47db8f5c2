import { afterEach, describe, expect, it } from 'vitest';
import { listReceivedApplications } from '../../../src-central/applications/received';
import { publishCatalog } from '../../../src-central/catalog/versions';
import type { Core } from '../../../src-main/core/index';
import { Catalog } from '../../../src-shared/catalog/schema';
import type { FormChange } from '../../../src-shared/contract';
import type { FieldDefinition } from '../../../src-shared/forms/schema';
import { fixtureCatalog, validAnswers } from '../../support/catalog-fixture';
import { makePng } from '../attachments/files';
import { CoreHarness, blobExists } from '../core/fixtures';

const label = (text: string) => ({ ky: text, ru: text });

/**
 * The id-card form at a version, as the catalog `fixture-<version>` publishes it:
 * 1 — the fixture form with two file fields, `scans` and `photos`;
 * 2 — the same questions;
 * 3 — surname at most 3 letters, a new `fatherName`, no `phone`, no `photos`.
 */
function catalogAt(version: 1 | 2 | 3): Catalog {
  const base = fixtureCatalog.forms[0];
  if (!base) throw new Error('the fixture has a form');
  const files: FieldDefinition[] = [
    { id: 'scans', type: 'file', label: label('Скан'), optional: true },
    { id: 'photos', type: 'file', label: label('Сүрөт'), optional: true },
  ];
  const pages = base.pages.map((page, index) => (index === base.pages.length - 1 ? { ...page, fields: [...page.fields, ...files] } : page));
  const v3 = pages.map((page) => ({
    ...page,
    fields: page.fields.flatMap((field): FieldDefinition[] => {
      if (field.id === 'surname') return [{ ...field, maxLength: 3 }];
      if (field.id === 'birthDate') return [field, { id: 'fatherName', type: 'text', label: label('Атасынын аты'), optional: true }];
      return field.id === 'phone' || field.id === 'photos' ? [] : [field];
    }),
  }));
  return Catalog.parse({
    ...fixtureCatalog,
    version: `fixture-${version}`,
    publishedAt: `2026-12-0${version}T00:00:00Z`,
    forms: [{ ...base, version, pages: version === 3 ? v3 : pages }],
  });
}

let harness: CoreHarness;
afterEach(async () => {
  await harness.close();
});

async function draftWith(core: Core, answers: Record<string, string>): Promise<string> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: { ...validAnswers, ...answers }, pageId: 'reason' });
  return draft.id;
}

async function attach(core: Core, draftId: string, fieldId: string, seed: number) {
  const png = makePng(20, 20, seed).toString('base64');
  const result = await core.attachUploadedFile({ draftId, fieldId, fileName: `${fieldId}.png`, dataBase64: png });
  if (!result.attached) throw new Error('attached');
  return result.attached;
}

const change = (kind: FormChange['kind'], fieldId: string, text: string): FormChange => ({ kind, fieldId, label: label(text) });
const surnameLabel = fixtureCatalog.forms[0]?.pages[0]?.fields[0]?.label;

describe('drafts on a form version the catalog no longer accepts', () => {
  it('are moved to the current version when opened or submitted, and the citizen is told what changed', async () => {
    harness = new CoreHarness(catalogAt(1));
    const { central, url } = await harness.central(catalogAt(1));
    const { core, dataDir } = harness.kiosk({ centralUrl: url });
    await harness.enroll(core, central);

    // Three citizens each leave a draft on form version 1 for later.
    const opened = await draftWith(core, { surname: 'Асанова', phone: '+996 555 123 456' });
    const scan = await attach(core, opened, 'scans', 1);
    const photo = await attach(core, opened, 'photos', 2);
    const openedTicket = await core.suspendDraft({ id: opened });
    const submitted = await draftWith(core, { surname: 'Ли' });
    const submittedTicket = await core.suspendDraft({ id: submitted });
    const suspended = await draftWith(core, { surname: 'Ким' });
    const { code } = await core.suspendDraft({ id: suspended });

    // One version newer: still accepted, the draft keeps its own.
    publishCatalog(central.db, catalogAt(2), new Date());
    await core.syncNow({});
    expect((await core.getCatalog({})).version).toBe('fixture-2');
    expect(await core.resumeDraft({ code: openedTicket.code })).toMatchObject({ id: opened, formVersion: 1, migration: null });
    expect(await core.loadDraft({ id: opened })).toMatchObject({ formVersion: 1, migration: null });
    // Another citizen comes back to theirs, and is still filling it in when the catalog changes again.
    expect(await core.resumeDraft({ code: submittedTicket.code })).toMatchObject({ id: submitted, formVersion: 1, migration: null });

    // Two versions newer: not accepted any more.
    publishCatalog(central.db, catalogAt(3), new Date());
    await core.syncNow({});
    expect((await core.getCatalog({})).version).toBe('fixture-3');

    // A submit of the open draft, not opened since: moved, refused once so the citizen sees what changed, then sent.
    await expect(core.submitApplication({ draftId: submitted, consent: true })).rejects.toMatchObject({ code: 'draft.migrated' });
    expect((await core.loadDraft({ id: submitted })).migration?.changes.map((c) => `${c.kind}:${c.fieldId}`)).toEqual([
      'added:fatherName',
      'removed:phone',
      'removed:photos',
    ]);
    const receipt = await core.submitApplication({ draftId: submitted, consent: true });
    expect(receipt).toMatchObject({ formVersion: 3, catalogVersion: 'fixture-3' });

    // The first citizen comes back: the draft is moved as it opens.
    const migrated = await core.resumeDraft({ code: openedTicket.code });
    expect(migrated.id).toBe(opened);
    expect(migrated.formVersion).toBe(3);
    expect(migrated.migration).toEqual({
      fromVersion: 1,
      toVersion: 3,
      changes: [
        { kind: 'cleared', fieldId: 'surname', label: surnameLabel },
        change('added', 'fatherName', 'Атасынын аты'),
        { kind: 'removed', fieldId: 'phone', label: { ky: 'Phone (ky)', ru: 'Phone (ru)' } },
        change('removed', 'photos', 'Сүрөт'),
      ],
    });
    expect(migrated.answers).toEqual({ ...validAnswers, surname: undefined, scans: [scan] });
    expect(Object.keys(migrated.answers)).not.toContain('surname');
    // The dropped file's blob went with its answer; the kept one stays.
    expect(blobExists(dataDir, photo.sha256)).toBe(false);
    expect(blobExists(dataDir, scan.sha256)).toBe(true);
    // Opened again: the same draft, the notice still there until it is submitted.
    expect(await core.loadDraft({ id: opened })).toEqual(migrated);

    // The citizen answers again what was cleared, and the draft goes through.
    await core.saveDraft({ id: opened, answers: { ...migrated.answers, surname: 'Ким' }, pageId: 'applicant' });
    const second = await core.submitApplication({ draftId: opened, consent: true });
    expect(second.formVersion).toBe(3);

    // A resume code opens a draft moved the same way.
    const resumed = await core.resumeDraft({ code });
    expect(resumed).toMatchObject({ id: suspended, formVersion: 3, migration: { fromVersion: 1, toVersion: 3 } });
    expect(resumed.answers.surname).toBe('Ким');

    expect(await core.syncNow({})).toMatchObject({ waiting: 0, lastError: null });
    expect(listReceivedApplications(central.db).map((a) => a.id).sort()).toEqual([receipt.applicationId, second.applicationId].sort());
  });

  it('moves the open draft when the kiosk restarts on a newer catalog', async () => {
    harness = new CoreHarness(catalogAt(1));
    const { central, url } = await harness.central(catalogAt(1));
    const { core, dataDir } = harness.kiosk({ centralUrl: url });
    await harness.enroll(core, central);
    const draftId = await draftWith(core, { surname: 'Ли' });
    publishCatalog(central.db, catalogAt(3), new Date());
    await core.syncNow({});
    await core.close();

    const restarted = harness.kiosk({ dataDir, centralUrl: null }).core;
    const { activeDraftId } = await restarted.getSession({});
    expect(activeDraftId).toBe(draftId);
    expect(await restarted.loadDraft({ id: draftId })).toMatchObject({ formVersion: 3, migration: { fromVersion: 1, toVersion: 3 } });
  });
});
