-- A sync of thousands of applications keeps its verdicts in small rows.
-- Never edit after release: add 007_….sql.

-- What a citizen gave, apart from the application's own row and its outbox
-- row: the answers, and the envelope that carries them to the central
-- service (canonicalJson, made once at submit). Keeping a verdict rewrites
-- the application's row and deletes its outbox row: both now a few hundred
-- bytes, where before kilobytes of answers and envelope were written out
-- again (with secure_delete, the old copy zeroed too). The retention purge
-- deletes this row; what a citizen needs to ask about the application stays.
CREATE TABLE application_content (
  application_id  TEXT PRIMARY KEY REFERENCES applications (id),
  -- First: a send reads the envelope alone, without going through the pages of the answers.
  -- NULL for applications queued before the envelope was kept (built from the row when sent).
  envelope_json   TEXT,
  answers_json    TEXT NOT NULL
);

-- Purged applications have no answers any more: they get no row.
INSERT INTO application_content (application_id, envelope_json, answers_json)
  SELECT a.id, o.envelope_json, a.answers_json
  FROM applications a LEFT JOIN outbox o ON o.application_id = a.id
  WHERE a.purged_at IS NULL;

ALTER TABLE applications DROP COLUMN answers_json;
ALTER TABLE outbox DROP COLUMN envelope_json;
