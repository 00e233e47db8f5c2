-- Catalog versions and the change feed. Never edit after release: add 003_….sql.

-- What kiosks pull with a cursor: `seq` only grows (AUTOINCREMENT never
-- reuses a number), so a kiosk's cursor stays meaningful forever.
-- `ref` names what changed (for `catalog`, the version); `kiosk_id` NULL
-- means every kiosk (statuses will name one).
CREATE TABLE change_feed (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL,
  ref        TEXT NOT NULL,
  kiosk_id   TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX change_feed_by_kiosk ON change_feed (kiosk_id, seq);

-- Every published catalog, kept for good: an application is validated
-- against the form version it was filled on, however old.
CREATE TABLE catalog_versions (
  version      TEXT PRIMARY KEY,
  published_at TEXT NOT NULL,
  -- SHA-256 of `json`, which is the canonical JSON (keys sorted) of the catalog.
  sha256       TEXT NOT NULL,
  json         TEXT NOT NULL,
  stored_at    TEXT NOT NULL,
  feed_seq     INTEGER NOT NULL UNIQUE REFERENCES change_feed (seq)
) WITHOUT ROWID;
