-- The service's own Ed25519 key pair, with which it signs every answer to a
-- signed kiosk request. Never edit after release: add 006_….sql.
-- Made once, on the first start; kiosks pin the public key at enrollment, so
-- it is never replaced in place (one row, id 1).
CREATE TABLE service_keys (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  -- Ed25519, SPKI DER, base64: what kiosks are given at enrollment.
  public_key  TEXT NOT NULL,
  -- Ed25519, PKCS#8 DER, base64. Whoever reads this file can answer as the service.
  private_key TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
