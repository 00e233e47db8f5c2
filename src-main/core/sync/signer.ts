import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { SIGNATURE_HEADERS, signingString } from '../../../src-shared/sync/wire';

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

/** The headers that make a request the central service will accept from this kiosk. */
export function signRequest(request: {
  kioskId: string;
  privateKey: string;
  method: string;
  path: string;
  body: string | Uint8Array;
  time: Date;
  nonce: string;
}): Record<string, string> {
  const time = String(request.time.getTime());
  const message = signingString({
    method: request.method,
    path: request.path,
    time,
    nonce: request.nonce,
    bodySha256Hex: sha256Hex(request.body),
  });
  const key = createPrivateKey({ key: Buffer.from(request.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return {
    [SIGNATURE_HEADERS.kiosk]: request.kioskId,
    [SIGNATURE_HEADERS.time]: time,
    [SIGNATURE_HEADERS.nonce]: request.nonce,
    [SIGNATURE_HEADERS.signature]: sign(null, Buffer.from(message), key).toString('base64'),
  };
}
