-- Clerk mode (docs/clerks.md): the provisioned clerks, their failed logins,
-- help calls, identity checks, and which clerk assisted a draft or an
-- application. Never edit after release: add 009_….sql.

-- The clerks this kiosk may let in, as the central service last listed them
-- (replaced as a whole). Only per-kiosk verifiers: no PIN, nothing that
-- opens another kiosk.
CREATE TABLE clerks (
  clerk_id    TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('clerk', 'admin')),
  salt        TEXT NOT NULL,
  log_n       INTEGER NOT NULL,
  r           INTEGER NOT NULL,
  p           INTEGER NOT NULL,
  verifier    TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- When the last list came; no row: none yet (a login answers clerk.notProvisioned).
CREATE TABLE clerk_list (
  singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
  received_at  TEXT NOT NULL
);

-- Failed logins per typed clerk id (known or not: both lock alike), and the
-- lock they led to. Kept here so that a restart does not reset a lock.
CREATE TABLE clerk_login_locks (
  clerk_id      TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL DEFAULT 0,
  locks         INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT
);

-- Every failed login at this kiosk, whatever the id: the kiosk-wide throttle.
CREATE TABLE clerk_login_failures (
  id  INTEGER PRIMARY KEY,
  at  TEXT NOT NULL
);
CREATE INDEX clerk_login_failures_by_time ON clerk_login_failures (at);

-- "Call a clerk": waiting until a clerk answers.
CREATE TABLE clerk_calls (
  id           TEXT PRIMARY KEY,
  number       INTEGER NOT NULL,
  called_at    TEXT NOT NULL,
  screen       TEXT NOT NULL,
  answered_at  TEXT,
  answered_by  TEXT
);
CREATE INDEX clerk_calls_waiting ON clerk_calls (called_at) WHERE answered_at IS NULL;

CREATE TABLE clerk_call_sequence (
  singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
  last       INTEGER NOT NULL
);

-- A clerk checked the applicant's document; sent to the central service
-- with the sync once the application is there (sent_at set).
CREATE TABLE identity_confirmations (
  id               TEXT PRIMARY KEY,
  application_id   TEXT NOT NULL REFERENCES applications (id),
  clerk_id         TEXT NOT NULL,
  document_type    TEXT NOT NULL,
  document_number  TEXT NOT NULL,
  confirmed_at     TEXT NOT NULL,
  sent_at          TEXT
);
CREATE INDEX identity_confirmations_unsent ON identity_confirmations (confirmed_at) WHERE sent_at IS NULL;
CREATE INDEX identity_confirmations_by_application ON identity_confirmations (application_id, confirmed_at);

-- The clerk who helped fill it (null: the citizen alone); kept on the
-- application, never in the envelope sent to the central service.
ALTER TABLE drafts ADD COLUMN assisted_by TEXT;
ALTER TABLE applications ADD COLUMN assisted_by TEXT;
