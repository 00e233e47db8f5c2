-- Clerks, the kiosks' audit logs and the identity checks clerks made
-- (docs/clerks.md). Never edit after release: add 010_….sql.

-- The clerks the operator provisioned. The PIN itself is nowhere: only
-- pin_key = scrypt(PIN, salt, 2^log_n, r, p), from which each kiosk gets its
-- own HMAC verifier. A removed clerk keeps its row (the id stays in audit
-- logs and is never given again) and leaves every kiosk's list.
CREATE TABLE clerks (
  clerk_id       TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('clerk', 'admin')),
  -- NULL: the clerk may work at every office's kiosks.
  office         TEXT,
  salt           TEXT NOT NULL,
  log_n          INTEGER NOT NULL,
  r              INTEGER NOT NULL,
  p              INTEGER NOT NULL,
  pin_key        BLOB NOT NULL CHECK (length(pin_key) = 32),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  removed_at     TEXT,
  removed_reason TEXT,
  CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
) WITHOUT ROWID;

-- Each kiosk's audit log as it sent it, chained by hash; the primary key
-- keeps one entry per seq.
CREATE TABLE audit_entries (
  kiosk_id     TEXT NOT NULL REFERENCES kiosks (id),
  seq          INTEGER NOT NULL,
  at           TEXT NOT NULL,
  actor_kind   TEXT NOT NULL,
  actor_id     TEXT,
  action       TEXT NOT NULL,
  target       TEXT,
  -- The entry's details as JSON (codes, ids, counts: no personal data).
  details_json TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  PRIMARY KEY (kiosk_id, seq)
) WITHOUT ROWID;

-- A clerk looked at the applicant's document for an application from the
-- same kiosk. The document number is personal data: never logged.
CREATE TABLE identity_confirmations (
  id              TEXT PRIMARY KEY,
  application_id  TEXT NOT NULL REFERENCES applications (id),
  kiosk_id        TEXT NOT NULL REFERENCES kiosks (id),
  clerk_id        TEXT NOT NULL,
  document_type   TEXT NOT NULL CHECK (document_type IN ('idCard', 'passport')),
  document_number TEXT NOT NULL,
  confirmed_at    TEXT NOT NULL,
  received_at     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX identity_confirmations_by_application ON identity_confirmations (application_id);
