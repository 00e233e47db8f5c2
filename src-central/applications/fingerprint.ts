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

const NOT_NATIVE = Symbol('not for JSON.stringify');
/** A key V8 enumerates before all others, in numeric order, whatever order it was added in. */
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * A copy with every object's keys added in code-unit order, which
 * `JSON.stringify` then writes in that order; NOT_NATIVE when a key would
 * not keep its place (an array index) or could not be added as a plain
 * property (`__proto__`).
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (const item of value as unknown[]) {
      const sorted = sortedCopy(item);
      if (sorted === NOT_NATIVE) return NOT_NATIVE;
      copy.push(sorted);
    }
    return copy;
  }
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (ARRAY_INDEX.test(key) || key === '__proto__') return NOT_NATIVE;
    const sorted = sortedCopy(record[key]);
    if (sorted === NOT_NATIVE) return NOT_NATIVE;
    copy[key] = sorted;
  }
  return copy;
}

/**
 * `canonicalJson(envelope)` for an envelope as the wire schema gives it,
 * written by V8's own `JSON.stringify` (three times faster than joining the
 * parts in JavaScript): the envelope's members are added in sorted order
 * here, the answers' by `sortedCopy`. An answer key that would not keep its
 * place takes `fastCanonicalJson` instead.
 */
export function canonicalEnvelopeJson(envelope: ApplicationEnvelope): string {
  const answers = sortedCopy(envelope.answers);
  if (answers === NOT_NATIVE) return fastCanonicalJson(envelope);
  const { price, term } = envelope;
  return JSON.stringify({
    answers,
    catalogVersion: envelope.catalogVersion,
    formId: envelope.formId,
    formVersion: envelope.formVersion,
    id: envelope.id,
    language: envelope.language,
    localNumber: envelope.localNumber,
    lookupCode: envelope.lookupCode,
    price: { amount: price.amount, example: price.example } satisfies Record<keyof typeof price, unknown>,
    serviceId: envelope.serviceId,
    submittedAt: envelope.submittedAt,
    term: { example: term.example, unit: term.unit, value: term.value } satisfies Record<keyof typeof term, unknown>,
    variantId: envelope.variantId,
  } satisfies Record<keyof ApplicationEnvelope, unknown>);
}

/**
 * The idempotency fingerprint: the same envelope always hashes the same on
 * kiosk and server. `json` is `canonicalJson(envelope)` in UTF-8, stored as
 * is: encoded once, for the hash and the row alike.
 */
export interface Fingerprint {
  json: Uint8Array;
  sha256: string;
}

export function fingerprintOf(envelope: ApplicationEnvelope): Fingerprint {
  return fingerprintsOf([envelope])[0]!;
}

/**
 * The fingerprints of a batch's envelopes, their JSON encoded into one
 * buffer: one allocation for the batch instead of one per application
 * (a UTF-16 unit takes at most three bytes in UTF-8), never a slice of
 * Node's shared pool, so the whole buffer can move to another thread.
 */
export function fingerprintsOf(envelopes: ApplicationEnvelope[]): Fingerprint[] {
  const texts = envelopes.map(canonicalEnvelopeJson);
  const bytes = Buffer.allocUnsafeSlow(3 * texts.reduce((sum, text) => sum + text.length, 0));
  let offset = 0;
  return texts.map((text) => {
    const json = bytes.subarray(offset, offset + bytes.write(text, offset, 'utf8'));
    offset += json.length;
    return { json, sha256: sha256Hex(json) };
  });
}
