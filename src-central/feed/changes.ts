import { type Change, MAX_CHANGES_PER_PAGE } from '../../src-shared/sync/wire';
import { statusEntryOf } from '../applications/statuses';
import { type CentralDatabase, prepared } from '../database';

/** A feed row with what each kind joins to (catalog: the version; status: the step; clerks: nothing, the list is fetched). */
interface FeedRow {
  seq: number;
  kind: string;
  createdAt: string;
  version: string | null;
  publishedAt: string | null;
  sha256: string | null;
  applicationId: string | null;
  state: string | null;
  reasonKy: string | null;
  reasonRu: string | null;
  at: string | null;
}

function catalogChange(row: FeedRow): Change | null {
  if (!row.version || !row.publishedAt || !row.sha256) return null;
  return { seq: row.seq, kind: 'catalog', version: row.version, publishedAt: row.publishedAt, sha256: row.sha256 };
}

function statusChange(row: FeedRow): Change | null {
  if (!row.applicationId || row.state === null || row.at === null) return null;
  const entry = statusEntryOf({ state: row.state, reasonKy: row.reasonKy, reasonRu: row.reasonRu, at: row.at });
  return entry ? { seq: row.seq, kind: 'status', applicationId: row.applicationId, entry } : null;
}

/** The item a row becomes, or null for one this service cannot describe (a kind not sent yet, a missing target). */
function changeOf(row: FeedRow): Change | null {
  switch (row.kind) {
    case 'catalog':
      return catalogChange(row);
    case 'status':
      return statusChange(row);
    case 'clerks':
      return { seq: row.seq, kind: 'clerks', changedAt: row.createdAt };
    default:
      return null;
  }
}

/**
 * The next seq of the change feed, for an item that is no change_feed row
 * (an application's 'received' step, which is its own row): AUTOINCREMENT
 * gives a new row max(sqlite_sequence, largest seq) + 1, so a seq taken by
 * moving sqlite_sequence on is never given to a row. `peekFeedSeq` reads
 * it, `takeFeedSeq` takes it; the caller holds the write transaction, so
 * nobody takes it in between.
 */
export function peekFeedSeq(db: CentralDatabase): number {
  const counted = prepared<{ seq: number }>(db, "SELECT seq FROM sqlite_sequence WHERE name = 'change_feed'").get();
  if (counted) return counted.seq + 1;
  // No feed row was ever written: the sequence has not started.
  return (prepared<{ seq: number | null }>(db, 'SELECT MAX(seq) AS seq FROM change_feed').get()?.seq ?? 0) + 1;
}

export function takeFeedSeq(db: CentralDatabase, seq: number): void {
  const moved = prepared(db, "UPDATE sqlite_sequence SET seq = ? WHERE name = 'change_feed'").run(seq);
  // No feed row was ever written (SQLite adds the counter with the first one): it starts here.
  if (moved.changes === 0) prepared(db, "INSERT INTO sqlite_sequence (name, seq) VALUES ('change_feed', ?)").run(seq);
}

/**
 * The changes a kiosk has not seen: those for every kiosk (catalogs, clerks) and
 * those for it alone (the statuses of the applications it sent: the
 * 'received' of each, read from the application's row, and the moves clerks
 * made), after its cursor, oldest first.
 */
export function changesAfter(
  db: CentralDatabase,
  kioskId: string,
  after: number,
  limit = MAX_CHANGES_PER_PAGE,
): { changes: Change[]; cursor: number } {
  // Each source is read up to the limit by its own index, then the two are merged.
  const rows = prepared<FeedRow>(
    db,
    `SELECT * FROM (
       SELECT f.seq, f.kind, f.created_at AS createdAt, c.version, c.published_at AS publishedAt, c.sha256,
              s.application_id AS applicationId, s.state, s.reason_ky AS reasonKy, s.reason_ru AS reasonRu, s.at
         FROM change_feed f
         LEFT JOIN catalog_versions c ON f.kind = 'catalog' AND c.version = f.ref
         LEFT JOIN application_status_moves s ON f.kind = 'status' AND s.id = CAST(f.ref AS INTEGER)
        WHERE f.seq > @after AND (f.kiosk_id IS NULL OR f.kiosk_id = @kioskId)
        ORDER BY f.seq LIMIT @limit)
     UNION ALL
     SELECT * FROM (
       SELECT received_seq, 'status', received_at, NULL, NULL, NULL, id, 'received', NULL, NULL, received_at
         FROM applications
        WHERE kiosk_id = @kioskId AND received_seq > @after
        ORDER BY received_seq LIMIT @limit)
     ORDER BY seq LIMIT @limit`,
  ).all({ after, kioskId, limit });
  const changes = rows.map(changeOf).filter((change): change is Change => change !== null);
  // The cursor passes rows left out too, so they can never stall a kiosk.
  return { changes, cursor: rows.at(-1)?.seq ?? after };
}
