import { AUDIT_GENESIS_HASH, type AuditEntry, type AuditErrorResponse, auditEntryText } from '../../src-shared/clerks/wire';
import { type CentralDatabase, prepared } from '../database';
import { sha256Hex } from '../hashing';

/**
 * Each kiosk's audit log, held here as the kiosk sent it (docs/clerks.md,
 * "Audit log"). A batch is taken only when it continues the chain already
 * held, so what is stored is always one unbroken chain from seq 1; a batch
 * that does not is refused whole.
 */

interface AuditRow {
  seq: number;
  at: string;
  actorKind: AuditEntry['actorKind'];
  actorId: string | null;
  action: string;
  target: string | null;
  detailsJson: string;
  prevHash: string;
  hash: string;
}

function entryOf(row: AuditRow): AuditEntry {
  const { detailsJson, ...fields } = row;
  return { ...fields, details: JSON.parse(detailsJson) as AuditEntry['details'] };
}

export function hashOfEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(Buffer.from(auditEntryText(entry), 'utf8'));
}

function lastHeld(db: CentralDatabase, kioskId: string): { seq: number; hash: string } {
  const last = prepared<{ seq: number; hash: string }>(db, 'SELECT seq, hash FROM audit_entries WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1').get(kioskId);
  return last ?? { seq: 0, hash: AUDIT_GENESIS_HASH };
}

function heldHash(db: CentralDatabase, kioskId: string, seq: number): string | undefined {
  return prepared<{ hash: string }>(db, 'SELECT hash FROM audit_entries WHERE kiosk_id = ? AND seq = ?').get(kioskId, seq)?.hash;
}

export type AuditBatchOutcome = { ok: true; storedThrough: number } | { ok: false; refusal: AuditErrorResponse };

/**
 * Stores the entries of a batch that continues this kiosk's chain: each
 * hash recomputed, each seq the next, each `prevHash` the hash before it.
 * Entries the service holds already are taken again when they are the same.
 * The first that does not check out refuses the whole batch.
 */
export function storeAuditBatch(db: CentralDatabase, kioskId: string, entries: AuditEntry[], now: Date): AuditBatchOutcome {
  return db
    .transaction((): AuditBatchOutcome => {
      const held = lastHeld(db, kioskId);
      let last = held;
      const refuse = (brokenSeq: number): AuditBatchOutcome => ({
        ok: false,
        refusal: { error: 'audit.chainBroken', expectedSeq: held.seq + 1, brokenSeq },
      });
      const toStore: AuditEntry[] = [];
      for (const entry of entries) {
        const { hash, ...rest } = entry;
        if (hashOfEntry(rest) !== hash) return refuse(entry.seq);
        if (entry.seq <= held.seq) {
          // Sent again (the answer was lost): the same entry, or a changed one.
          if (heldHash(db, kioskId, entry.seq) !== hash) return refuse(entry.seq);
          last = { seq: entry.seq, hash };
          continue;
        }
        if (entry.seq !== last.seq + 1 || entry.prevHash !== last.hash) return refuse(entry.seq);
        toStore.push(entry);
        last = { seq: entry.seq, hash };
      }
      const insert = prepared(
        db,
        `INSERT INTO audit_entries (kiosk_id, seq, at, actor_kind, actor_id, action, target, details_json, prev_hash, hash, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const e of toStore) {
        insert.run(kioskId, e.seq, e.at, e.actorKind, e.actorId, e.action, e.target, JSON.stringify(e.details), e.prevHash, e.hash, now.toISOString());
      }
      return { ok: true, storedThrough: Math.max(held.seq, last.seq) };
    })
    .immediate();
}

export type AuditVerdict =
  | { intact: true; entries: number }
  | { intact: false; brokenSeq: number; why: 'missing' | 'hash' | 'link' };

/**
 * Walks a kiosk's chain as held here and names the first entry that does
 * not check out: one missing (a gap), one whose content no longer gives its
 * hash (changed), one whose `prevHash` is not the hash before it (a
 * neighbour changed with its hash recomputed, or removed).
 */
export function verifyAuditChain(db: CentralDatabase, kioskId: string): AuditVerdict {
  const rows = prepared<AuditRow>(
    db,
    `SELECT seq, at, actor_kind AS actorKind, actor_id AS actorId, action, target, details_json AS detailsJson,
            prev_hash AS prevHash, hash
       FROM audit_entries WHERE kiosk_id = ? ORDER BY seq`,
  ).iterate(kioskId);
  let previous = { seq: 0, hash: AUDIT_GENESIS_HASH };
  for (const row of rows) {
    if (row.seq !== previous.seq + 1) return { intact: false, brokenSeq: previous.seq + 1, why: 'missing' };
    let entry: AuditEntry;
    try {
      entry = entryOf(row);
    } catch {
      return { intact: false, brokenSeq: row.seq, why: 'hash' };
    }
    const { hash, ...rest } = entry;
    if (hashOfEntry(rest) !== hash) return { intact: false, brokenSeq: row.seq, why: 'hash' };
    if (entry.prevHash !== previous.hash) return { intact: false, brokenSeq: row.seq, why: 'link' };
    previous = { seq: row.seq, hash };
  }
  return { intact: true, entries: previous.seq };
}
