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

/** For one order of answer keys: the same keys sorted, and an object with them in that order. */
interface SortedKeys {
  given: string[];
  sorted: string[];
  /** Made by JSON.parse, so it has fast properties; each copy of it gets the answers' values. */
  template: Record<string, unknown>;
}

/**
 * Sorted keys for the orders of answer keys seen lately. A form's answers
 * come in few orders, and filling a copy of a template costs a third of
 * adding forty keys one by one to a new object, which V8 then keeps as a
 * slow dictionary (for JSON.stringify too). Bounded: a stranger's many
 * orders only cost rebuilding.
 */
const sortedKeysByOrder = new Map<string, SortedKeys>();
const MAX_KEY_ORDERS = 256;

function sortedKeysOf(given: string[]): SortedKeys {
  const order = given.join('\u0000');
  const known = sortedKeysByOrder.get(order);
  // Keys may hold U+0000 themselves: the order must be the same keys, not only the same joined text.
  if (known && known.given.length === given.length && known.given.every((key, i) => key === given[i])) return known;
  const sorted = [...given].sort();
  const template = JSON.parse(`{${sorted.map((key) => `${JSON.stringify(key)}:""`).join(',')}}`) as Record<string, unknown>;
  if (sortedKeysByOrder.size >= MAX_KEY_ORDERS) sortedKeysByOrder.clear();
  const made = { given, sorted, template };
  sortedKeysByOrder.set(order, made);
  return made;
}

/** The answers with their keys in code-unit order (nested values by `sortedCopy`), or NOT_NATIVE. */
function sortedAnswers(answers: Record<string, unknown>): Record<string, unknown> | typeof NOT_NATIVE {
  const given = Object.keys(answers);
  if (given.some((key) => ARRAY_INDEX.test(key) || key === '__proto__')) return NOT_NATIVE;
  const { sorted, template } = sortedKeysOf(given);
  const copy = { ...template };
  for (const key of sorted) {
    const value = answers[key];
    const sortedValue = typeof value === 'string' ? value : sortedCopy(value);
    if (sortedValue === NOT_NATIVE) return NOT_NATIVE;
    copy[key] = sortedValue;
  }
  return copy;
}

/**
 * `canonicalJson(envelope)` for an envelope as the wire schema gives it,
 * written by V8's own `JSON.stringify` (three times faster than joining the
 * parts in JavaScript): the envelope's members are added in sorted order
 * here, the answers' by `sortedAnswers`. An answer key that would not keep
 * its place takes `fastCanonicalJson` instead.
 */
export function canonicalEnvelopeJson(envelope: ApplicationEnvelope): string {
  const answers = sortedAnswers(envelope.answers);
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
 * buffer: one allocation for the batch instead of one per application,
 * never a slice of Node's shared pool, so the whole buffer can move to
 * another thread.
 */
export function fingerprintsOf(envelopes: ApplicationEnvelope[]): Fingerprint[] {
  const texts = envelopes.map(canonicalEnvelopeJson);
  // Encoded where there is room for the longest (a UTF-16 unit takes at most three bytes), then copied out at their size.
  const scratch = scratchFor(3 * texts.reduce((sum, text) => sum + text.length, 0));
  const ends: number[] = [];
  let end = 0;
  for (const text of texts) ends.push((end += scratch.write(text, end, 'utf8')));
  const bytes = Buffer.allocUnsafeSlow(end);
  scratch.copy(bytes, 0, 0, end);
  return ends.map((stop, i) => {
    const json = bytes.subarray(i === 0 ? 0 : ends[i - 1], stop);
    return { json, sha256: sha256Hex(json) };
  });
}

let scratchBuffer = Buffer.alloc(0);

/**
 * A buffer of at least `size` bytes, the same one each time (grown when
 * needed): writing into a fresh one made the kernel zero pages that were
 * written once and dropped, and measuring each text first cost a pass of
 * its own.
 */
function scratchFor(size: number): Buffer {
  if (scratchBuffer.length < size) scratchBuffer = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratchBuffer.length));
  return scratchBuffer;
}
