import { createHash } from 'node:crypto';
import type { AuditCheck } from '../../../src-shared/clerks/views';
import {
  AUDIT_GENESIS_HASH,
  auditEntryText,
  type AuditActorKind,
  type AuditDetails,
  type AuditEntry,
} from '../../../src-shared/clerks/wire';
import type { KioskDatabase } from '../db/database';

/** Who did it: a citizen's session (a random id, no person), a clerk by staff number, or the kiosk itself. */
export type AuditActor = { kind: 'citizen'; sessionId: string } | { kind: 'clerk'; clerkId: string } | { kind: 'system' };

export interface AuditRecord {
  actor: AuditActor;
  /** e.g. `clerk.login`, `application.submitted`; dotted camelCase words. */
  action: string;
  target?: string | null;
  /** Codes, ids and counts only: never a name, a ПИН, a document number or an answer. */
  details?: AuditDetails;
}

interface AuditRow {
  seq: number;
  at: string;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditEntryText(entry)).digest('hex');
}

function entryOf(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as AuditDetails,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function actorColumns(actor: AuditActor): { kind: AuditActorKind; id: string | null } {
  switch (actor.kind) {
    case 'citizen':
      return { kind: 'citizen', id: actor.sessionId };
    case 'clerk':
      return { kind: 'clerk', id: actor.clerkId };
    case 'system':
      return { kind: 'system', id: null };
  }
}

/**
 * Reads a chain from the first entry and answers the first seq whose link
 * does not hold: its hash is not the hash of its content, its `prevHash` is
 * not the hash of the entry before, or its seq does not follow (an entry
 * removed or inserted). Null when the chain is whole.
 */
export function firstBrokenLink(entries: Iterable<AuditEntry>): number | null {
  let prevHash = AUDIT_GENESIS_HASH;
  let expected = 1;
  for (const entry of entries) {
    const { hash, ...rest } = entry;
    if (entry.seq !== expected || entry.prevHash !== prevHash || auditEntryHash(rest) !== hash) return entry.seq;
    prevHash = hash;
    expected += 1;
  }
  return null;
}

/**
 * The kiosk's audit log: `record` appends one entry chained to the last, in
 * the caller's transaction when there is one (so an action and its entry are
 * kept together or not at all).
 */
export function createAuditLog(db: KioskDatabase, nowIso: () => string) {
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor_kind, actor_id, action, target, details, prev_hash, hash)
     VALUES (@seq, @at, @actorKind, @actorId, @action, @target, @details, @prevHash, @hash)`,
  );
  const all = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq');
  const after = db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM audit_log');
  const syncRow = db.prepare<[], { synced_through: number; broken_seq: number | null }>(
    'SELECT synced_through, broken_seq FROM audit_sync WHERE singleton = 1',
  );

  const append = db.transaction((record: AuditRecord): AuditEntry => {
    const previous = last.get();
    const actor = actorColumns(record.actor);
    const content = {
      seq: (previous?.seq ?? 0) + 1,
      at: nowIso(),
      actorKind: actor.kind,
      actorId: actor.id,
      action: record.action,
      target: record.target ?? null,
      details: record.details ?? {},
      prevHash: previous?.hash ?? AUDIT_GENESIS_HASH,
    };
    const entry: AuditEntry = { ...content, hash: auditEntryHash(content) };
    insert.run({ ...entry, details: JSON.stringify(entry.details) });
    return entry;
  });

  return {
    record(record: AuditRecord): AuditEntry {
      return append(record);
    },
    /** The entries after `seq`, oldest first, at most `limit` (what the sync sends next). */
    entriesAfter(seq: number, limit: number): AuditEntry[] {
      return after.all(seq, limit).map(entryOf);
    },
    verify(): AuditCheck {
      const sync = syncRow.get();
      return {
        entries: count.get()?.n ?? 0,
        firstBrokenSeq: firstBrokenLink((function* () {
          for (const row of all.iterate()) yield entryOf(row);
        })()),
        syncedThrough: sync?.synced_through ?? 0,
      };
    },
    syncedThrough(): number {
      return syncRow.get()?.synced_through ?? 0;
    },
    /** The central service holds the chain through `seq`. */
    markSynced(seq: number): void {
      db.prepare('UPDATE audit_sync SET synced_through = MAX(synced_through, ?), broken_seq = NULL WHERE singleton = 1').run(seq);
    },
    /** The central service refused the chain from `seq`: kept for the clerk's view and the log. */
    markRefused(seq: number): void {
      db.prepare('UPDATE audit_sync SET broken_seq = ? WHERE singleton = 1').run(seq);
    },
    /** Set when the central service refused the chain from that seq; null while it takes it. */
    refusedAt(): number | null {
      return syncRow.get()?.broken_seq ?? null;
    },
    /**
     * The kiosk was enrolled again: the service knows it under a new id and
     * holds none of its chain yet, so the chain is sent again from the first entry.
     */
    restartSync(): void {
      db.prepare('UPDATE audit_sync SET synced_through = 0, broken_seq = NULL WHERE singleton = 1').run();
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
