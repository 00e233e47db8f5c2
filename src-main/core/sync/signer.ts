import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { SIGNATURE_HEADERS, responseSigningString, signingString } from '../../../src-shared/sync/wire';

/** A kiosk's Ed25519 key pair, made once at enrollment; the private key never leaves the kiosk. */
export interface KioskKeys {
  /** SPKI DER, base64: what the central service stores. */
  publicKey: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
}

export function generateKioskKeys(): KioskKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject | null>();

function privateKeyOf(base64: string): KeyObject {
  let key = privateKeys.get(base64);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
    privateKeys.set(base64, key);
  }
  return key;
}

/** The central service's key as pinned at enrollment, or null when it is not an Ed25519 SPKI key. */
export function servicePublicKeyOf(base64: string): KeyObject | null {
  if (publicKeys.has(base64)) return publicKeys.get(base64) ?? null;
  let key: KeyObject | null = null;
  try {
    const parsed = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    key = parsed.asymmetricKeyType === 'ed25519' ? parsed : null;
  } catch {
    key = null;
  }
  publicKeys.set(base64, key);
  return key;
}

/** The headers that make a request the central service will accept from this kiosk. */
export function signRequest(request: {
  kioskId: string;
  privateKey: string;
  method: string;
  path: string;
  body: string | Uint8Array;
  /** The body's hash when the caller has it already (a large batch is hashed once, even if signed again). */
  bodySha256Hex?: string;
  time: Date;
  nonce: string;
}): Record<string, string> {
  const time = String(request.time.getTime());
  const message = signingString({
    method: request.method,
    path: request.path,
    time,
    nonce: request.nonce,
    bodySha256Hex: request.bodySha256Hex ?? sha256Hex(request.body),
  });
  return {
    [SIGNATURE_HEADERS.kiosk]: request.kioskId,
    [SIGNATURE_HEADERS.time]: time,
    [SIGNATURE_HEADERS.nonce]: request.nonce,
    [SIGNATURE_HEADERS.signature]: sign(null, Buffer.from(message), privateKeyOf(request.privateKey)).toString('base64'),
  };
}

const ED25519_SIGNATURE_BYTES = 64;

/**
 * Whether an answer is the central service's own answer to this very
 * request: its signature (the `x-central-signature` header) must verify with
 * the pinned key over this request's kiosk, method, path and nonce and the
 * answer's status and exact body bytes.
 */
export function responseSignatureHolds(answer: {
  servicePublicKey: string;
  signature: string | null;
  kioskId: string;
  method: string;
  path: string;
  nonce: string;
  status: number;
  body: Uint8Array;
}): boolean {
  if (!answer.signature) return false;
  const key = servicePublicKeyOf(answer.servicePublicKey);
  if (!key) return false;
  const signature = Buffer.from(answer.signature, 'base64');
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  const message = responseSigningString({
    kioskId: answer.kioskId,
    method: answer.method,
    path: answer.path,
    nonce: answer.nonce,
    status: answer.status,
    bodySha256Hex: sha256Hex(answer.body),
  });
  try {
    return verify(null, Buffer.from(message), key, signature);
  } catch {
    return false;
  }
}
