import { type KeyObject, verify } from 'node:crypto';
import { AUTH_ERROR_CODES, SIGNATURE_HEADERS, signingString } from '../../src-shared/sync/wire';
import { type CentralDatabase, prepared } from '../database';
import { type Kiosk, findKiosk, markKioskSeen, parseEd25519PublicKey } from '../enrollment/kiosks';
import { sha256Hex } from '../hashing';

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export const DEFAULT_SIGNATURE_WINDOW_SECONDS = 300;

export interface SignedRequest {
  method: string;
  /** The request target exactly as sent (path and any query string). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type AuthRefusal = { ok: false; status: 401 | 403; code: AuthErrorCode; serverTime?: string };
export type AuthVerdict = { ok: true; kiosk: Kiosk } | AuthRefusal;

/** A request that passed every check but the last: its nonce is not spent yet. */
export interface CheckedRequest {
  ok: true;
  kiosk: Kiosk;
  nonce: string;
  now: Date;
}

export const REPLAY_REFUSAL: AuthRefusal = { ok: false, status: 401, code: 'auth.replay' };

interface SignatureHeaders {
  kioskId: string;
  time: string;
  nonce: string;
  signature: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Milliseconds since the epoch, as the kiosk's signer writes it. */
const EPOCH_MILLIS = /^\d{1,15}$/;
/** Printable ASCII without spaces: a newline would blur the signing string's lines. */
const NONCE = /^[\x21-\x7e]{8,128}$/;
const ED25519_SIGNATURE_BYTES = 64;

function singleHeader(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The kiosk id and nonce a request carries, both well-formed, whatever else
 * it lacks: what an answer's signature binds it to (the id exactly as sent).
 * Both patterns keep newlines out of the answer's signing string.
 */
export function readAnswerBinding(headers: SignedRequest['headers']): { kioskId: string; nonce: string } | null {
  const kioskId = singleHeader(headers, SIGNATURE_HEADERS.kiosk);
  const nonce = singleHeader(headers, SIGNATURE_HEADERS.nonce);
  if (!kioskId || !nonce || !UUID.test(kioskId) || !NONCE.test(nonce)) return null;
  return { kioskId, nonce };
}

/** The four headers, well-formed, or null: a missing and a malformed header are the same refusal. */
export function readSignatureHeaders(headers: SignedRequest['headers']): SignatureHeaders | null {
  const kioskId = singleHeader(headers, SIGNATURE_HEADERS.kiosk);
  const time = singleHeader(headers, SIGNATURE_HEADERS.time);
  const nonce = singleHeader(headers, SIGNATURE_HEADERS.nonce);
  const signatureText = singleHeader(headers, SIGNATURE_HEADERS.signature);
  if (!kioskId || !time || !nonce || !signatureText) return null;
  if (!UUID.test(kioskId) || !EPOCH_MILLIS.test(time) || !NONCE.test(nonce)) return null;
  const signature = Buffer.from(signatureText, 'base64');
  if (signature.length !== ED25519_SIGNATURE_BYTES) return null;
  return { kioskId: kioskId.toLowerCase(), time, nonce, signature };
}

/** Kiosks' keys as key objects, made once each: every signed request is checked with one. */
const kioskKeys = new Map<string, KeyObject | null>();
const MAX_KIOSK_KEYS = 10_000;

function kioskKey(publicKeyBase64: string): KeyObject | null {
  let key = kioskKeys.get(publicKeyBase64);
  if (key === undefined) {
    key = parseEd25519PublicKey(publicKeyBase64);
    if (kioskKeys.size >= MAX_KIOSK_KEYS) kioskKeys.clear();
    kioskKeys.set(publicKeyBase64, key);
  }
  return key;
}

function signatureHolds(request: SignedRequest, headers: SignatureHeaders, publicKeyBase64: string): boolean {
  const key = kioskKey(publicKeyBase64);
  if (!key) return false;
  const message = signingString({
    method: request.method,
    path: request.url,
    time: headers.time,
    nonce: headers.nonce,
    bodySha256Hex: sha256Hex(request.body),
  });
  return verify(null, Buffer.from(message), key, headers.signature);
}

/**
 * Records a nonce; false when this kiosk already used it. The primary key
 * decides, so two copies of a request racing in are told apart too.
 * Nonces older than twice the window are dropped: a request that old is
 * refused as stale before its nonce is looked at. The caller holds the
 * write transaction.
 */
export function rememberNonce(
  db: CentralDatabase,
  kioskId: string,
  nonce: string,
  nowMs: number,
  windowSeconds: number,
): boolean {
  prepared(db, 'DELETE FROM request_nonces WHERE seen_at_ms < ?').run(nowMs - 2 * windowSeconds * 1000);
  const inserted = prepared(
    db,
    'INSERT INTO request_nonces (kiosk_id, nonce, seen_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  ).run(kioskId, nonce, nowMs);
  return inserted.changes === 1;
}

/**
 * Every check but the nonce, in an order that reveals as little as possible
 * to a stranger: the signature before revocation and the clock. Reads only.
 */
export function checkSignedRequest(
  db: CentralDatabase,
  request: SignedRequest,
  context: { now: Date; windowSeconds: number },
): CheckedRequest | AuthRefusal {
  const headers = readSignatureHeaders(request.headers);
  if (!headers) return { ok: false, status: 401, code: 'auth.missing' };
  const kiosk = findKiosk(db, headers.kioskId);
  if (!kiosk) return { ok: false, status: 401, code: 'auth.unknownKiosk' };
  if (!signatureHolds(request, headers, kiosk.publicKey)) return { ok: false, status: 401, code: 'auth.badSignature' };
  if (kiosk.revokedAt !== null) return { ok: false, status: 403, code: 'auth.revoked' };
  if (Math.abs(context.now.getTime() - Number(headers.time)) > context.windowSeconds * 1000) {
    // The kiosk corrects its clock offset from serverTime and signs again.
    return { ok: false, status: 401, code: 'auth.stale', serverTime: context.now.toISOString() };
  }
  return { ok: true, kiosk, nonce: headers.nonce, now: context.now };
}

/**
 * The last step, for a request that passed every other check: spends its
 * nonce and notes when its kiosk was seen; false (nothing written) for a
 * replay. Runs in the caller's write transaction, so a route that writes
 * anyway commits both with its own work.
 */
export function admitCheckedRequest(db: CentralDatabase, checked: CheckedRequest, windowSeconds: number): boolean {
  if (!rememberNonce(db, checked.kiosk.id, checked.nonce, checked.now.getTime(), windowSeconds)) return false;
  markKioskSeen(db, checked.kiosk.id, checked.now);
  return true;
}

/** Every check, the nonce last: it is only spent by a request that passed everything else. */
export function verifySignedRequest(
  db: CentralDatabase,
  request: SignedRequest,
  context: { now: Date; windowSeconds: number },
): AuthVerdict {
  const checked = checkSignedRequest(db, request, context);
  if (!checked.ok) return checked;
  const admitted = db.transaction(() => admitCheckedRequest(db, checked, context.windowSeconds)).immediate();
  return admitted ? { ok: true, kiosk: checked.kiosk } : REPLAY_REFUSAL;
}
