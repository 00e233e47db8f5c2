import type { ApplicationEnvelope } from '../../src-shared/sync/wire';
import { sha256Hex } from '../hashing';

/**
 * `canonicalJson` of `src-shared/sync/wire.ts`, byte for byte (keys sorted
 * by code units at every depth, undefined members dropped), written for
 * speed: it runs for every application ingested, and the shared one
 * allocates entries, a filtered copy and a mapped copy at every level.
 * A test holds the two to the same output.
 */
/** A key that JSON writes as itself between quotes (field ids, the envelope's names). */
const PLAIN_KEY = /^[A-Za-z0-9_]*$/;

export function fastCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      // As Array.prototype.join writes a hole or an undefined: nothing.
      out += (fastCanonicalJson(value[i]) as string | undefined) ?? '';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as the shared comparator does.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key)}:${fastCanonicalJson(member)}`;
  }
  return `${out}}`;
}

/**
 * The idempotency fingerprint: the same envelope always hashes the same on
 * kiosk and server. `json` is `canonicalJson(envelope)`, stored as is.
 */
export interface Fingerprint {
  json: string;
  sha256: string;
}

export function fingerprintOf(envelope: ApplicationEnvelope): Fingerprint {
  const json = fastCanonicalJson(envelope);
  return { json, sha256: sha256Hex(json) };
}
