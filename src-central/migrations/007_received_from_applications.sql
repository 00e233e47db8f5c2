-- The 'received' step read from the application's row. Never edit after
-- release: add 008_….sql.
--
-- Every stored application is received at its receipt time by 'system', so
-- writing that step (and its feed row) for each one wrote down what its row
-- already says: two more rows, and two more indexes keyed by a random UUID,
-- for every application ingested. The row now keeps only what it lacked,
-- the step's place in the change feed (`received_seq`, from the same
-- sequence as change_feed.seq); the steps clerks make stay rows of their own.

ALTER TABLE applications ADD COLUMN received_seq INTEGER;

-- Each 'received' step written so far gives its application the seq of its
-- feed row, so a kiosk's cursor keeps its meaning.
UPDATE applications SET received_seq = received.seq
  FROM (SELECT s.application_id, f.seq
          FROM change_feed f JOIN application_status_steps s ON s.id = CAST(f.ref AS INTEGER)
         WHERE f.kind = 'status' AND s.state = 'received') AS received
 WHERE received.application_id = applications.id;
DELETE FROM change_feed
 WHERE kind = 'status'
   AND CAST(ref AS INTEGER) IN (SELECT id FROM application_status_steps WHERE state = 'received');

-- The steps clerks make, with the ids their feed rows name.
CREATE TABLE application_status_moves (
  id             INTEGER PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications (id),
  -- Nothing moves back to 'received', which is the application's row.
  state          TEXT NOT NULL CHECK (state <> 'received'),
  -- Why, in both languages or in neither (documentsNeeded and rejected must say).
  reason_ky      TEXT,
  reason_ru      TEXT,
  at             TEXT NOT NULL,
  -- The operator's name, or 'cli'.
  actor          TEXT NOT NULL,
  CHECK ((reason_ky IS NULL) = (reason_ru IS NULL))
);
INSERT INTO application_status_moves (id, application_id, state, reason_ky, reason_ru, at, actor)
  SELECT id, application_id, state, reason_ky, reason_ru, at, actor
    FROM application_status_steps WHERE state <> 'received' ORDER BY id;
DROP TABLE application_status_steps;
CREATE INDEX application_status_moves_by_application ON application_status_moves (application_id, id);

-- Every step of every application, as before: the 'received' one (no id:
-- it sorts first) and then the moves, oldest first by id.
CREATE VIEW application_status_steps AS
  SELECT NULL AS id, id AS application_id, 'received' AS state, NULL AS reason_ky, NULL AS reason_ru,
         received_at AS at, 'system' AS actor
    FROM applications
  UNION ALL
  SELECT id, application_id, state, reason_ky, reason_ru, at, actor FROM application_status_moves;

-- A kiosk reads the 'received' steps of what it sent, after its cursor.
CREATE INDEX applications_received_by_kiosk ON applications (kiosk_id, received_seq);
