import { z } from 'zod';
import { TERM_UNITS } from '../../src-shared/catalog/schema';
import { LOOKUP_CODE_LENGTH, PLAIN_ALPHABET } from '../../src-shared/codes';
import {
  ANSWERS_MAX_CHARACTERS,
  ANSWERS_MAX_FIELDS,
  ATTACHMENT_MEDIA_TYPES,
  FILES_MAX,
  PERSONS_MAX,
  PERSON_VALUE_MAX,
  SELECTIONS_MAX,
} from '../../src-shared/forms/schema';
import { LANGUAGES } from '../../src-shared/language';
import type { ApplicationEnvelope } from '../../src-shared/sync/wire';

/**
 * `ApplicationEnvelope.safeParse(item).success` of `src-shared/sync/wire.ts`,
 * written out: the service checks every envelope it is sent, and zod (its
 * compiled fast path too) builds the answers as a dictionary-mode object
 * for its own refinements, which cost more than the whole check here. The
 * schema stays the definition: a property test holds this to its verdicts
 * for envelopes of every shape, and each rule below names the schema's.
 * zod 4 measures a string's length in code points and a number must be
 * finite; records skip a `__proto__` key.
 */

const UUID = z.regexes.uuid();
const DATETIME_WITH_OFFSET = z.regexes.datetime({ offset: true, local: false, precision: undefined } as Parameters<typeof z.regexes.datetime>[0]);
const LOOKUP_CODE = new RegExp(`^[${PLAIN_ALPHABET}]+$`);
const SHA256 = /^[0-9a-f]{64}$/;
const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** Characters as zod counts them: code points (a lone surrogate is one). */
function codePoints(text: string): number {
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let count = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count -= 1;
      i += 1;
    }
  }
  return count;
}

/** `z.string().min(min).max(max)`; a bound in code points can only be missed when the UTF-16 length is near it. */
function isText(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string') return false;
  if (value.length < min || (value.length > max && codePoints(value) > max)) return false;
  return value.length >= 2 * min || codePoints(value) >= min;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** z.object's test: an object, not null, not an array. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** z.record's test (zod's `isPlainObject`). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prototype = (ctor as { prototype?: unknown }).prototype;
  return isObject(prototype) && Object.hasOwn(prototype, 'isPrototypeOf');
}

/** A record's entries as zod reads them: own string keys, `__proto__` left out. */
function recordKeys(record: Record<string, unknown>): string[] | null {
  // Symbols never come from JSON; one is something zod would read and this check does not.
  if (Object.getOwnPropertySymbols(record).length > 0) return null;
  return Object.getOwnPropertyNames(record).filter((key) => key !== '__proto__');
}

/** `.strict()`: no key but the shape's. */
function hasOnlyKeys(record: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const key in record) if (!keys.includes(key)) return false;
  return true;
}

const ADDRESS_KEYS = ['region', 'district', 'settlement', 'street'] as const;
/** AddressAnswer: strict; the place ids up to 64, the street up to 200. */
function isAddress(value: unknown): boolean {
  return (
    isObject(value) &&
    isText(value.region, 0, 64) &&
    isText(value.district, 0, 64) &&
    isText(value.settlement, 0, 64) &&
    isText(value.street, 0, 200) &&
    hasOnlyKeys(value, ADDRESS_KEYS)
  );
}

/** PersonAnswer: a record of keys up to 64 to texts up to PERSON_VALUE_MAX, at most 20 of them. */
function isPerson(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = recordKeys(value);
  if (!keys || keys.length > 20) return false;
  return keys.every((key) => isText(key, 0, 64) && isText(value[key], 0, PERSON_VALUE_MAX));
}

const FILE_KEYS = ['sha256', 'fileName', 'mediaType', 'size'] as const;
/** FileAnswer: strict. */
function isFile(value: unknown): boolean {
  if (!isObject(value)) return false;
  const size = value.size;
  return (
    typeof value.sha256 === 'string' &&
    SHA256.test(value.sha256) &&
    isText(value.fileName, 1, 200) &&
    (ATTACHMENT_MEDIA_TYPES as readonly unknown[]).includes(value.mediaType) &&
    isFiniteNumber(size) &&
    Number.isSafeInteger(size) &&
    size > 0 &&
    size <= 1024 * 1024 * 1024 &&
    hasOnlyKeys(value, FILE_KEYS)
  );
}

/** AnswerValue: the first of the union's options that takes it. */
function isAnswerValue(value: unknown): boolean {
  if (typeof value === 'string') return isText(value, 0, 4000);
  if (!Array.isArray(value)) return isAddress(value);
  const items = value as unknown[];
  if (items.length <= SELECTIONS_MAX && items.every((item) => isText(item, 0, 200))) return true;
  if (items.length <= PERSONS_MAX && items.every(isPerson)) return true;
  return items.length <= FILES_MAX && items.every(isFile);
}

/** What Answers' second refinement counts: UTF-16 units of every text (a person's or a file's too). */
function charactersOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value as unknown[]) {
      if (typeof item === 'string') total += item.length;
      else for (const [key, text] of Object.entries(item as Record<string, unknown>)) total += key !== '__proto__' && typeof text === 'string' ? text.length : 0;
    }
    return total;
  }
  const address = value as Record<(typeof ADDRESS_KEYS)[number], string>;
  return address.region.length + address.district.length + address.settlement.length + address.street.length;
}

/** Answers: a record of keys up to 64 to answer values, at most ANSWERS_MAX_FIELDS of them and ANSWERS_MAX_CHARACTERS in all. */
function isAnswers(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = recordKeys(value);
  if (!keys) return false;
  let characters = 0;
  for (const key of keys) {
    const answer = value[key];
    if (!isText(key, 0, 64) || !isAnswerValue(answer)) return false;
    characters += charactersOf(answer);
  }
  return keys.length <= ANSWERS_MAX_FIELDS && characters <= ANSWERS_MAX_CHARACTERS;
}

function isPrice(value: unknown): boolean {
  return isObject(value) && isFiniteNumber(value.amount) && value.amount >= 0 && typeof value.example === 'boolean';
}

function isTerm(value: unknown): boolean {
  return (
    isObject(value) &&
    isFiniteNumber(value.value) &&
    value.value > 0 &&
    (TERM_UNITS as readonly unknown[]).includes(value.unit) &&
    typeof value.example === 'boolean'
  );
}

/** ApplicationEnvelope, member by member; unknown members are allowed (the schema strips them). */
export function isApplicationEnvelope(value: unknown): value is ApplicationEnvelope {
  if (!isObject(value)) return false;
  const { id, lookupCode, formVersion, submittedAt } = value;
  return (
    typeof id === 'string' &&
    UUID.test(id) &&
    isText(value.localNumber, 1, 40) &&
    isText(lookupCode, LOOKUP_CODE_LENGTH, LOOKUP_CODE_LENGTH) &&
    LOOKUP_CODE.test(lookupCode) &&
    isText(value.serviceId, 1, 100) &&
    isText(value.variantId, 1, 100) &&
    isText(value.formId, 1, 100) &&
    isFiniteNumber(formVersion) &&
    Number.isSafeInteger(formVersion) &&
    formVersion > 0 &&
    isText(value.catalogVersion, 1, 100) &&
    (LANGUAGES as readonly unknown[]).includes(value.language) &&
    isAnswers(value.answers) &&
    isPrice(value.price) &&
    isTerm(value.term) &&
    typeof submittedAt === 'string' &&
    DATETIME_WITH_OFFSET.test(submittedAt)
  );
}
