-- Attached files kiosks upload before the applications that name them.
-- Never edit after release: add 004_….sql. The bytes are in
-- <data>/attachments/<sha256>; a row is written only after its file is.
CREATE TABLE attachments (
  sha256       TEXT PRIMARY KEY,
  size         INTEGER NOT NULL,
  kiosk_id     TEXT NOT NULL REFERENCES kiosks (id),
  received_at  TEXT NOT NULL
) WITHOUT ROWID;

-- The files each stored application carries; one file may serve several.
CREATE TABLE application_attachments (
  application_id  TEXT NOT NULL REFERENCES applications (id),
  sha256          TEXT NOT NULL REFERENCES attachments (sha256),
  PRIMARY KEY (application_id, sha256)
) WITHOUT ROWID;
