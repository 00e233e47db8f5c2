import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listReceivedApplications } from '../../../src-central/applications/received';
import { publishCatalog, storeCatalogVersion } from '../../../src-central/catalog/versions';
import { MAX_DAMAGED_ATTEMPTS } from '../../../src-main/core/sync/feed';
import { canonicalJson } from '../../../src-shared/sync/wire';
import { validAnswers } from '../../support/catalog-fixture';
import { Harness, activeVersions, feedCursor, nextCatalog } from './fixtures';

let harness: Harness;
beforeEach(() => {
  harness = new Harness();
});
afterEach(async () => {
  await harness.close();
});

describe('the kiosk and catalog versions from the change feed', () => {
  it('keeps working with its snapshot when it has never been online', async () => {
    const { core, events } = harness.kiosk(null);
    expect((await core.getCatalog({})).version).toBe('fixture-1');
    expect((await core.getKioskStatus({})).catalogVersion).toBe('fixture-1');
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
    expect((await core.submitApplication({ draftId: draft.id, consent: true })).catalogVersion).toBe('fixture-1');
    expect(events.filter((e) => e.type === 'catalogChanged')).toEqual([]);
  });

  it('passes silently over the version it already has, then switches to a newer one and keeps it after a restart', async () => {
    const { central, url } = await harness.central();
    const { core, events, dataDir } = harness.kiosk(url);
    await harness.enroll(core, central);
    // The central service's first version is the kiosk's own snapshot: nothing to do, nothing to report.
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: null });
    const db = harness.kioskDb(dataDir);
    expect(feedCursor(db)).toBe(1);
    expect(activeVersions(db)).toEqual([]);

    expect(publishCatalog(central.db, nextCatalog(), new Date())).toMatchObject({ ok: true, feedSeq: 2 });
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: null });
    expect(events).toContainEqual({ type: 'catalogChanged', version: 'fixture-2' });
    expect((await core.getCatalog({})).version).toBe('fixture-2');
    expect((await core.getKioskStatus({})).catalogVersion).toBe('fixture-2');
    expect(feedCursor(db)).toBe(2);
    expect(activeVersions(db)).toEqual(['fixture-2']);

    // A second round changes nothing and emits nothing.
    const before = events.length;
    await core.syncNow({});
    expect(events.slice(before).filter((e) => e.type === 'catalogChanged')).toEqual([]);

    await core.close();
    const restarted = harness.kiosk(null, { dataDir });
    expect((await restarted.core.getCatalog({})).version).toBe('fixture-2');
    expect((await restarted.core.getCatalog({})).forms[0]?.version).toBe(2);
  });

  it('refuses a partial catalog (a service whose form is missing) and keeps the old one', async () => {
    const { central, url } = await harness.central();
    const { core, events, dataDir } = harness.kiosk(url);
    await harness.enroll(core, central);
    // Published around the checks, as a faulty service or a hand-edited database would.
    const partial = { ...nextCatalog(), forms: [] };
    const json = canonicalJson(partial);
    central.db.transaction(() => storeCatalogVersion(central.db, { version: partial.version, publishedAt: partial.publishedAt, json }, new Date()))();

    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: 'catalog.refused' });
    expect((await core.getCatalog({})).version).toBe('fixture-1');
    expect(events.some((e) => e.type === 'catalogChanged')).toBe(false);
    const db = harness.kioskDb(dataDir);
    // Exactly what was published and still invalid: it will never heal, so the cursor passes it at once.
    expect(db.prepare('SELECT version, code, skipped FROM catalog_refusals').all()).toEqual([
      { version: 'fixture-2', code: 'catalog.invalid', skipped: 1 },
    ]);
    expect(feedCursor(db)).toBe(2);

    // A valid later version still gets through.
    expect(publishCatalog(central.db, nextCatalog('fixture-3', '2026-12-02T00:00:00Z'), new Date())).toMatchObject({ ok: true });
    expect(await core.syncNow({})).toMatchObject({ lastError: null });
    expect((await core.getCatalog({})).version).toBe('fixture-3');
  });

  it('does not believe a catalog download cut short in transit, keeps the cursor before it, and takes the version once the link delivers it whole', async () => {
    const { central, url } = await harness.central();
    let cut = true;
    // The link cuts the catalog download short, but the response still arrives whole as far as HTTP knows.
    const cuttingFetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (!cut || !String(input).includes('/v1/catalogs/')) return response;
      const text = await response.text();
      return new Response(text.slice(0, Math.floor(text.length / 2)), { status: response.status, headers: response.headers });
    };
    const { core, dataDir } = harness.kiosk(url, { fetch: cuttingFetch });
    await harness.enroll(core, central);
    await core.syncNow({});
    const db = harness.kioskDb(dataDir);
    publishCatalog(central.db, nextCatalog(), new Date());

    // The service's signature covers the bytes it sent: half of them is no answer at all, tried again next round.
    for (let attempt = 1; attempt <= MAX_DAMAGED_ATTEMPTS + 1; attempt += 1) {
      expect(await core.syncNow({})).toMatchObject({ online: false, lastError: 'response.unsigned' });
      expect(feedCursor(db)).toBe(1);
      expect((await core.getCatalog({})).version).toBe('fixture-1');
    }
    // Never counted as a refusal of the version: it is not passed however long the link misbehaves.
    expect(db.prepare('SELECT code FROM catalog_refusals').all()).toEqual([]);
    cut = false;
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: null });
    expect((await core.getCatalog({})).version).toBe('fixture-2');
    expect(feedCursor(db)).toBe(2);
  });

  it('refuses a corrupt catalog (its hash is not the one announced) and passes it after the last try', async () => {
    const { central, url } = await harness.central();
    const { core, dataDir } = harness.kiosk(url);
    await harness.enroll(core, central);
    await core.syncNow({});
    publishCatalog(central.db, nextCatalog(), new Date());
    // A flipped price in the stored JSON: still valid JSON and a valid catalog, but not what was published.
    central.db
      .prepare("UPDATE catalog_versions SET json = replace(json, '\"amount\":510', '\"amount\":51') WHERE version = 'fixture-2'")
      .run();

    const db = harness.kioskDb(dataDir);
    for (let attempt = 1; attempt <= MAX_DAMAGED_ATTEMPTS; attempt += 1) {
      expect(await core.syncNow({})).toMatchObject({ online: true, lastError: 'catalog.refused' });
      expect((await core.getCatalog({})).version).toBe('fixture-1');
    }
    expect(db.prepare('SELECT code, attempts, skipped FROM catalog_refusals').all()).toEqual([
      { code: 'catalog.hashMismatch', attempts: MAX_DAMAGED_ATTEMPTS, skipped: 1 },
    ]);
    expect(feedCursor(db)).toBe(2);
    expect(await core.syncNow({})).toMatchObject({ lastError: null });
  });

  it('refuses a version older than its current one and keeps the current one', async () => {
    // The service's first version predates the snapshot this kiosk was shipped with.
    const { central, url } = await harness.central(nextCatalog('central-0', '2026-01-01T00:00:00Z'));
    const { core, events, dataDir } = harness.kiosk(url);
    await harness.enroll(core, central);
    expect(await core.getSyncState({})).toMatchObject({ lastError: 'catalog.refused' });
    expect((await core.getCatalog({})).version).toBe('fixture-1');
    expect(events.some((e) => e.type === 'catalogChanged')).toBe(false);
    const db = harness.kioskDb(dataDir);
    expect(db.prepare('SELECT version, code, skipped FROM catalog_refusals').all()).toEqual([
      { version: 'central-0', code: 'catalog.notNewer', skipped: 1 },
    ]);
    expect(feedCursor(db)).toBe(1);
  });

  it('does not move the cursor when the local commit fails, and does after it succeeds', async () => {
    const { central, url } = await harness.central();
    const { core, events, dataDir } = harness.kiosk(url);
    await harness.enroll(core, central);
    await core.syncNow({});
    publishCatalog(central.db, nextCatalog(), new Date());

    // The store step fails inside the switching transaction, as a full disk would make it.
    const db = harness.kioskDb(dataDir);
    db.exec("CREATE TRIGGER failing_store BEFORE INSERT ON catalog_versions BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: 'catalog.commitFailed' });
    expect(feedCursor(db)).toBe(1);
    expect(activeVersions(db)).toEqual([]);
    expect((await core.getCatalog({})).version).toBe('fixture-1');
    expect(events.some((e) => e.type === 'catalogChanged')).toBe(false);

    db.exec('DROP TRIGGER failing_store');
    expect(await core.syncNow({})).toMatchObject({ online: true, lastError: null });
    expect(feedCursor(db)).toBe(2);
    expect(activeVersions(db)).toEqual(['fixture-2']);
    expect(events).toContainEqual({ type: 'catalogChanged', version: 'fixture-2' });
  });

  it('submits a draft started on form version 1 after version 2 is active, and the service accepts it', async () => {
    const { central, url } = await harness.central();
    const { core } = harness.kiosk(url);
    await harness.enroll(core, central);
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    expect(draft.formVersion).toBe(1);
    await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
    const { code } = await core.suspendDraft({ id: draft.id });

    publishCatalog(central.db, nextCatalog(), new Date());
    await core.syncNow({});
    expect((await core.getCatalog({})).version).toBe('fixture-2');
    // A new draft is on the new form…
    expect((await core.createDraft({ serviceId: 'id-card', variantId: 'normal' })).formVersion).toBe(2);
    await core.endSession({});

    // …the old one, opened again with its code, keeps its own, and is validated and sent with it (version 1 has no fatherName field).
    expect(await core.resumeDraft({ code })).toMatchObject({ id: draft.id, formVersion: 1, migration: null });
    const receipt = await core.submitApplication({ draftId: draft.id, consent: true });
    expect(receipt).toMatchObject({ formVersion: 1, catalogVersion: 'fixture-2' });
    expect(await core.syncNow({})).toMatchObject({ waiting: 0, lastError: null });
    expect((await core.getReceipt({ applicationId: receipt.applicationId })).delivery).toBe('accepted');
    expect(listReceivedApplications(central.db).map((a) => a.id)).toEqual([receipt.applicationId]);
  });
});
