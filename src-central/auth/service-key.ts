import { type KeyObject, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { responseSigningString } from '../../src-shared/sync/wire';
import { type CentralDatabase, prepared } from '../database';
import { sha256Hex } from '../hashing';

/** The service's Ed25519 key pair: the public half as kiosks pin it, the private half ready to sign. */
export interface ServiceKey {
  /** SPKI DER, base64 (the `servicePublicKey` of the enrollment answer). */
  publicKey: string;
  privateKey: KeyObject;
}

/** PKCS#8 DER of an Ed25519 private key is this fixed prefix and the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SEED_BYTES = 32;

function privateKeyFromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

interface ServiceKeyRow {
  public_key: string;
  private_key: string;
}

function toServiceKey(row: ServiceKeyRow): ServiceKey {
  const privateKey = createPrivateKey({ key: Buffer.from(row.private_key, 'base64'), format: 'der', type: 'pkcs8' });
  return { publicKey: row.public_key, privateKey };
}

/**
 * The service's key pair, made on the first start from the injected
 * randomness and kept in the database. Two processes starting at once both
 * propose one; the primary key keeps the first and both use it.
 */
export function ensureServiceKey(db: CentralDatabase, effects: { randomBytes: (size: number) => Buffer; now: Date }): ServiceKey {
  const stored = prepared<ServiceKeyRow>(db, 'SELECT public_key, private_key FROM service_keys WHERE id = 1').get();
  if (stored) return toServiceKey(stored);
  const privateKey = privateKeyFromSeed(Buffer.from(effects.randomBytes(ED25519_SEED_BYTES)));
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  prepared(
    db,
    'INSERT INTO service_keys (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  ).run(publicKey, privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'), effects.now.toISOString());
  const kept = prepared<ServiceKeyRow>(db, 'SELECT public_key, private_key FROM service_keys WHERE id = 1').get();
  if (!kept) throw new Error('service key was not stored');
  return toServiceKey(kept);
}

/** The public key if one was made, without making one (for tools that only read). */
export function storedServicePublicKey(db: CentralDatabase): string | undefined {
  return prepared<{ public_key: string }>(db, 'SELECT public_key FROM service_keys WHERE id = 1').get()?.public_key;
}

/** What binds an answer to its request: the kiosk and nonce the request carried. */
export interface AnsweredRequest {
  kioskId: string;
  method: string;
  /** The request target exactly as requested (path and any query string). */
  path: string;
  nonce: string;
}

/** Base64 Ed25519 signature over `responseSigningString` of this request, this status and these exact body bytes. */
export function signAnswer(key: ServiceKey, request: AnsweredRequest, status: number, body: Uint8Array): string {
  const message = responseSigningString({ ...request, status, bodySha256Hex: sha256Hex(body) });
  return sign(null, Buffer.from(message), key.privateKey).toString('base64');
}
