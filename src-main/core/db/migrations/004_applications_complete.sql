-- Resume codes, retention, form-version migration, lookup codes and statuses.
-- Never edit after release: add 005_….sql.

-- What moving a draft to a newer form version changed (DraftMigration as JSON), until it is submitted.
ALTER TABLE drafts ADD COLUMN migration_json TEXT;
-- Only the SHA-256 of the bare resume code is kept; a new code replaces the old one.
ALTER TABLE drafts ADD COLUMN resume_code_sha256 TEXT;
ALTER TABLE drafts ADD COLUMN resume_code_issued_at TEXT;
CREATE UNIQUE INDEX drafts_by_resume_code ON drafts (resume_code_sha256) WHERE resume_code_sha256 IS NOT NULL;
CREATE INDEX drafts_by_update ON drafts (updated_at);

-- Wrong resume codes typed at this kiosk: kept in the database so that a
-- restart does not reset the limit. Spent (deleted) when they cause a lock
-- and when a right code is typed.
CREATE TABLE resume_failures (
  id  INTEGER PRIMARY KEY,
  at  TEXT NOT NULL
);

-- The kiosk's resume lock: until when, and how many locks since the last
-- success (each doubles the next one).
CREATE TABLE resume_lock (
  singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
  locked_until  TEXT,
  locks         INTEGER NOT NULL DEFAULT 0,
  last_lock_at  TEXT
);

-- The code a citizen checks the status with, made at submit (bare, 12 characters).
ALTER TABLE applications ADD COLUMN lookup_code TEXT;
CREATE UNIQUE INDEX applications_by_lookup_code ON applications (lookup_code);
-- When the answers and attachments were removed after the retention period; the rest stays.
ALTER TABLE applications ADD COLUMN purged_at TEXT;
CREATE INDEX applications_by_acknowledgement ON applications (delivery, acknowledged_at) WHERE purged_at IS NULL;

-- The steps of this kiosk's applications as the change feed delivered them, oldest first.
CREATE TABLE status_history (
  application_id  TEXT NOT NULL REFERENCES applications (id),
  -- The feed item's seq: orders the steps and makes a redelivery harmless.
  feed_seq        INTEGER NOT NULL,
  at              TEXT NOT NULL,
  state           TEXT NOT NULL,
  reason_json     TEXT,
  PRIMARY KEY (application_id, feed_seq)
) WITHOUT ROWID;

-- When the feed was last read to its end: what the kiosk knows is true as of then.
CREATE TABLE feed_pulls (
  singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
  complete_at      TEXT NOT NULL
);
