-- Lookup codes and the status history of applications. Never edit after
-- release: add 005_….sql.

-- The code printed on the receipt (text and QR) with which a citizen checks
-- the status at any kiosk. Kiosks make it offline, so only this index can
-- promise that it is unique. Rows stored before this migration have none
-- (NULLs do not collide in a UNIQUE index).
ALTER TABLE applications ADD COLUMN lookup_code TEXT;
CREATE UNIQUE INDEX applications_by_lookup_code ON applications (lookup_code);

-- Every step of every application, oldest first by id; the current state is
-- the last step. Steps are only ever added, so the history a kiosk was sent
-- stays true.
CREATE TABLE application_status_steps (
  id             INTEGER PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications (id),
  state          TEXT NOT NULL,
  -- Why, in both languages or in neither (documentsNeeded and rejected must say).
  reason_ky      TEXT,
  reason_ru      TEXT,
  at             TEXT NOT NULL,
  -- 'system' for the automatic 'received'; otherwise the operator's name, or 'cli'.
  actor          TEXT NOT NULL,
  CHECK ((reason_ky IS NULL) = (reason_ru IS NULL))
);
CREATE INDEX application_status_steps_by_application ON application_status_steps (application_id, id);
-- 'received' is written once, with the application; no move leads back to it.
CREATE UNIQUE INDEX application_status_steps_one_received
  ON application_status_steps (application_id) WHERE state = 'received';

-- Applications stored before statuses existed were received when they
-- arrived; each step gets its feed row, for the kiosk that sent it
-- (change_feed: kind 'status', ref = the step's id).
INSERT INTO application_status_steps (application_id, state, at, actor)
  SELECT id, 'received', received_at, 'system' FROM applications ORDER BY received_at, registration_number;
INSERT INTO change_feed (kind, ref, kiosk_id, created_at)
  SELECT 'status', CAST(s.id AS TEXT), a.kiosk_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM application_status_steps s JOIN applications a ON a.id = s.application_id
   ORDER BY s.id;
