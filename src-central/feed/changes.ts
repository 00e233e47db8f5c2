import { type Change, MAX_CHANGES_PER_PAGE } from '../../src-shared/sync/wire';
import { statusEntryOf } from '../applications/statuses';
import { type CentralDatabase, prepared } from '../database';

/** A feed row with what each kind joins to (catalog: the version; status: the step). */
interface FeedRow {
  seq: number;
  kind: string;
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
    default:
      return null;
  }
}

/**
 * The changes a kiosk has not seen: those for every kiosk (catalogs) and
 * those for it alone (the statuses of the applications it sent), after its
 * cursor, oldest first.
 */
export function changesAfter(
  db: CentralDatabase,
  kioskId: string,
  after: number,
  limit = MAX_CHANGES_PER_PAGE,
): { changes: Change[]; cursor: number } {
  const rows = prepared<FeedRow>(
    db,
    `SELECT f.seq, f.kind, c.version, c.published_at AS publishedAt, c.sha256,
            s.application_id AS applicationId, s.state, s.reason_ky AS reasonKy, s.reason_ru AS reasonRu, s.at
       FROM change_feed f
       LEFT JOIN catalog_versions c ON f.kind = 'catalog' AND c.version = f.ref
       LEFT JOIN application_status_steps s ON f.kind = 'status' AND s.id = CAST(f.ref AS INTEGER)
      WHERE f.seq > ? AND (f.kiosk_id IS NULL OR f.kiosk_id = ?)
      ORDER BY f.seq LIMIT ?`,
  ).all(after, kioskId, limit);
  const changes = rows.map(changeOf).filter((change): change is Change => change !== null);
  // The cursor passes rows left out too, so they can never stall a kiosk.
  return { changes, cursor: rows.at(-1)?.seq ?? after };
}
