-- Catalog versions fetched from the central service, and the change-feed cursor.
-- Never edit after release: add 003_….sql.

-- Every version that passed the checks, kept: a draft started on an older
-- form version is still validated and submitted with that form.
-- At most one is active; none means the bundled snapshot is.
CREATE TABLE catalog_versions (
  version      TEXT PRIMARY KEY,
  published_at TEXT NOT NULL,
  -- SHA-256 of `json`, the catalog's canonical JSON, as the feed announced it.
  sha256       TEXT NOT NULL,
  json         TEXT NOT NULL,
  active       INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  stored_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_versions_one_active ON catalog_versions (active) WHERE active = 1;

-- The `seq` of the last change-feed item whose effect is committed here.
CREATE TABLE feed_cursor (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  after     INTEGER NOT NULL
);

-- Feed items whose catalog was refused, for a clerk and for the retry rule:
-- a damaged download is tried again a few rounds, then passed (`skipped`).
CREATE TABLE catalog_refusals (
  feed_seq   INTEGER PRIMARY KEY,
  version    TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  code       TEXT NOT NULL,
  attempts   INTEGER NOT NULL,
  skipped    INTEGER NOT NULL DEFAULT 0,
  refused_at TEXT NOT NULL
);
