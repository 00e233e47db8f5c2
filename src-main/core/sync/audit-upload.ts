import { AuditErrorResponse, MAX_AUDIT_BATCH, type AuditEntry } from '../../../src-shared/clerks/wire';
import type { AuditLog } from '../audit/audit-log';
import { CentralFailure, type CentralClient, type Signer } from './central-client';
import { yieldToLoop } from './pacing';

export interface AuditUploadOptions {
  audit: AuditLog;
  client: CentralClient;
  signer: Signer;
  /** The round's request wrapper (clock correction, revocation). */
  request: <T>(call: () => Promise<T>) => Promise<T>;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/** Entries read at a time: a batch's five hundred at once held the main thread for longer than a frame. */
const READ_SLICE_ENTRIES = 100;

/** The next entries after `from`, up to a batch, read a slice at a time with the main thread free between. */
async function nextEntries(audit: AuditLog, from: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (;;) {
    const slice = audit.entriesAfter(entries.at(-1)?.seq ?? from, Math.min(READ_SLICE_ENTRIES, MAX_AUDIT_BATCH - entries.length));
    entries.push(...slice);
    if (slice.length < READ_SLICE_ENTRIES || entries.length >= MAX_AUDIT_BATCH) return entries;
    await yieldToLoop();
  }
}

/**
 * Sends the audit entries the central service does not hold yet, oldest
 * first, a batch at a time. A refusal of the chain (a changed or missing
 * entry here) is kept and logged once: the same entries would be refused
 * again, so nothing more is sent until the kiosk is enrolled again.
 */
export async function sendAuditEntries(options: AuditUploadOptions): Promise<void> {
  const { audit, client, signer, request, log } = options;
  if (audit.refusedAt() !== null) return;
  for (;;) {
    const from = audit.syncedThrough();
    const entries = await nextEntries(audit, from);
    if (entries.length === 0) return;
    let storedThrough: number;
    try {
      ({ storedThrough } = await request(() => client.sendAuditEntries(signer, { entries })));
    } catch (error) {
      if (!(error instanceof CentralFailure)) throw error;
      // A service older than the audit log: the round goes on, the entries wait here.
      if (error.status === 404) {
        log('audit.notTaken', { code: error.code });
        return;
      }
      const refusal = error.status === 409 ? AuditErrorResponse.safeParse(error.refusal) : null;
      if (!refusal?.success) throw error;
      audit.markRefused(refusal.data.brokenSeq);
      log('audit.chainBroken', { brokenSeq: refusal.data.brokenSeq, expectedSeq: refusal.data.expectedSeq });
      return;
    }
    audit.markSynced(storedThrough);
    // The service took less than it was sent: the rest waits for the next round rather than going round here.
    if (storedThrough < (entries.at(-1)?.seq ?? from) || entries.length < MAX_AUDIT_BATCH) return;
  }
}
