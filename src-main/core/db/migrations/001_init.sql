-- The kiosk's own identity: made on first start, completed at enrollment.
CREATE TABLE kiosk_identity (
  singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
  install_code   TEXT NOT NULL,
  kiosk_id       TEXT,
  office_name    TEXT,
  public_key     TEXT,
  private_key    TEXT,
  enrolled_at    TEXT,
  -- Milliseconds to add to the local clock to match the central service's.
  clock_offset_ms INTEGER NOT NULL DEFAULT 0
);

-- The person at the kiosk now; survives a restart so a citizen mid-form gets the form back.
CREATE TABLE session (
  singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
  language         TEXT NOT NULL,
  active_draft_id  TEXT
);

CREATE TABLE drafts (
  id            TEXT PRIMARY KEY,
  service_id    TEXT NOT NULL,
  variant_id    TEXT NOT NULL,
  form_id       TEXT NOT NULL,
  form_version  INTEGER NOT NULL,
  answers_json  TEXT NOT NULL,
  page_id       TEXT,
  language      TEXT NOT NULL,
  revision      INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE local_number_sequence (
  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
  last       INTEGER NOT NULL
);

CREATE TABLE applications (
  id                   TEXT PRIMARY KEY,
  local_number         TEXT NOT NULL UNIQUE,
  service_id           TEXT NOT NULL,
  variant_id           TEXT NOT NULL,
  form_id              TEXT NOT NULL,
  form_version         INTEGER NOT NULL,
  catalog_version      TEXT NOT NULL,
  language             TEXT NOT NULL,
  answers_json         TEXT NOT NULL,
  price_json           TEXT NOT NULL,
  term_json            TEXT NOT NULL,
  submitted_at         TEXT NOT NULL,
  -- waiting | accepted | rejected | conflict
  delivery             TEXT NOT NULL DEFAULT 'waiting',
  registration_number  TEXT,
  -- The central service's answer for a rejected or conflicting item (codes, for a clerk).
  delivery_detail_json TEXT,
  acknowledged_at      TEXT
);

-- Submitted applications not yet answered by the central service.
CREATE TABLE outbox (
  application_id   TEXT PRIMARY KEY REFERENCES applications(id),
  enqueued_at      TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_error       TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at);
