import { type Change, MAX_CHANGES_PER_PAGE } from '../../src-shared/sync/wire';
import { type CentralDatabase, prepared } from '../database';

interface FeedRow {
  seq: number;
  kind: string;
  version: string | null;
  publishedAt: string | null;
  sha256: string | null;
}

/**
 * The changes a kiosk has not seen: those for every kiosk and those for it,
 * after its cursor, oldest first. A kind this service cannot describe yet
 * is left out (only `catalog` is sent today).
 */
export function changesAfter(
  db: CentralDatabase,
  kioskId: string,
  after: number,
  limit = MAX_CHANGES_PER_PAGE,
): { changes: Change[]; cursor: number } {
  const rows = prepared<FeedRow>(
    db,
    `SELECT f.seq, f.kind, c.version, c.published_at AS publishedAt, c.sha256
       FROM change_feed f
       LEFT JOIN catalog_versions c ON f.kind = 'catalog' AND c.version = f.ref
      WHERE f.seq > ? AND (f.kiosk_id IS NULL OR f.kiosk_id = ?)
      ORDER BY f.seq LIMIT ?`,
  ).all(after, kioskId, limit);
  const changes: Change[] = [];
  for (const row of rows) {
    if (row.kind === 'catalog' && row.version && row.publishedAt && row.sha256) {
      changes.push({ seq: row.seq, kind: 'catalog', version: row.version, publishedAt: row.publishedAt, sha256: row.sha256 });
    }
  }
  // The cursor passes rows left out too, so they can never stall a kiosk.
  return { changes, cursor: rows.at(-1)?.seq ?? after };
}
