-- Attached files: the bytes live in <dataDir>/attachments/<sha256>, written
-- once (content-addressed); these rows say what each is and who uses it.
CREATE TABLE attachments (
  sha256        TEXT PRIMARY KEY,
  media_type    TEXT NOT NULL,
  size          INTEGER NOT NULL,
  pages         INTEGER,
  thumbnail_png BLOB,
  stored_at     TEXT NOT NULL,
  -- When the central service was known to hold it (uploaded, or found there).
  uploaded_at   TEXT
) WITHOUT ROWID;

-- A draft's file fields and the files in them; one file may sit in several drafts and fields.
CREATE TABLE draft_attachments (
  draft_id  TEXT NOT NULL,
  field_id  TEXT NOT NULL,
  sha256    TEXT NOT NULL REFERENCES attachments (sha256),
  PRIMARY KEY (draft_id, field_id, sha256)
) WITHOUT ROWID;
CREATE INDEX draft_attachments_by_file ON draft_attachments (sha256);

-- The files a submitted application carries, sent before it in the sync.
CREATE TABLE application_attachments (
  application_id  TEXT NOT NULL REFERENCES applications (id),
  sha256          TEXT NOT NULL REFERENCES attachments (sha256),
  PRIMARY KEY (application_id, sha256)
) WITHOUT ROWID;
CREATE INDEX application_attachments_by_file ON application_attachments (sha256);
