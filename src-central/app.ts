import Fastify, { type FastifyInstance } from 'fastify';
import type { Catalog } from '../src-shared/catalog/schema';
import type { AccountsDeps } from './accounts/flows';
import { MAINTENANCE_INTERVAL_MS, type MaintenanceReport, runAccountMaintenance } from './accounts/maintenance';
import { DEFAULT_SCRYPT, type ScryptParameters } from './accounts/passwords';
import { registerAccountRoutes } from './accounts/routes';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from './accounts/sessions';
import { type BatchStore, createBatchStore } from './applications/batch';
import { inProcessJudge, threadJudge } from './applications/judging';
import { registerApplicationRoutes, registerStatusRoutes } from './applications/routes';
import { attachmentsDirOf } from './attachments/store';
import { registerAttachmentRoutes } from './attachments/routes';
import { ensureServiceKey } from './auth/service-key';
import { signAnswers } from './auth/signed-answers';
import { DEFAULT_SIGNATURE_WINDOW_SECONDS } from './auth/signed-requests';
import { createPublishedCatalogs } from './catalog/published';
import { registerCatalogRoutes } from './catalog/routes';
import { inlineCheckpoints, threadCheckpointer } from './checkpoints';
import { registerClerkRoutes } from './clerks/routes';
import { publishDefaultCatalog } from './catalog/versions';
import { type CentralDatabase, openCentralDatabase } from './database';
import { type CentralEffects, type CentralLog, defaultEffects } from './effects';
import { registerEnrollmentRoutes } from './enrollment/routes';
import { registerFeedRoutes } from './feed/routes';
import { MAX_BODY_BYTES, answerErrorsWithCodes, keepRawJsonBodies } from './requests';
import { registerTermsRoutes } from './terms/routes';
import { type TermsTexts, publishDefaultTerms } from './terms/terms';

export interface CentralOptions {
  dbPath: string;
  /** The embedded default catalog: published as the first version when the database has none. */
  catalog: Catalog;
  clock?: () => Date;
  randomBytes?: (size: number) => Buffer;
  /** How far a signed request's time may be from our clock, in seconds (default 300). */
  signatureWindowSeconds?: number;
  log?: CentralLog;
  /** Where uploaded attachments are kept (default: `attachments/` beside the database). */
  attachmentsDir?: string;
  /** The bundled terms of use: published as the first edition when the database has none. */
  terms?: TermsTexts;
  /** scrypt's parameters for new password hashes (default DEFAULT_SCRYPT; tests use cheap ones). */
  passwordHashing?: ScryptParameters;
  sessionLimits?: SessionLimits;
  /** How often the accounts' maintenance runs (purge, links by ПИН…); 0: only when asked (default hourly). */
  maintenanceIntervalMs?: number;
  /**
   * A script that calls `serveJudging` on a worker thread: batches are then
   * judged there while this thread stores (the built server passes itself).
   * Without one they are judged in process, as the tests do.
   */
  judgeWorker?: URL;
  /** A script that calls `serveCheckpoints` on a worker thread, which then copies the log into the database file. */
  checkpointWorker?: URL;
}

export interface Central {
  app: FastifyInstance;
  db: CentralDatabase;
  /** The key kiosks pin at enrollment (SPKI DER, base64); every answer to a signed request is signed with its pair. */
  servicePublicKey: string;
  /** Runs the accounts' maintenance now (it also runs every `maintenanceIntervalMs`). */
  runMaintenance(): MaintenanceReport;
  close(): Promise<void>;
}

function registerHealth(app: FastifyInstance, effects: CentralEffects): void {
  // Unsigned and cheap: the kiosk's probe for "is the link up".
  app.get('/v1/health', async () => ({ status: 'ok', serverTime: effects.clock().toISOString() }));
}

/** Every answer carries our time, so a kiosk can measure its clock offset from any response. */
function stampDate(app: FastifyInstance, effects: CentralEffects): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('date', effects.clock().toUTCString());
    return payload;
  });
}

/** A failing run is logged and tried again at the next interval; it never stops the service. */
function runMaintenanceSafely(run: () => MaintenanceReport, effects: CentralEffects): void {
  try {
    run();
  } catch (error) {
    effects.log('accounts.maintenanceFailed', { error: error instanceof Error ? error.name : 'unknown' });
  }
}

export function createCentral(options: CentralOptions): Central {
  const effects = defaultEffects({ clock: options.clock, randomBytes: options.randomBytes, log: options.log });
  const windowSeconds = options.signatureWindowSeconds ?? DEFAULT_SIGNATURE_WINDOW_SECONDS;
  const db = openCentralDatabase(options.dbPath);
  publishDefaultCatalog(db, options.catalog, effects.clock());
  if (options.terms) publishDefaultTerms(db, options.terms, effects.clock());
  const serviceKey = ensureServiceKey(db, { randomBytes: effects.randomBytes, now: effects.clock() });
  const catalogs = createPublishedCatalogs(db, options.catalog);
  // The store is made below, once the checkpoints are; the judge asks it only when a batch comes.
  let batches: BatchStore | null = null;
  const judge = options.judgeWorker
    ? threadJudge(
        options.judgeWorker,
        { role: 'judge', dbPath: options.dbPath, fallbackCatalog: options.catalog },
        catalogs,
        effects.log,
        () => batches?.storing() ?? false,
      )
    : inProcessJudge(catalogs);
  const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES });
  keepRawJsonBodies(app);
  answerErrorsWithCodes(app, effects.log);
  stampDate(app, effects);
  signAnswers(app, serviceKey, effects.log);
  registerHealth(app, effects);
  registerEnrollmentRoutes(app, { db, effects, windowSeconds, servicePublicKey: serviceKey.publicKey });
  const checkpoints = options.checkpointWorker
    ? threadCheckpointer(options.checkpointWorker, db, options.dbPath, effects.log)
    : inlineCheckpoints;
  batches = createBatchStore(db, { committed: () => checkpoints.committed(), moreComing: () => judge.busy() });
  registerApplicationRoutes(app, { db, judge, batches, effects, windowSeconds });
  registerStatusRoutes(app, { db, effects, windowSeconds });
  registerFeedRoutes(app, { db, effects, windowSeconds });
  registerCatalogRoutes(app, { db, effects, windowSeconds });
  const attachmentsDir = options.attachmentsDir ?? attachmentsDirOf(options.dbPath);
  registerAttachmentRoutes(app, { db, effects, windowSeconds, attachmentsDir });
  const accounts: AccountsDeps = {
    db,
    clock: effects.clock,
    randomBytes: effects.randomBytes,
    log: effects.log,
    scrypt: options.passwordHashing ?? DEFAULT_SCRYPT,
    sessions: options.sessionLimits ?? DEFAULT_SESSION_LIMITS,
    catalogs,
    attachmentsDir,
  };
  registerTermsRoutes(app, { db, effects, windowSeconds });
  registerAccountRoutes(app, { accounts, db, effects, windowSeconds });
  registerClerkRoutes(app, { accounts, db, effects, windowSeconds });
  const runMaintenance = () => {
    const report = runAccountMaintenance(accounts, accounts);
    if (Object.values(report).some((count) => count > 0)) effects.log('accounts.maintenance', { ...report });
    return report;
  };
  const intervalMs = options.maintenanceIntervalMs ?? MAINTENANCE_INTERVAL_MS;
  const timer = intervalMs > 0 ? setInterval(() => runMaintenanceSafely(runMaintenance, effects), intervalMs) : null;
  timer?.unref();
  let closed = false;
  return {
    app,
    db,
    servicePublicKey: serviceKey.publicKey,
    runMaintenance,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await app.close();
      await judge.close();
      await checkpoints.close();
      db.close();
    },
  };
}
