import { createHash } from 'node:crypto';
import type { KioskDatabase } from '../db/database';
import { createEnvelopeMaker, type OutboxPosition } from './applications';

/** Which applications a batch may take. */
export interface OutboxBatchRequest {
  /** The position a round has read up to; null: from the start. */
  after: OutboxPosition | null;
  /** Only applications due by then. */
  now: string;
  maxItems: number;
  /** The most bytes of the batch's JSON; one larger item goes alone. */
  maxBytes: number;
}

/** One application of a batch: where its envelope lies in the body. */
export interface BatchItem {
  id: string;
  /** Sends so far that did not settle it. */
  attempts: number;
  offset: number;
  length: number;
}

/** A batch read from the outbox, its body `{"items":[…]}` at the start of `body`. */
export interface OutboxBatch {
  /** The position read up to (later applications come in the next batch); null when nothing was due. */
  next: OutboxPosition | null;
  items: BatchItem[];
  /** Applications whose envelope could not be made: they wait (`item.unreadable`), the others go. */
  unreadable: Array<{ id: string; attempts: number }>;
  /** The buffer given, or one of its own for a single item too large for it. */
  body: Buffer;
  /** Bytes of the body, from the buffer's start. */
  size: number;
  sha256: string;
}

/** A batch being read, a slice of rows at a time. */
export interface BatchReading {
  /** Reads up to `rows` more outbox rows; true once the batch is complete (full, or nothing more is due). */
  read(rows: number): boolean;
  result(): OutboxBatch;
}

interface DueRow {
  row: number;
  enqueued_at: string;
  attempts: number;
  id: string;
  envelope_json: string | null;
  /** Its UTF-8 bytes, as SQLite stores it (known without reading the text). */
  envelope_bytes: number | null;
}

const BATCH_OPEN = '{"items":[';
const BATCH_CLOSE = ']}';

/**
 * Reads the outbox for the sync: the applications due, in the order the
 * outbox was filled, each envelope (the canonical JSON kept at submit)
 * written straight into a batch's body, which is hashed once. The envelope
 * is read as text and its bytes written into a buffer the caller uses again
 * for every batch: the strings die young, and a sync of thousands of
 * applications leaves no megabytes of buffers behind for the garbage
 * collector. Give it a connection of its own (`openReaderConnection`).
 */
export function createOutboxReader(db: KioskDatabase) {
  // From where the round got to: each item once per round.
  const due = db.prepare<{ now: string; at: string; row: number; limit: number }, DueRow>(
    `SELECT o.rowid AS row, o.enqueued_at, o.attempts, o.application_id AS id, c.envelope_json, octet_length(c.envelope_json) AS envelope_bytes
     FROM outbox o INDEXED BY outbox_by_order LEFT JOIN application_content c ON c.application_id = o.application_id
     WHERE (o.enqueued_at > @at OR (o.enqueued_at = @at AND o.rowid > @row)) AND o.next_attempt_at <= @now
     ORDER BY o.enqueued_at, o.rowid LIMIT @limit`,
  );
  const envelopeJsonOf = createEnvelopeMaker(db);

  /** The envelope kept at submit, or made from the row of an application queued before it was kept; null when it cannot be made. */
  function envelopeOf(row: DueRow): { json: string; length: number } | null {
    if (row.envelope_json !== null) return { json: row.envelope_json, length: row.envelope_bytes ?? Buffer.byteLength(row.envelope_json) };
    try {
      const json = envelopeJsonOf(row.id);
      return { json, length: Buffer.byteLength(json) };
    } catch {
      return null;
    }
  }

  return {
    /**
     * The next batch after `request.after`: up to `maxItems` applications
     * while the JSON stays within `maxBytes` (and within `into`), one at
     * least however large. Its body is written at the start of `into`.
     */
    batch(request: OutboxBatchRequest, into: Buffer): BatchReading {
      const capacity = Math.min(request.maxBytes, into.length);
      const items: BatchItem[] = [];
      const unreadable: OutboxBatch['unreadable'] = [];
      let body = into;
      let readUpTo = request.after;
      let next: OutboxPosition | null = null;
      let offset = into.write(BATCH_OPEN, 0);
      let complete = false;

      /**
       * Writes the envelope into `target` after the items there; false when its text
       * does not come out as the UTF-8 bytes it was stored as (it cannot be what the
       * service is to get).
       */
      function write(target: Buffer, at: number, envelope: { json: string; length: number }): boolean {
        return target.write(envelope.json, at) === envelope.length;
      }

      /** Takes one row, or passes it as unreadable; false when the batch is complete without it (or with it alone). */
      function take(row: DueRow): boolean {
        const position = { enqueuedAt: row.enqueued_at, row: row.row };
        const envelope = envelopeOf(row);
        const separator = items.length > 0 ? 1 : 0;
        if (envelope && offset + separator + envelope.length + BATCH_CLOSE.length > capacity) {
          if (items.length > 0) return false;
          // A single envelope larger than the buffer goes alone, in a body of its own.
          const own = Buffer.allocUnsafe(BATCH_OPEN.length + envelope.length + BATCH_CLOSE.length);
          const start = own.write(BATCH_OPEN, 0);
          if (write(own, start, envelope)) {
            body = own;
            items.push({ id: row.id, attempts: row.attempts, offset: start, length: envelope.length });
            offset = start + envelope.length;
            next = position;
            return false;
          }
        } else if (envelope) {
          const start = offset + (separator ? body.write(',', offset) : 0);
          if (write(body, start, envelope)) {
            items.push({ id: row.id, attempts: row.attempts, offset: start, length: envelope.length });
            offset = start + envelope.length;
            next = position;
            return true;
          }
        }
        unreadable.push({ id: row.id, attempts: row.attempts });
        next = position;
        return true;
      }

      return {
        read(rows) {
          if (complete) return true;
          const limit = Math.min(rows, request.maxItems - items.length - unreadable.length);
          let read = 0;
          // Row by row: each envelope's string is garbage as soon as its bytes are in the body.
          for (const row of due.iterate({ now: request.now, at: readUpTo?.enqueuedAt ?? '', row: readUpTo?.row ?? 0, limit })) {
            read += 1;
            if (!take(row)) {
              complete = true;
              break;
            }
            readUpTo = { enqueuedAt: row.enqueued_at, row: row.row };
          }
          if (read < limit || items.length + unreadable.length >= request.maxItems) complete = true;
          return complete;
        },
        result() {
          if (items.length === 0) return { next, items, unreadable, body, size: 0, sha256: '' };
          const size = offset + body.write(BATCH_CLOSE, offset);
          return { next, items, unreadable, body, size, sha256: createHash('sha256').update(body.subarray(0, size)).digest('hex') };
        },
      };
    },
  };
}
export type OutboxReader = ReturnType<typeof createOutboxReader>;
