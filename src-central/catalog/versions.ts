import { Catalog } from '../../src-shared/catalog/schema';
import { canonicalJson, compareCatalogVersions } from '../../src-shared/sync/wire';
import { type CentralDatabase, prepared } from '../database';
import { sha256Hex } from '../hashing';

/** A catalog version as stored: `json` is its canonical JSON, the exact bytes kiosks download. */
export interface StoredCatalogVersion {
  version: string;
  publishedAt: string;
  sha256: string;
  json: string;
  feedSeq: number;
}

export type PublishOutcome =
  | { ok: true; version: string; sha256: string; feedSeq: number }
  | { ok: false; code: 'catalog.invalid'; issues: string[] }
  | { ok: false; code: 'catalog.notNewer'; latest: string };

const COLUMNS = 'version, published_at AS publishedAt, sha256, json, feed_seq AS feedSeq';

export function latestCatalogVersion(db: CentralDatabase): StoredCatalogVersion | undefined {
  return prepared<StoredCatalogVersion>(db, `SELECT ${COLUMNS} FROM catalog_versions ORDER BY feed_seq DESC LIMIT 1`).get();
}

export function storedCatalogVersion(db: CentralDatabase, version: string): StoredCatalogVersion | undefined {
  return prepared<StoredCatalogVersion>(db, `SELECT ${COLUMNS} FROM catalog_versions WHERE version = ?`).get(version);
}

export function allCatalogVersions(db: CentralDatabase): StoredCatalogVersion[] {
  return prepared<StoredCatalogVersion>(db, `SELECT ${COLUMNS} FROM catalog_versions ORDER BY feed_seq`).all();
}

/** The newest feed position of any catalog: a cheap way to see that another process published one. */
export function catalogFeedHead(db: CentralDatabase): number {
  return prepared<{ head: number | null }>(db, 'SELECT MAX(feed_seq) AS head FROM catalog_versions').get()?.head ?? 0;
}

/**
 * Stores a catalog's canonical JSON and its change-feed item, as is: no
 * validation here (publishCatalog does it). The caller holds a transaction.
 */
export function storeCatalogVersion(
  db: CentralDatabase,
  entry: { version: string; publishedAt: string; json: string },
  now: Date,
): StoredCatalogVersion {
  const sha256 = sha256Hex(entry.json);
  const feed = prepared<{ seq: number }>(
    db,
    "INSERT INTO change_feed (kind, ref, kiosk_id, created_at) VALUES ('catalog', ?, NULL, ?) RETURNING seq",
  ).get(entry.version, now.toISOString());
  if (!feed) throw new Error('change feed did not advance');
  prepared(
    db,
    'INSERT INTO catalog_versions (version, published_at, sha256, json, stored_at, feed_seq) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(entry.version, entry.publishedAt, sha256, entry.json, now.toISOString(), feed.seq);
  return { ...entry, sha256, feedSeq: feed.seq };
}

/** What the `Catalog` schema finds wrong (paths and messages name ids, never personal data). */
function issuesOf(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string[] {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message));
}

/**
 * Publishes a catalog version: valid by the shared `Catalog` schema (every
 * service's form and category present…) and newer than the latest one, or
 * refused. The check and the insert share one IMMEDIATE transaction, so two
 * publishers cannot both pass the "newer" check.
 */
export function publishCatalog(db: CentralDatabase, input: unknown, now: Date): PublishOutcome {
  const parsed = Catalog.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'catalog.invalid', issues: issuesOf(parsed.error) };
  const catalog = parsed.data;
  return db
    .transaction((): PublishOutcome => {
      const latest = latestCatalogVersion(db);
      if (latest && compareCatalogVersions(catalog, latest) <= 0) {
        return { ok: false, code: 'catalog.notNewer', latest: latest.version };
      }
      if (storedCatalogVersion(db, catalog.version)) {
        return { ok: false, code: 'catalog.notNewer', latest: latest?.version ?? catalog.version };
      }
      const stored = storeCatalogVersion(
        db,
        { version: catalog.version, publishedAt: catalog.publishedAt, json: canonicalJson(catalog) },
        now,
      );
      return { ok: true, version: stored.version, sha256: stored.sha256, feedSeq: stored.feedSeq };
    })
    .immediate();
}

/** On the first start of an empty database the embedded default catalog becomes the first version. */
export function publishDefaultCatalog(db: CentralDatabase, catalog: Catalog, now: Date): void {
  db.transaction(() => {
    if (latestCatalogVersion(db)) return;
    storeCatalogVersion(db, { version: catalog.version, publishedAt: catalog.publishedAt, json: canonicalJson(catalog) }, now);
  }).immediate();
}
