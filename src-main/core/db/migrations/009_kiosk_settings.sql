-- Kiosk settings an admin changed in clerk mode (docs/clerks.md, "Kiosk
-- settings"): one row per setting, its value as JSON. A setting without a
-- row takes the launch option. Never edit after release: add 010_….sql.
CREATE TABLE kiosk_settings (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  changed_at  TEXT NOT NULL
) WITHOUT ROWID;
