import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { KioskSettings } from '../../src-shared/clerks/views';
import { LOOKUP_CODE_LENGTH, formatPlainCode, randomPlainCode } from '../../src-shared/codes';
import type { Draft, KioskEvent, Receipt } from '../../src-shared/contract';
import { KioskError } from '../../src-shared/errors';
import { DEFAULT_LANGUAGE } from '../../src-shared/language';
import { keepVisibleAnswers, validateAnswers } from '../../src-shared/forms/engine';
import { openLocalCopy } from './accounts/account-drafts';
import { createAccounts } from './accounts/accounts';
import { createCentralAccounts } from './accounts/central-accounts';
import { createApplicationStore } from './applications/applications';
import { createOutboxReader, type OutboxReader } from './applications/outbox-reader';
import { checkStatus, lookupCodeOf } from './applications/status-check';
import { createStatusStore } from './applications/statuses';
import { createAttachmentService, filesOfFields, keepStoredFiles } from './attachments/attachments';
import { createAttachmentStore } from './attachments/store';
import { loadCatalogSnapshot, resolveDraftChoice, resolveServiceChoice } from './catalog/catalog';
import { createCatalogStore } from './catalog/versions';
import { durably, openKioskDatabase, openReaderConnection, pauseAutoCheckpoint, type KioskDatabase } from './db/database';
import { createDraftStore } from './drafts/drafts';
import { createDraftMigrator } from './drafts/form-migration';
import { removeDraft } from './drafts/removal';
import { createResumeCodes } from './drafts/resume';
import { createAuditLog } from './audit/audit-log';
import { createClerkCalls } from './clerks/clerk-calls';
import { createClerkFind } from './clerks/clerk-find';
import { createClerkList } from './clerks/clerk-list';
import { createClerkMode } from './clerks/clerks';
import { createClerkSession } from './clerks/clerk-session';
import { createClerkSync } from './clerks/clerk-sync';
import { createIdentityConfirmations } from './clerks/identity-confirmations';
import { createLoginLocks } from './clerks/login-locks';
import { createPinChecker } from './clerks/pin-check';
import { createEnrollment } from './enrollment/enroll';
import { createIdentityStore } from './enrollment/identity';
import { uuidFromBytes } from './ids';
import { createOffload } from './offload/offload';
import { printoutsDir } from './printing/printouts';
import { qrCode } from './printing/qr';
import { createReceiptPrinting } from './printing/receipts';
import { createSampleForms, defaultNotoSansDir } from './printing/sample-form';
import {
  DEFAULT_APPLICATION_RETENTION_DAYS,
  DEFAULT_DRAFT_RETENTION_DAYS,
  createRetention,
  retentionDays,
} from './retention/purge';
import { createSessionStore } from './session/session';
import { createSettingsStore } from './settings/kiosk-settings';
import { createKioskSettings } from './settings/settings-service';
import { createCentralClient } from './sync/central-client';
import { createSyncEngine } from './sync/engine';
import type { AuditActor } from './audit/audit-log';
import type { Core, CoreOptions, PrintJob } from './types';

export type { Core, CoreOptions } from './types';

/** The settings a kiosk starts with before an admin changes any: the launch options, else the defaults. */
function launchSettings(options: CoreOptions, log: NonNullable<CoreOptions['log']>): KioskSettings {
  return {
    defaultLanguage: DEFAULT_LANGUAGE,
    idleSeconds: options.idleSeconds ?? 90,
    idleWarningSeconds: Math.max(20, options.idleWarningSeconds ?? 30),
    printerName: options.printerName ?? null,
    scannerDir: options.scannerDir ?? null,
    draftRetentionDays: retentionDays(options.draftRetentionDays, DEFAULT_DRAFT_RETENTION_DAYS, 1, 'draftRetentionDays', log),
    applicationRetentionDays: retentionDays(
      options.applicationRetentionDays,
      DEFAULT_APPLICATION_RETENTION_DAYS,
      0,
      'applicationRetentionDays',
      log,
    ),
    centralUrl: options.centralUrl,
    terminalName: options.terminalName ?? hostname(),
  };
}

/** Builds the whole kiosk behaviour; both shells are thin adapters over what this returns. */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? (() => new Date());
  const randomBytes = options.randomBytes ?? nodeRandomBytes;
  const log = options.log ?? (() => {});
  const nowIso = () => clock().toISOString();
  const newId = () => uuidFromBytes(randomBytes(16));

  const snapshot = loadCatalogSnapshot(options.catalogSnapshotPath);
  const db = openKioskDatabase(options.dataDir);
  const audit = createAuditLog(db, nowIso);
  // The active catalog: the newest verified version fetched, or the snapshot on a kiosk never online.
  const catalogs = createCatalogStore(db, snapshot, log, audit);
  const identity = createIdentityStore(db, randomBytes);
  const clerkSession = createClerkSession();
  /** Set once the retention exists: a shorter retention set by an admin starts a purge at once. */
  let purgeSoon = () => {};
  const settings = createKioskSettings({
    db,
    store: createSettingsStore(db, launchSettings(options, log), log),
    audit,
    nowIso,
    log,
    changed(names) {
      if (names.includes('draftRetentionDays') || names.includes('applicationRetentionDays')) purgeSoon();
    },
  });
  const clerkList = createClerkList(db);
  const identityConfirmations = createIdentityConfirmations(db);
  /** The citizen at the kiosk, as the audit log names them: a random id, renewed when the session ends. */
  let citizenSessionId = newId();
  /** Who does what now: the signed-in clerk, else the citizen's session. */
  const actor = (): AuditActor => {
    const clerk = clerkSession.current()?.clerk;
    return clerk ? { kind: 'clerk', clerkId: clerk.clerkId } : { kind: 'citizen', sessionId: citizenSessionId };
  };
  const session = createSessionStore(db, () => settings.inForce().defaultLanguage);
  const drafts = createDraftStore(db, { retentionDays: () => settings.inForce().draftRetentionDays });
  const resumeCodes = createResumeCodes(db, randomBytes);
  const applications = createApplicationStore(db, identity.installCode);
  const newLookupCode = () => randomPlainCode(randomBytes, LOOKUP_CODE_LENGTH);
  applications.backfillLookupCodes(newLookupCode);
  const statuses = createStatusStore(db);
  const attachmentStore = createAttachmentStore(db, options.dataDir);
  const migrator = createDraftMigrator({ db, drafts, catalogs, attachments: attachmentStore, clock, log });
  const removal = { db, drafts, attachments: attachmentStore, session };
  const retention = createRetention({
    db,
    drafts,
    applications,
    attachments: attachmentStore,
    session,
    clock,
    printoutsDir: options.printoutsDir ?? printoutsDir(options.dataDir),
    applicationRetentionDays: () => settings.inForce().applicationRetentionDays,
    audit,
    log,
  });
  purgeSoon = retention.purgeSoon;
  const offload = createOffload({ notoSansDir: options.notoSansDir ?? defaultNotoSansDir(), workerPath: options.workerPath });
  const attachments = createAttachmentService({
    db,
    drafts,
    catalogs,
    store: attachmentStore,
    scannerDir: settings.inForce().scannerDir,
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

  const centralUrl = settings.inForce().centralUrl;
  const client = centralUrl
    ? createCentralClient({
        baseUrl: centralUrl,
        fetch: options.fetch ?? globalThis.fetch,
        now: () => new Date(clock().getTime() + identity.clockOffsetMs()),
        nonce: () => randomBytes(16).toString('base64url'),
        servicePublicKey: () => identity.servicePublicKey(),
      })
    : null;

  /** The sync's reading of the outbox, on a connection of its own: opened when the first round sends. */
  let outboxReading: { connection: KioskDatabase; reader: OutboxReader } | null = null;
  const outboxReader = (): OutboxReader => {
    if (!outboxReading) {
      const connection = openReaderConnection(db);
      outboxReading = { connection, reader: createOutboxReader(connection) };
    }
    return outboxReading.reader;
  };

  const clerkSync = createClerkSync({
    db,
    list: clerkList,
    confirmations: identityConfirmations,
    catalogs,
    audit,
    nowIso,
    log,
    listReplaced: () => clerkMode.listReplaced(),
  });

  const sync = createSyncEngine({
    applications,
    attachments: attachmentStore,
    catalogs,
    statuses,
    clerks: clerkSync,
    identity,
    audit,
    client,
    clock,
    random: () => randomBytes(4).readUInt32BE(0) / 2 ** 32,
    emit,
    log,
    intervalMs: options.syncIntervalMs ?? 30_000,
    maxBackoffMs: options.maxBackoffMs ?? 5 * 60_000,
    schedule: options.syncSchedule,
    pauseAutoCheckpoint: () => pauseAutoCheckpoint(db, offload.checkpointElsewhere),
    outboxReader,
  });

  const enrollment = createEnrollment({ db, identity, audit, client, clock, log, identityChanged: () => clerkList.forget() });

  /** The shell's printer, given the printer this run uses (read once at start, like the settings file's). */
  const printerName = settings.inForce().printerName;
  const shellPrinter = options.printPdf;
  const printPdf = shellPrinter && ((pdf: Buffer, job: PrintJob) => shellPrinter(pdf, job, printerName));
  const sampleForms = createSampleForms({ dataDir: options.dataDir, offload, printPdf, clock, log });
  const receipts = createReceiptPrinting({ dataDir: options.dataDir, offload, printPdf, clock, log });

  /** A draft that still exists for the citizen: an expired one is deleted on sight, as the purge would. */
  function liveDraft(id: string): Draft {
    const draft = drafts.load(id);
    if (!drafts.isExpired(draft, clock())) return draft;
    removeDraft(removal, id);
    log('draft.expired', { draftId: id });
    throw new KioskError('draft.notFound');
  }

  /**
   * The draft open in this session. A renderer reaches no other draft by its
   * id: only a resume code opens one (rate limited), so a UUID seen in a log
   * or a screen opens nothing.
   */
  function sessionDraft(id: string): Draft {
    if (session.current().activeDraftId !== id) throw new KioskError('draft.notFound');
    return liveDraft(id);
  }

  /** A draft as it opens: on the current form version when its own is no longer accepted. */
  const openDraft = (id: string) => migrator.migrateIfNeeded(sessionDraft(id));

  /**
   * Before another draft becomes the session's: the open one is deleted when
   * it was never given a resume code, since no citizen could open it again.
   */
  function letGoOfOpenDraft(): void {
    const { activeDraftId } = session.current();
    if (activeDraftId && !resumeCodes.hasCode(activeDraftId)) removeDraft(removal, activeDraftId);
  }

  const accounts = createAccounts({
    central: createCentralAccounts({ ask: sync.ask }),
    clock,
    language: () => session.current().language,
    drafts: {
      stored: sessionDraft,
      opened: (id) => openDraft(id).draft,
      openDraftId: () => session.current().activeDraftId,
      formFor: (formId, version) => catalogs.formFor(formId, version),
      openCopy: (kept) =>
        openDraft(openLocalCopy({ db, drafts, session, catalogs, newId, nowIso, letGoOfOpenDraft }, kept)).draft,
      letGo(localIds) {
        const { activeDraftId } = session.current();
        if (activeDraftId === null || !localIds.has(activeDraftId)) return;
        // A draft the account holds leaves with the account: the next person at the kiosk does not find it open.
        letGoOfOpenDraft();
        session.setActiveDraft(null);
      },
    },
    emit,
    log,
  });

  /** A draft created or filled while a clerk is signed in was filled with a clerk's help. */
  function markAssistedByClerk(draftId: string): void {
    const clerk = clerkSession.current()?.clerk;
    if (clerk) drafts.markAssisted(draftId, clerk.clerkId);
  }

  const clerkMode = createClerkMode({
    db,
    session: clerkSession,
    list: clerkList,
    locks: createLoginLocks(db),
    pins: createPinChecker(),
    calls: createClerkCalls(db),
    find: createClerkFind({
      db,
      drafts,
      resumeCodes,
      applications,
      confirmations: identityConfirmations,
      formFor: (formId, version) => catalogs.formFor(formId, version),
      clock,
    }),
    confirmations: identityConfirmations,
    applications,
    identity,
    audit,
    ask: sync.ask,
    citizen: () => ({ kind: 'citizen', sessionId: citizenSessionId }),
    openDraftFor(draftId, clerkId, inTransaction) {
      liveDraft(draftId);
      if (session.current().activeDraftId !== draftId) letGoOfOpenDraft();
      db.transaction(() => {
        session.setActiveDraft(draftId);
        drafts.markAssisted(draftId, clerkId);
        inTransaction();
      })();
      return openDraft(draftId).draft;
    },
    endCitizenSession: () => core.endSession({}),
    clock,
    newId,
    emit,
    log,
  });

  /** The outbox as a clerk sees it; the contract's methods ask for a clerk first. */
  const readOutbox = () => ({ items: applications.outbox() });
  function offerAgain(applicationId: string) {
    const before = applications.outboxItem(applicationId);
    const item = applications.offerAgain(applicationId, nowIso());
    if (before.delivery !== 'accepted') {
      log('application.offeredAgain', { applicationId, was: before.delivery });
      sync.outboxChanged();
    }
    return item;
  }

  /** Inside the submit's transaction, so the check and the insert see the same rows. */
  function unusedLookupCode(): string {
    let code = newLookupCode();
    while (applications.lookupCodeTaken(code)) code = newLookupCode();
    return code;
  }

  const core: Core = {
    async getKioskStatus() {
      const { terminalName, idleSeconds, idleWarningSeconds, defaultLanguage } = settings.inForce();
      return {
        terminalName,
        officeName: identity.enrolled()?.officeName ?? null,
        catalogVersion: catalogs.active().version,
        idleSeconds,
        idleWarningSeconds,
        defaultLanguage,
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
      // The account session is forgotten at once (its open draft let go of), then ended at the service.
      const accountEnded = accounts.endSession();
      session.end();
      clerkMode.sessionEnded();
      citizenSessionId = newId();
      await accountEnded;
      return session.current();
    },

    async createDraft({ serviceId, variantId }) {
      const { form } = resolveServiceChoice(catalogs.active(), serviceId, variantId);
      letGoOfOpenDraft();
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
        markAssistedByClerk(created.id);
        return created;
      })();
      log('draft.created', { draftId: draft.id, serviceId });
      return draft;
    },

    async saveDraft({ id, answers, pageId }) {
      const stored = sessionDraft(id);
      return db.transaction(() => {
        markAssistedByClerk(id);
        return drafts.save(id, keepStoredFiles(stored.answers, answers), pageId, nowIso());
      })();
    },

    async loadDraft({ id }) {
      return openDraft(id).draft;
    },

    async deleteDraft({ id }) {
      sessionDraft(id);
      return { deleted: removeDraft(removal, id, () => audit.record({ actor: actor(), action: 'draft.deleted', target: id })) };
    },

    async suspendDraft({ id }) {
      sessionDraft(id);
      const code = db.transaction(() => {
        const issued = resumeCodes.issue(id, clock());
        // The citizen walks away: nothing stays open for the next person.
        session.setActiveDraft(null);
        return issued;
      })();
      log('draft.suspended', { draftId: id });
      return { draftId: id, code: formatPlainCode(code), expiresAt: drafts.load(id).expiresAt };
    },

    async resumeDraft({ code }) {
      const now = clock();
      const draftId = resumeCodes.open(code, now, (id) => !drafts.isExpired(drafts.load(id), now));
      if (session.current().activeDraftId !== draftId) {
        letGoOfOpenDraft();
        session.setActiveDraft(draftId);
      }
      const { draft } = openDraft(draftId);
      log('draft.resumed', { draftId, migrated: draft.migration !== null });
      return draft;
    },

    async printResumeSlip({ draftId, code, language }) {
      const current = resumeCodes.currentCode(draftId, code);
      if (current === null) throw new KioskError('resume.notFound');
      const draft = liveDraft(draftId);
      const ticket = { draftId, code: formatPlainCode(current), expiresAt: draft.expiresAt };
      return receipts.printResumeSlip(catalogs.active(), draft, ticket, language);
    },

    async submitApplication({ draftId }): Promise<Receipt> {
      const { draft, migratedNow } = openDraft(draftId);
      // The citizen must see what the newer form changed before anything is sent.
      if (migratedNow) throw new KioskError('draft.migrated');
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
        const assistedBy = drafts.assistedBy(draftId);
        const submitted = applications.submit({
          id: newId(),
          lookupCode: unusedLookupCode(),
          draft,
          answers,
          catalogVersion,
          price: variant.price,
          term: variant.term,
          submittedAt: nowIso(),
          assistedBy,
        });
        released = attachmentStore.moveDraftToApplication(draftId, submitted.applicationId, files);
        session.setActiveDraft(null);
        audit.record({
          actor: actor(),
          action: 'application.submitted',
          target: submitted.applicationId,
          details: { serviceId: submitted.serviceId, assistedBy },
        });
        return submitted;
      });
      attachmentStore.collect(released);
      log('application.submitted', { applicationId: receipt.applicationId, serviceId: receipt.serviceId });
      sync.outboxChanged();
      try {
        accounts.applicationSubmitted(receipt, draftId);
      } catch (error) {
        log('account.linkFailed', { applicationId: receipt.applicationId, code: error instanceof KioskError ? error.code : 'internal' });
      }
      return receipt;
    },

    async getReceipt({ applicationId }) {
      return applications.receipt(applicationId);
    },

    async receiptPdf({ applicationId, language }) {
      return receipts.receiptPdf(catalogs.active(), applications.receipt(applicationId), language);
    },

    async printReceipt({ applicationId, language }) {
      return receipts.printReceipt(catalogs.active(), applications.receipt(applicationId), language);
    },

    async lookupQr({ lookupCode }) {
      return qrCode(lookupCodeOf(lookupCode));
    },

    async checkStatus({ lookupCode }) {
      return checkStatus({ applications, statuses, ask: sync.ask, nowIso, log }, lookupCode);
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
      sessionDraft(draftId);
      return attachments.attachScannedFile(draftId, fieldId, fileName);
    },

    async attachUploadedFile({ draftId, fieldId, fileName, dataBase64 }) {
      sessionDraft(draftId);
      return attachments.attachUploadedFile(draftId, fieldId, fileName, dataBase64);
    },

    async removeAttachment({ draftId, fieldId, sha256 }) {
      sessionDraft(draftId);
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

    async getOutbox() {
      clerkSession.require();
      return readOutbox();
    },

    async retryApplication({ applicationId }) {
      const clerk = clerkSession.require();
      const item = offerAgain(applicationId);
      audit.record({ actor: { kind: 'clerk', clerkId: clerk.clerkId }, action: 'application.offeredAgain', target: applicationId });
      return item;
    },

    outbox: readOutbox,

    offerAgain,

    ...accounts.api,

    ...clerkMode.api,

    async getKioskSettings() {
      clerkSession.require();
      return settings.view();
    },

    async updateKioskSettings(input) {
      const { clerkId } = clerkSession.require('admin');
      return settings.update(input, clerkId);
    },

    async getEnrollment() {
      clerkSession.require();
      return enrollment.view(settings.inForce().terminalName);
    },

    async enrollKiosk({ code, terminalName }) {
      const clerk = clerkSession.current()?.clerk ?? null;
      if (!enrollment.open()) {
        // An enrolled kiosk's identity is an admin's to replace; the entry screen offers no enrollment then.
        if (clerk === null) throw new KioskError('enroll.notAllowed');
        clerkSession.require('admin');
      }
      await enrollment.enroll({
        code,
        terminalName,
        actor: clerk ? { kind: 'clerk', clerkId: clerk.clerkId } : { kind: 'system' },
        alongside: () => settings.saveTerminalName(terminalName),
      });
      await sync.syncNow();
      return enrollment.view(settings.inForce().terminalName);
    },

    async exitKioskMode() {
      const { clerkId } = clerkSession.require('admin');
      audit.record({ actor: { kind: 'clerk', clerkId }, action: 'kiosk.maintenanceExit' });
      log('kiosk.maintenanceExit', { clerkId });
      options.onMaintenanceExit?.();
      return { exiting: true as const };
    },

    async verifyAuditLog() {
      clerkSession.require();
      return audit.verify();
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async enroll(code) {
      await enrollment.enroll({ code, terminalName: settings.inForce().terminalName, actor: { kind: 'system' } });
      await sync.syncNow();
    },

    settingsInForce() {
      return settings.inForce();
    },

    isEnrolled() {
      return identity.enrolled() !== null;
    },

    purgeNow() {
      return retention.purgeNow();
    },

    startSync() {
      sync.start();
    },

    async close() {
      await accounts.close();
      await retention.stop();
      await sync.stop();
      await offload.close();
      listeners.clear();
      outboxReading?.connection.close();
      db.close();
    },
  };
  retention.start();
  return core;
}
