-- Offline for days, nothing lost, nothing twice: the central service's key
-- pinned at enrollment, revocation, and each application's envelope kept
-- ready to send. Never edit after release: add 006_….sql.

-- The service's Ed25519 key (SPKI DER, base64) from enrollment: only answers signed with it are believed.
ALTER TABLE kiosk_identity ADD COLUMN service_public_key TEXT;
-- When a signed answer said this kiosk is revoked: it sends nothing more until enrolled again.
ALTER TABLE kiosk_identity ADD COLUMN revoked_at TEXT;

-- canonicalJson of the envelope, made once at submit: a send only reads and joins these,
-- from the outbox alone. NULL for applications queued before (built from their columns when sent).
ALTER TABLE outbox ADD COLUMN envelope_json TEXT;

-- The outbox is read in the order it was filled, page after page within a round.
CREATE INDEX outbox_by_order ON outbox (enqueued_at);

-- What a clerk's outbox screen lists: everything not accepted, oldest first.
CREATE INDEX applications_unaccepted ON applications (submitted_at, local_number) WHERE delivery <> 'accepted';
