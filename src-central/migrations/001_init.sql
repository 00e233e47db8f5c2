-- The central service's first schema. Never edit after release: add 002_….sql.

-- One-time codes an administrator hands to whoever sets up a kiosk.
-- Only the SHA-256 of the normalised code is kept.
CREATE TABLE enrollment_codes (
  code_sha256   TEXT PRIMARY KEY,
  office_name   TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT,
  used_by_kiosk TEXT
) WITHOUT ROWID;

CREATE TABLE kiosks (
  id            TEXT PRIMARY KEY,
  office_name   TEXT NOT NULL,
  terminal_name TEXT NOT NULL,
  -- Ed25519, SPKI DER, base64.
  public_key    TEXT NOT NULL,
  enrolled_at   TEXT NOT NULL,
  revoked_at    TEXT,
  last_seen_at  TEXT
) WITHOUT ROWID;

-- Nonces of accepted signed requests; the primary key is what refuses a replay.
CREATE TABLE request_nonces (
  kiosk_id   TEXT NOT NULL,
  nonce      TEXT NOT NULL,
  seen_at_ms INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, nonce)
) WITHOUT ROWID;
CREATE INDEX request_nonces_by_age ON request_nonces (seen_at_ms);

-- One counter per year for registration numbers YYYY-NNNNNN.
CREATE TABLE registration_sequences (
  year        INTEGER PRIMARY KEY,
  last_number INTEGER NOT NULL
);

-- The application UUID is the idempotency key: the primary key guarantees
-- that a resend can never make a second row.
CREATE TABLE applications (
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
  envelope_json       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX applications_by_received ON applications (received_at);

-- A second, different content under an existing UUID. The original is kept;
-- a clerk decides.
CREATE TABLE application_conflicts (
  id             INTEGER PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications (id),
  kiosk_id       TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  envelope_json  TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  resolved_at    TEXT,
  UNIQUE (application_id, content_sha256)
);
