-- Applications in a rowid table. Never edit after release: add 007_….sql.
-- Runs with foreign keys off (the table is rebuilt under its children, which
-- name it; applyMigrations checks every reference again before commit).
--
-- WITHOUT ROWID kept the rows ordered by their random UUID: with an
-- envelope of one or two kilobytes a page holds two rows, so each insert
-- split a random leaf, and a large table read a random page per insert. A
-- rowid table appends each row at its end; the UUID stays the primary key,
-- kept by its own small index, and stays the idempotency key.
CREATE TABLE applications_by_rowid (
  id                  TEXT PRIMARY KEY,
  registration_number TEXT NOT NULL UNIQUE,
  kiosk_id            TEXT NOT NULL REFERENCES kiosks (id),
  content_sha256      TEXT NOT NULL,
  service_id          TEXT NOT NULL,
  variant_id          TEXT NOT NULL,
  form_id             TEXT NOT NULL,
  form_version        INTEGER NOT NULL,
  catalog_version     TEXT NOT NULL,
  language            TEXT NOT NULL,
  local_number        TEXT NOT NULL,
  submitted_at        TEXT NOT NULL,
  received_at         TEXT NOT NULL,
  -- The whole envelope as received (holds personal data: never logged).
  envelope_json       TEXT NOT NULL,
  -- The receipt's lookup code; NULL only for rows stored before 004.
  lookup_code         TEXT
);
INSERT INTO applications_by_rowid (id, registration_number, kiosk_id, content_sha256, service_id, variant_id, form_id,
    form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json, lookup_code)
  SELECT id, registration_number, kiosk_id, content_sha256, service_id, variant_id, form_id,
    form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json, lookup_code
    FROM applications ORDER BY received_at, registration_number;
DROP TABLE applications;
ALTER TABLE applications_by_rowid RENAME TO applications;
CREATE INDEX applications_by_received ON applications (received_at);
CREATE UNIQUE INDEX applications_by_lookup_code ON applications (lookup_code);
