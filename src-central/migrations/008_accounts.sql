-- Terms of use and citizens' accounts (docs/accounts.md). Never edit after
-- release: add 009_….sql.

-- Every edition of the agreement and the privacy policy, in both languages.
-- Versions only grow, and so does `effective_at`: the edition in force is
-- the newest one whose time has come.
CREATE TABLE terms_versions (
  version        INTEGER PRIMARY KEY,
  effective_at   TEXT NOT NULL,
  agreement_ky   TEXT NOT NULL,
  agreement_ru   TEXT NOT NULL,
  privacy_ky     TEXT NOT NULL,
  privacy_ru     TEXT NOT NULL,
  -- SHA-256 of the four texts, to tell an operator that nothing changed.
  sha256         TEXT NOT NULL,
  published_at   TEXT NOT NULL,
  -- 'bundle' for the first edition published from the shipped files, else the operator's name or 'cli'.
  published_by   TEXT NOT NULL
);

-- One row a citizen's account. `login_key` (the login in lower case) is
-- what is unique; a purged account's row is deleted, so its login is free.
-- An account the operator removed keeps its row (login, password hash and
-- reason) without personal data, so its owner learns why and the login
-- stays taken.
CREATE TABLE accounts (
  id                  TEXT PRIMARY KEY,
  login               TEXT NOT NULL,
  login_key           TEXT NOT NULL UNIQUE,
  -- $scrypt$ln=…,r=…,p=…$salt$hash: the parameters travel with the hash, so they can be raised later.
  password_hash       TEXT NOT NULL,
  -- Personal data: never logged, emptied when the operator removes the account.
  full_name           TEXT NOT NULL,
  pin                 TEXT NOT NULL,
  -- E.164.
  phone               TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  created_by_kiosk    TEXT NOT NULL,
  -- The edition of the terms accepted last (terms_acceptances holds each acceptance).
  terms_version       INTEGER NOT NULL REFERENCES terms_versions (version),
  -- active; deleted by its owner (restorable until restore_until, then purged); removed by the operator.
  state               TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'deleted', 'removed')),
  deleted_at          TEXT,
  restore_until       TEXT,
  -- Blocked by the operator (agreement 2.2, 2.9); a removed account keeps its reason here too.
  blocked_at          TEXT,
  block_reason_ky     TEXT,
  block_reason_ru     TEXT,
  blocked_by          TEXT,
  -- The owner reported misuse (2.7): locked until a clerk resets the password.
  misuse_reported_at  TEXT,
  password_changed_at TEXT NOT NULL,
  -- A clerk checked the identity document (2.3).
  verified_at         TEXT,
  verified_by         TEXT,
  document_type       TEXT CHECK (document_type IN ('passport', 'idCard')),
  document_number     TEXT,
  CHECK ((state = 'deleted') = (restore_until IS NOT NULL)),
  CHECK ((block_reason_ky IS NULL) = (block_reason_ru IS NULL)),
  CHECK ((verified_at IS NULL) = (verified_by IS NULL))
);
CREATE INDEX accounts_by_pin ON accounts (pin);
CREATE INDEX accounts_to_purge ON accounts (restore_until) WHERE state = 'deleted';

-- Each acceptance of an edition: the edition, when, in which language, at which kiosk.
CREATE TABLE terms_acceptances (
  account_id  TEXT NOT NULL REFERENCES accounts (id),
  version     INTEGER NOT NULL REFERENCES terms_versions (version),
  accepted_at TEXT NOT NULL,
  language    TEXT NOT NULL,
  kiosk_id    TEXT NOT NULL,
  PRIMARY KEY (account_id, version)
) WITHOUT ROWID;

-- Sessions: only the SHA-256 of the token is kept; each is bound to the kiosk that opened it.
CREATE TABLE account_sessions (
  token_sha256  TEXT PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES accounts (id),
  kiosk_id      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  -- The edition the session must accept before anything else, or NULL.
  terms_pending INTEGER REFERENCES terms_versions (version)
) WITHOUT ROWID;
CREATE INDEX account_sessions_by_account ON account_sessions (account_id);

-- Wrong passwords, per login (known or not: the same for both) and per kiosk.
CREATE TABLE login_throttle (
  scope           TEXT NOT NULL CHECK (scope IN ('login', 'kiosk')),
  key             TEXT NOT NULL,
  failures        INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  locked_until    TEXT,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;

-- Logins nobody may register (agreement 2.5): a login in lower case, or a prefix ending in '*'.
CREATE TABLE forbidden_logins (
  pattern  TEXT PRIMARY KEY,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO forbidden_logins (pattern, added_at, added_by) VALUES
  ('admin*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('administrator', '2026-01-01T00:00:00.000Z', 'migration'),
  ('root', '2026-01-01T00:00:00.000Z', 'migration'),
  ('system', '2026-01-01T00:00:00.000Z', 'migration'),
  ('support*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('operator*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('clerk*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('moderator*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('security*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('official*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('mkk*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('grs*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('srs*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('gov*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('kattoo*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('registry*', '2026-01-01T00:00:00.000Z', 'migration'),
  ('info', '2026-01-01T00:00:00.000Z', 'migration'),
  ('help', '2026-01-01T00:00:00.000Z', 'migration'),
  ('null', '2026-01-01T00:00:00.000Z', 'migration'),
  ('undefined', '2026-01-01T00:00:00.000Z', 'migration'),
  ('anonymous', '2026-01-01T00:00:00.000Z', 'migration'),
  ('guest', '2026-01-01T00:00:00.000Z', 'migration'),
  ('test', '2026-01-01T00:00:00.000Z', 'migration');

-- Applications of an account: linked at submit by the kiosk, or a guest one
-- found by the ПИН after a clerk confirmed the identity. The application
-- may arrive after its link (an offline kiosk), so there is no reference to
-- applications; what the kiosk said at submit is kept to show it till then.
-- When the account is purged the link stays, without the account, to
-- remember that the application's answers must go (also if it arrives later).
CREATE TABLE account_applications (
  application_id TEXT PRIMARY KEY,
  account_id     TEXT REFERENCES accounts (id),
  how            TEXT NOT NULL CHECK (how IN ('submit', 'pin')),
  -- The kiosk that linked it at submit: the application must come from it.
  kiosk_id       TEXT,
  lookup_code    TEXT,
  service_id     TEXT,
  variant_id     TEXT,
  submitted_at   TEXT,
  linked_at      TEXT NOT NULL,
  purged_at      TEXT,
  -- When the stored application's answers were removed after the purge.
  stripped_at    TEXT,
  CHECK ((account_id IS NULL) = (purged_at IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX account_applications_by_account ON account_applications (account_id);
CREATE INDEX account_applications_to_strip ON account_applications (purged_at) WHERE stripped_at IS NULL AND purged_at IS NOT NULL;

-- Drafts kept in the account (the kiosk strips attached files first).
CREATE TABLE account_drafts (
  id         TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  -- The AccountDraft as the kiosk sent it (personal data).
  json       TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  saved_at   TEXT NOT NULL,
  kiosk_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX account_drafts_by_account ON account_drafts (account_id, updated_at);

-- Notices from the service to the citizen (agreement 3.2).
CREATE TABLE account_notices (
  id         TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  sent_at    TEXT NOT NULL,
  sent_by    TEXT NOT NULL,
  title_ky   TEXT NOT NULL,
  title_ru   TEXT NOT NULL,
  body_ky    TEXT NOT NULL,
  body_ru    TEXT NOT NULL,
  read_at    TEXT
) WITHOUT ROWID;
CREATE INDEX account_notices_by_account ON account_notices (account_id, sent_at);

-- Categories of users the operator restricted (agreement 3.1), with the reason shown to them.
CREATE TABLE account_restrictions (
  category  TEXT PRIMARY KEY CHECK (category IN ('minors', 'all')),
  reason_ky TEXT NOT NULL,
  reason_ru TEXT NOT NULL,
  set_at    TEXT NOT NULL,
  set_by    TEXT NOT NULL
) WITHOUT ROWID;

-- What happened to accounts, for the security officer: ids, kinds and
-- actors only, no personal data, so it outlives the purge.
CREATE TABLE account_events (
  id         INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind       TEXT NOT NULL,
  at         TEXT NOT NULL,
  kiosk_id   TEXT,
  actor      TEXT
);
CREATE INDEX account_events_by_account ON account_events (account_id, id);

-- Where the search for guest applications by ПИН stopped: applications
-- received before this time have been looked at.
CREATE TABLE account_pin_scan (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  scanned_until    TEXT NOT NULL
);
