import type { KioskEvent, SyncState } from '../../../src-shared/contract';
import type { ApplicationStore } from '../applications/applications';
import type { OutboxReader } from '../applications/outbox-reader';
import type { StatusStore } from '../applications/statuses';
import type { AttachmentStore } from '../attachments/store';
import type { CatalogStore } from '../catalog/versions';
import type { ClerkSync } from '../clerks/clerk-sync';
import type { WalCheckpoints } from '../db/database';
import type { IdentityStore } from '../enrollment/identity';
import { CentralFailure, type CentralClient, type Signer } from './central-client';
import { pullChanges } from './feed';
import { createBodyBuffers, drainOutbox, type BodyBuffers } from './outbox-drain';
import { FIRST_BACKOFF_MS, backoffDelay, realSchedule, type Schedule } from './pacing';

export interface SyncEngineOptions {
  applications: ApplicationStore;
  attachments: AttachmentStore;
  catalogs: CatalogStore;
  statuses: StatusStore;
  /** The clerk list and the identity checks clerks recorded here. */
  clerks: ClerkSync;
  identity: IdentityStore;
  client: CentralClient | null;
  clock: () => Date;
  /** 0 ≤ x < 1, for the jitter of the backoffs. */
  random: () => number;
  emit: (event: KioskEvent) => void;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
  intervalMs: number;
  maxBackoffMs: number;
  schedule?: Schedule;
  /** Checkpoints between batches instead of inside their commits (see `pauseAutoCheckpoint`). */
  pauseAutoCheckpoint: () => WalCheckpoints;
  /** Reads the outbox's batches, on a connection of its own (made when the first round sends). */
  outboxReader: () => OutboxReader;
}

/** A failure that says nothing came back from the service itself: the link, a portal, a proxy. */
function unreachable(failure: CentralFailure): boolean {
  return failure.status === null;
}

/**
 * The outbox drains itself: on start, after every submit, on a clerk's
 * "sync now", and on a timer. While the service is out of reach the timer
 * waits with exponential backoff and jitter, and first asks the light
 * unsigned probe; when it answers, a round starts at once. Whether the
 * service is reachable is judged only from what requests get back. Only one
 * round runs at a time; a request during a round runs another right after.
 */
export function createSyncEngine(options: SyncEngineOptions) {
  const { applications, identity, client, clock, emit, log } = options;
  const schedule = options.schedule ?? realSchedule;
  let online = false;
  let offlineSince: string | null = null;
  let lastSuccessAt: string | null = null;
  let lastError: string | null = null;
  /** Failed rounds and probes in a row. */
  let failures = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: { cancel(): void } | null = null;
  let started = false;
  let closed = false;
  /** Made with the first round that sends, used by every later one. */
  let bodyBuffers: BodyBuffers | null = null;

  const nowIso = () => clock().toISOString();

  function state(): SyncState {
    const revoked = identity.revoked();
    return {
      enrolled: identity.enrolled() !== null,
      online: online && !revoked,
      offlineSince: online ? null : offlineSince,
      waiting: applications.waitingCount(),
      lastSuccessAt,
      lastError: revoked ? 'auth.revoked' : lastError,
      flagged: applications.flaggedCount(),
      revoked,
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
    if (unreachable(failure)) {
      if (online || offlineSince === null) offlineSince = nowIso();
      online = false;
    } else {
      // The service answered (and signed) a refusal: it is reachable, but the round did not complete.
      online = true;
    }
    lastError = failure.code;
    failures += 1;
    log('sync.failed', { code: failure.code, failures });
  }

  /** A signed refusal said this kiosk is revoked: kept, so that nothing more is sent, even after a restart. */
  function markRevoked(): void {
    if (identity.revoked()) return;
    identity.markRevoked(nowIso());
    if (timer) timer.cancel();
    timer = null;
    log('sync.revoked', { kioskId: identity.enrolled()?.kioskId ?? null });
    publish();
  }

  /** The central service told the kiosk (in a signed refusal) that its clock is off: learn the offset and sign with it from now on. */
  function correctClock(failure: CentralFailure): boolean {
    if (failure.code !== 'auth.stale' || failure.status === null || !failure.serverTime) return false;
    identity.setClockOffsetMs(failure.serverTime.getTime() - clock().getTime());
    log('sync.clockCorrected', { offsetMs: identity.clockOffsetMs() });
    return true;
  }

  /**
   * Every request of a round goes through here: a stale clock is corrected
   * and the request signed again once (a new time, a new nonce); a
   * revocation is kept at once.
   */
  async function request<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof CentralFailure)) throw error;
        if (error.code === 'auth.revoked' && error.status === 403) markRevoked();
        else if (attempt === 1 && correctClock(error)) continue;
        throw error;
      }
    }
  }

  async function round(): Promise<void> {
    const signer = identity.enrolled();
    if (!signer || !client || identity.revoked()) return;
    if (!identity.servicePublicKey()) {
      // Enrolled before keys were pinned: no answer could be believed, so nothing is sent; a clerk enrolls it again.
      lastError = 'kiosk.serviceKeyMissing';
      publish();
      return;
    }
    try {
      await drainOutbox({
        applications,
        attachments: options.attachments,
        client,
        signer,
        request,
        outbox: options.outboxReader(),
        bodyBuffers: (bodyBuffers ??= createBodyBuffers()),
        clock,
        random: options.random,
        emit,
        log,
        pauseAutoCheckpoint: options.pauseAutoCheckpoint,
        batchRecorded: publish,
      });
      const link = { client, signer, request };
      // After the applications they are about.
      await options.clerks.sendConfirmations(link);
      // After the outbox: the feed's answer also proves the link.
      const feedProblem = await pullChanges({
        catalogs: options.catalogs,
        statuses: options.statuses,
        clerks: options.clerks,
        client,
        signer,
        request,
        nowIso,
        emit,
        log,
      });
      await options.clerks.listIfMissing(link);
      markOnline();
      lastError = feedProblem;
    } catch (error) {
      if (identity.revoked()) {
        online = false;
      } else {
        markFailed(error instanceof CentralFailure ? error : new CentralFailure('internal'));
      }
    }
    publish();
  }

  function nextDelay(): number {
    if (failures === 0) return options.intervalMs;
    return backoffDelay(failures, options.random, { firstMs: FIRST_BACKOFF_MS, maxMs: options.maxBackoffMs });
  }

  function scheduleNext(): void {
    if (timer) timer.cancel();
    timer = null;
    if (!started || closed || identity.revoked()) return;
    timer = schedule(timerFired, nextDelay());
  }

  /**
   * The timer: all well, a full round; after failures, the light probe
   * first, and a round at once only when the service answers it.
   */
  async function timerFired(): Promise<void> {
    timer = null;
    if (closed) return;
    if (failures > 0 && client && !running) {
      try {
        await client.health();
        log('sync.probeAnswered', { failures });
      } catch (error) {
        failures += 1;
        const code = error instanceof CentralFailure ? error.code : 'internal';
        log('sync.probeFailed', { code, failures });
        if (code !== lastError) {
          lastError = code;
          publish();
        }
        scheduleNext();
        return;
      }
    }
    await syncNow();
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
      scheduleNext();
    }
    return state();
  }

  return {
    state,
    syncNow,
    /**
     * One request outside a round (a citizen's status check), signed with the
     * same corrected clock. `kiosk.notEnrolled` when there is no one to ask,
     * `auth.revoked` (without asking) on a revoked kiosk. A genuine answer
     * after failed rounds proves the link is back: a round starts at once.
     */
    async ask<T>(call: (central: CentralClient, signer: Signer) => Promise<T>): Promise<T> {
      const signer = identity.enrolled();
      if (!signer || !client) throw new CentralFailure('kiosk.notEnrolled');
      if (identity.revoked()) throw new CentralFailure('auth.revoked');
      const answer = await request(() => call(client, signer));
      if (failures > 0 && started && !running) void syncNow();
      return answer;
    },
    /** After a submit or a clerk's retry: publish the new counts at once and send soon, without making anyone wait. */
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
      if (timer) timer.cancel();
      timer = null;
      await running;
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
