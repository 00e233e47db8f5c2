import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { KioskEvent, Receipt } from '../../src-shared/contract';
import { KioskError } from '../../src-shared/errors';
import { keepVisibleAnswers, validateAnswers } from '../../src-shared/forms/engine';
import { createApplicationStore } from './applications/applications';
import { createAttachmentService, filesOfFields, keepStoredFiles } from './attachments/attachments';
import { createAttachmentStore } from './attachments/store';
import { loadCatalogSnapshot, resolveDraftChoice, resolveServiceChoice } from './catalog/catalog';
import { createCatalogStore } from './catalog/versions';
import { durably, openKioskDatabase } from './db/database';
import { createDraftStore } from './drafts/drafts';
import { createIdentityStore } from './enrollment/identity';
import { uuidFromBytes } from './ids';
import { createOffload } from './offload/offload';
import { createSampleForms, defaultNotoSansDir } from './printing/sample-form';
import { createSessionStore } from './session/session';
import { createCentralClient, CentralFailure } from './sync/central-client';
import { createSyncEngine } from './sync/engine';
import { generateKioskKeys } from './sync/signer';
import type { Core, CoreOptions } from './types';

export type { Core, CoreOptions } from './types';

/** Builds the whole kiosk behaviour; both shells are thin adapters over what this returns. */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? (() => new Date());
  const randomBytes = options.randomBytes ?? nodeRandomBytes;
  const log = options.log ?? (() => {});
  const nowIso = () => clock().toISOString();
  const newId = () => uuidFromBytes(randomBytes(16));

  const snapshot = loadCatalogSnapshot(options.catalogSnapshotPath);
  const db = openKioskDatabase(options.dataDir);
  // The active catalog: the newest verified version fetched, or the snapshot on a kiosk never online.
  const catalogs = createCatalogStore(db, snapshot, log);
  const identity = createIdentityStore(db, randomBytes);
  const session = createSessionStore(db);
  const drafts = createDraftStore(db);
  const applications = createApplicationStore(db, identity.installCode);
  const attachmentStore = createAttachmentStore(db, options.dataDir);
  const offload = createOffload({ notoSansDir: options.notoSansDir ?? defaultNotoSansDir(), workerPath: options.workerPath });
  const attachments = createAttachmentService({
    db,
    drafts,
    catalogs,
    store: attachmentStore,
    scannerDir: options.scannerDir ?? null,
    offload,
    maxBytes: options.attachmentMaxBytes,
    maxPixels: options.attachmentMaxPixels,
    nowIso,
    log,
  });

  const listeners = new Set<(event: KioskEvent) => void>();
  const emit = (event: KioskEvent) => {
    for (const listener of listeners) listener(event);
  };

  const client = options.centralUrl
    ? createCentralClient({
        baseUrl: options.centralUrl,
        fetch: options.fetch ?? globalThis.fetch,
        now: () => new Date(clock().getTime() + identity.clockOffsetMs()),
        nonce: () => randomBytes(16).toString('base64url'),
      })
    : null;

  const sync = createSyncEngine({
    applications,
    attachments: attachmentStore,
    catalogs,
    identity,
    client,
    clock,
    random: () => randomBytes(4).readUInt32BE(0) / 2 ** 32,
    emit,
    log,
    intervalMs: options.syncIntervalMs ?? 30_000,
    maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
  });

  const terminalName = options.terminalName ?? hostname();
  const sampleForms = createSampleForms({
    dataDir: options.dataDir,
    offload,
    printPdf: options.printPdf,
    clock,
    log,
  });

  const core: Core = {
    async getKioskStatus() {
      return {
        terminalName,
        officeName: identity.enrolled()?.officeName ?? null,
        catalogVersion: catalogs.active().version,
        idleSeconds: options.idleSeconds ?? 90,
        idleWarningSeconds: Math.max(20, options.idleWarningSeconds ?? 30),
        defaultLanguage: 'ky',
      };
    },

    async getCatalog() {
      return catalogs.active();
    },

    async getSession() {
      return session.current();
    },

    async setLanguage({ language }) {
      session.setLanguage(language);
      const { activeDraftId } = session.current();
      if (activeDraftId) drafts.setLanguage(activeDraftId, language);
      return session.current();
    },

    async endSession() {
      session.end();
      return session.current();
    },

    async createDraft({ serviceId, variantId }) {
      const { form } = resolveServiceChoice(catalogs.active(), serviceId, variantId);
      const { language } = session.current();
      const draft = db.transaction(() => {
        const created = drafts.create({
          id: newId(),
          serviceId,
          variantId,
          formId: form.id,
          formVersion: form.version,
          language,
          now: nowIso(),
        });
        session.setActiveDraft(created.id);
        return created;
      })();
      log('draft.created', { draftId: draft.id, serviceId });
      return draft;
    },

    async saveDraft({ id, answers, pageId }) {
      return db.transaction(() => drafts.save(id, keepStoredFiles(drafts.load(id).answers, answers), pageId, nowIso()))();
    },

    async loadDraft({ id }) {
      return drafts.load(id);
    },

    async listDrafts() {
      return drafts.list();
    },

    async deleteDraft({ id }) {
      const deleted = db.transaction(() => {
        const released = attachmentStore.releaseDraft(id);
        return { gone: drafts.delete(id), released };
      })();
      attachmentStore.collect(deleted.released);
      if (session.current().activeDraftId === id) session.setActiveDraft(null);
      return { deleted: deleted.gone };
    },

    async submitApplication({ draftId }): Promise<Receipt> {
      const draft = drafts.load(draftId);
      // The draft's own form version, even after a newer catalog became active.
      const { variant, form, catalogVersion } = resolveDraftChoice(catalogs, draft);
      const answers = keepVisibleAnswers(form, draft.answers);
      const errors = validateAnswers(form, answers, { today: clock() });
      if (errors.length > 0) throw new KioskError('application.invalid', errors);
      const files = filesOfFields(form.pages.flatMap((page) => page.fields), answers).map((file) => file.sha256);
      // Only files attached through this draft: a renderer cannot name someone else's file by its hash.
      const held = attachmentStore.draftHolds(draftId);
      if (files.some((sha256) => !held.has(sha256))) throw new KioskError('attachment.notFound');
      let released: string[] = [];
      const receipt = durably(db, () => {
        const submitted = applications.submit({
          id: newId(),
          draft,
          answers,
          catalogVersion,
          price: variant.price,
          term: variant.term,
          submittedAt: nowIso(),
        });
        released = attachmentStore.moveDraftToApplication(draftId, submitted.applicationId, files);
        session.setActiveDraft(null);
        return submitted;
      });
      attachmentStore.collect(released);
      log('application.submitted', { applicationId: receipt.applicationId, serviceId: receipt.serviceId });
      sync.outboxChanged();
      return receipt;
    },

    async getReceipt({ applicationId }) {
      return applications.receipt(applicationId);
    },

    async sampleForm(request) {
      return sampleForms.render(catalogs.active(), request);
    },

    async printSampleForm(request) {
      return sampleForms.print(catalogs.active(), request);
    },

    async listScannerFiles() {
      return attachments.listScannerFiles();
    },

    async attachScannedFile({ draftId, fieldId, fileName }) {
      return attachments.attachScannedFile(draftId, fieldId, fileName);
    },

    async attachUploadedFile({ draftId, fieldId, fileName, dataBase64 }) {
      return attachments.attachUploadedFile(draftId, fieldId, fileName, dataBase64);
    },

    async removeAttachment({ draftId, fieldId, sha256 }) {
      return attachments.removeAttachment(draftId, fieldId, sha256);
    },

    async attachmentThumbnail({ sha256 }) {
      return attachments.thumbnail(sha256);
    },

    async getSyncState() {
      return sync.state();
    },

    async syncNow() {
      return sync.syncNow();
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async enroll(code) {
      if (!client) throw new KioskError('enroll.failed');
      const keys = generateKioskKeys();
      try {
        const answer = await client.enroll({ code, publicKey: keys.publicKey, terminalName });
        identity.saveEnrollment(answer.kioskId, answer.officeName, keys, nowIso());
        identity.setClockOffsetMs(new Date(answer.serverTime).getTime() - clock().getTime());
        log('kiosk.enrolled', { kioskId: answer.kioskId });
      } catch (error) {
        log('kiosk.enrollFailed', { code: error instanceof CentralFailure ? error.code : 'internal' });
        throw new KioskError('enroll.failed');
      }
      await sync.syncNow();
    },

    isEnrolled() {
      return identity.enrolled() !== null;
    },

    startSync() {
      sync.start();
    },

    async close() {
      await sync.stop();
      await offload.close();
      listeners.clear();
      db.close();
    },
  };
  return core;
}
