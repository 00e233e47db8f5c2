-- The audit log (docs/clerks.md, "Audit"): append-only, each entry chained
-- to the one before by hash. Never edit after release: add 008_….sql.
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'clerk', 'system')),
  actor_id    TEXT,
  action      TEXT NOT NULL,
  target      TEXT,
  details     TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);

-- Rows are never changed or removed by the kiosk: a trigger refuses it, so
-- only someone going around the application (editing the file) can, and the
-- chain tells.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- How far the central service confirmed holding the chain.
CREATE TABLE audit_sync (
  singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
  synced_through  INTEGER NOT NULL DEFAULT 0,
  -- Set when the service refused a batch as not continuing its chain; a clerk sees it.
  broken_seq      INTEGER
);
INSERT INTO audit_sync (singleton, synced_through) VALUES (1, 0);
