import type { KioskEvent, SyncState } from '../../../src-shared/contract';
import { MAX_ATTACHMENT_CHECK, MAX_BATCH_ITEMS, type ApplicationEnvelope, type ItemResult } from '../../../src-shared/sync/wire';
import type { ApplicationStore } from '../applications/applications';
import type { StatusStore } from '../applications/statuses';
import type { AttachmentStore } from '../attachments/store';
import type { CatalogStore } from '../catalog/versions';
import type { IdentityStore } from '../enrollment/identity';
import { CentralFailure, type CentralClient, type Signer } from './central-client';
import { pullChanges } from './feed';

export interface SyncEngineOptions {
  applications: ApplicationStore;
  attachments: AttachmentStore;
  catalogs: CatalogStore;
  statuses: StatusStore;
  identity: IdentityStore;
  client: CentralClient | null;
  clock: () => Date;
  /** 0 ≤ x < 1, for the jitter of the backoff. */
  random: () => number;
  emit: (event: KioskEvent) => void;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
  intervalMs: number;
  maxBackoffMs: number;
}

const MAX_BATCH_BYTES = 512 * 1024;
const FIRST_BACKOFF_MS = 1_000;
/** How long a transiently failing item waits before it is offered again. */
const ITEM_RETRY_MS = 60_000;

/** Cuts the due items into a batch that fits both the count and the byte limit (always at least one). */
export function fitBatch(items: ApplicationEnvelope[]): ApplicationEnvelope[] {
  const batch: ApplicationEnvelope[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (batch.length > 0 && (bytes + size > MAX_BATCH_BYTES || batch.length >= MAX_BATCH_ITEMS)) break;
    batch.push(item);
    bytes += size;
  }
  return batch;
}

/**
 * The outbox drains itself: on start, after every submit, on a timer, and
 * with exponential backoff plus jitter while the central service is out of
 * reach. Only one round runs at a time; a request during a round runs another
 * round right after it.
 */
export function createSyncEngine(options: SyncEngineOptions) {
  const { applications, identity, client, clock, emit, log } = options;
  let online = false;
  let offlineSince: string | null = null;
  let lastSuccessAt: string | null = null;
  let lastError: string | null = null;
  let failures = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let closed = false;

  const nowIso = () => clock().toISOString();

  function state(): SyncState {
    return {
      enrolled: identity.enrolled() !== null,
      online,
      offlineSince: online ? null : offlineSince,
      waiting: applications.waitingCount(),
      lastSuccessAt,
      lastError,
    };
  }

  const publish = () => emit({ type: 'syncState', state: state() });

  function markOnline(): void {
    online = true;
    offlineSince = null;
    lastSuccessAt = nowIso();
    lastError = null;
    failures = 0;
  }

  function markFailed(failure: CentralFailure): void {
    if (online || offlineSince === null) offlineSince = nowIso();
    online = false;
    lastError = failure.code;
    failures += 1;
    log('sync.failed', { code: failure.code, failures });
  }

  /** The central service told the kiosk its clock is off: learn the offset and sign with it from now on. */
  function correctClock(failure: CentralFailure): boolean {
    if (failure.code !== 'auth.stale' || !failure.serverTime || Number.isNaN(failure.serverTime.getTime())) return false;
    identity.setClockOffsetMs(failure.serverTime.getTime() - clock().getTime());
    log('sync.clockCorrected', { offsetMs: identity.clockOffsetMs() });
    return true;
  }

  function applyResult(result: ItemResult): void {
    const now = nowIso();
    switch (result.outcome) {
      case 'accepted':
      case 'duplicate':
        if (!result.registrationNumber) {
          applications.postpone(result.id, new Date(clock().getTime() + ITEM_RETRY_MS).toISOString(), 'response.noNumber');
          return;
        }
        applications.recordOutcome(result.id, { state: 'accepted', registrationNumber: result.registrationNumber }, now);
        break;
      case 'rejected':
        applications.recordOutcome(result.id, { state: 'rejected', errors: result.errors ?? [], reason: result.reason ?? null }, now);
        break;
      case 'conflict':
        applications.recordOutcome(result.id, { state: 'conflict', reason: result.reason ?? null }, now);
        break;
      case 'retry':
        applications.postpone(result.id, new Date(clock().getTime() + ITEM_RETRY_MS).toISOString(), result.reason ?? 'retry');
        return;
    }
    log('sync.itemAnswered', { applicationId: result.id, outcome: result.outcome });
    emit({ type: 'receiptUpdated', applicationId: result.id });
  }

  /**
   * Before a batch goes, the files its applications carry: the ones not known
   * to be there are checked, and only the missing ones uploaded.
   */
  async function uploadAttachments(signer: { kioskId: string; privateKey: string }, central: CentralClient, batch: ApplicationEnvelope[]): Promise<void> {
    const { attachments } = options;
    const unknown = [...new Set(batch.flatMap((item) => attachments.filesOfApplication(item.id).filter((f) => !f.uploaded).map((f) => f.sha256)))];
    for (let start = 0; start < unknown.length; start += MAX_ATTACHMENT_CHECK) {
      const chunk = unknown.slice(start, start + MAX_ATTACHMENT_CHECK);
      const missing = new Set(await withClockCorrection(() => central.missingAttachments(signer, chunk)));
      for (const sha256 of chunk) {
        if (missing.has(sha256)) {
          const bytes = attachments.readBlob(sha256);
          await withClockCorrection(() => central.putAttachment(signer, sha256, bytes));
          log('sync.attachmentUploaded', { size: bytes.length });
        }
        attachments.markUploaded(sha256, nowIso());
      }
    }
  }

  async function sendDue(signer: { kioskId: string; privateKey: string }, central: CentralClient): Promise<boolean> {
    let sentAny = false;
    for (;;) {
      const batch = fitBatch(applications.dueEnvelopes(nowIso(), MAX_BATCH_ITEMS));
      if (batch.length === 0) return sentAny;
      await uploadAttachments(signer, central, batch);
      let response;
      try {
        response = await central.sendBatch(signer, batch);
      } catch (error) {
        if (error instanceof CentralFailure && correctClock(error)) {
          response = await central.sendBatch(signer, batch);
        } else {
          throw error;
        }
      }
      sentAny = true;
      const answered = new Map(response.results.map((r) => [r.id, r]));
      for (const item of batch) {
        // An item the answer forgot is not acknowledged: it stays and is offered again later.
        applyResult(answered.get(item.id) ?? { id: item.id, outcome: 'retry', reason: 'response.missingItem' });
      }
    }
  }

  async function withClockCorrection<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CentralFailure && correctClock(error)) return call();
      throw error;
    }
  }

  async function round(): Promise<void> {
    const signer = identity.enrolled();
    if (!signer || !client) return;
    try {
      await sendDue(signer, client);
      // After the outbox: the feed's answer also proves the link, so no separate health probe.
      const feedProblem = await pullChanges({
        catalogs: options.catalogs,
        statuses: options.statuses,
        client,
        signer,
        request: withClockCorrection,
        nowIso,
        emit,
        log,
      });
      markOnline();
      lastError = feedProblem;
    } catch (error) {
      markFailed(error instanceof CentralFailure ? error : new CentralFailure('internal'));
    }
    publish();
  }

  function nextDelay(): number {
    if (online) return options.intervalMs;
    const base = Math.min(options.maxBackoffMs, FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
    return Math.round(base / 2 + (base / 2) * options.random());
  }

  function schedule(delayMs: number): void {
    if (!started || closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void syncNow(), delayMs);
    timer.unref();
  }

  async function syncNow(): Promise<SyncState> {
    if (running) {
      again = true;
      await running;
      return state();
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (again && !closed);
    })();
    try {
      await running;
    } finally {
      running = null;
      schedule(nextDelay());
    }
    return state();
  }

  return {
    state,
    syncNow,
    /**
     * One request outside a round (a citizen's status check), signed with the
     * same corrected clock. `kiosk.notEnrolled` when there is no one to ask.
     */
    async ask<T>(call: (central: CentralClient, signer: Signer) => Promise<T>): Promise<T> {
      const signer = identity.enrolled();
      if (!signer || !client) throw new CentralFailure('kiosk.notEnrolled');
      return withClockCorrection(() => call(client, signer));
    },
    /** After a submit: publish the new count at once and send soon, without making the citizen wait. */
    outboxChanged(): void {
      publish();
      if (started) void syncNow();
    },
    start(): void {
      started = true;
      void syncNow();
    },
    async stop(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
