import { z } from 'zod';
import { type Catalog, findService } from '../../src-shared/catalog/schema';
import type { FieldError } from '../../src-shared/errors';
import { validateAnswers } from '../../src-shared/forms/engine';
import { formVersionAccepted } from '../../src-shared/forms/versions';
import type { Answers } from '../../src-shared/forms/schema';
import { ApplicationEnvelope, MAX_BATCH_ITEMS } from '../../src-shared/sync/wire';
import { attachmentsOf } from '../attachments/store';
import { type CatalogHistory, isCatalogHistory, singleCatalogHistory } from '../catalog/published';
import { decodeUtf8 } from '../requests';
import { isApplicationEnvelope } from './envelope-check';
import { type Fingerprint, fingerprintOf, fingerprintsOf } from './fingerprint';

/**
 * What can be said of a batch's items before anything is stored: whether
 * each is an envelope, what the catalog and the shared engine say of it, and
 * its fingerprint. A pure function of the body, the catalogs and the time,
 * so it can run away from the database (and off the thread that holds it).
 */

/** Reason codes of a `rejected` item (besides field errors found by the shared engine). */
export const REJECTION_REASONS = [
  'item.invalid',
  'service.unknown',
  'variant.unknown',
  'form.unknown',
  'form.unknownVersion',
  'form.versionRetired',
  'answers.invalid',
  'attachment.missing',
  'lookup.taken',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export type Rejection = { reason: RejectionReason; errors?: FieldError[] };

/*
 * The batch's wire schemas, compiled by zod: its generated fast path answers
 * what it can vouch for and hands anything else to the schema itself, so
 * the verdicts and the values are the schema's.
 */
/**
 * The batch is parsed loosely and each item on its own: one malformed
 * envelope is answered `rejected` instead of refusing the whole batch, which
 * would stall the kiosk's outbox behind it.
 */
const LooseBatch = z.compile(z.object({ items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) }));
const ItemId = z.compile(z.object({ id: z.string().uuid() }));

/** The items of a batch body, each still to be checked on its own; null when the batch cannot be answered per item. */
export function parseLooseBatch(body: Uint8Array): unknown[] | null {
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(body));
  } catch {
    return null;
  }
  const batch = LooseBatch.safeParse(json);
  // An item without a usable id cannot be answered per item.
  if (!batch.success || !batch.data.items.every((item) => ItemId.safeParse(item).success)) return null;
  return batch.data.items;
}

/** The id of an item `parseLooseBatch` let through. */
export function idOf(item: unknown): string {
  return ItemId.parse(item).id;
}

/**
 * The day the kiosk validated on: its submit time, but never later than our
 * own now, so a kiosk clock running ahead cannot make a birth date "past".
 */
export function validationDay(envelope: ApplicationEnvelope, now: Date): Date {
  const submitted = new Date(envelope.submittedAt);
  return submitted.getTime() < now.getTime() ? submitted : now;
}

/** The newest version of a form in one catalog. */
function currentFormVersion(catalog: Catalog, formId: string): number | undefined {
  const versions = catalog.forms.filter((f) => f.id === formId).map((f) => f.version);
  return versions.length > 0 ? Math.max(...versions) : undefined;
}

/** What the catalog and the shared engine say about an envelope; null when it may be stored. */
export function rejectionOf(envelope: ApplicationEnvelope, catalogs: Catalog | CatalogHistory, now: Date): Rejection | null {
  const history = isCatalogHistory(catalogs) ? catalogs : singleCatalogHistory(catalogs);
  // Service and variant as the catalog the kiosk names (the latest when we do not know it)…
  const catalog = history.catalogFor(envelope.catalogVersion);
  const service = findService(catalog, envelope.serviceId);
  if (!service) return { reason: 'service.unknown' };
  if (!service.variants.some((v) => v.id === envelope.variantId)) return { reason: 'variant.unknown' };
  if (service.formId !== envelope.formId) return { reason: 'form.unknown' };
  // Judged against the catalog the kiosk had at submit, so an offline kiosk is never refused for what it could not know.
  const current = currentFormVersion(catalog, envelope.formId);
  if (current !== undefined && !formVersionAccepted(envelope.formVersion, current)) return { reason: 'form.versionRetired' };
  // …and the form as it was when the citizen filled it, from whichever version published it.
  const form = history.form(envelope.formId, envelope.formVersion);
  if (!form) return { reason: 'form.unknownVersion' };
  const errors = validateAnswers(form, envelope.answers, { today: validationDay(envelope, now) });
  return errors.length > 0 ? { reason: 'answers.invalid', errors } : null;
}

/** What the applications row keeps of an envelope beside its JSON. */
export type EnvelopeColumns = Omit<ApplicationEnvelope, 'answers' | 'price' | 'term'>;

export type AttachedFile = ReturnType<typeof attachmentsOf>[number];

/** An envelope by the schema, judged: what storing it needs, and nothing a citizen typed beyond its JSON. */
export interface JudgedEnvelope {
  id: string;
  columns: EnvelopeColumns;
  fingerprint: Fingerprint;
  files: AttachedFile[];
  /** What the catalog and the engine found; the files are checked against what the service holds when it stores. */
  rejection: Rejection | null;
}

/**
 * An item that is no envelope by the schema is answered `item.invalid` by
 * its id; one whose judging failed unexpectedly, `retry`.
 */
export type JudgedItem = JudgedEnvelope | { id: string; notAnEnvelope: true } | JudgingFailed;
export type JudgingFailed = { id: string; judgingFailed: { error: string; errorCode: string | undefined } };

function columnsOf(envelope: ApplicationEnvelope): EnvelopeColumns {
  return {
    id: envelope.id,
    localNumber: envelope.localNumber,
    lookupCode: envelope.lookupCode,
    serviceId: envelope.serviceId,
    variantId: envelope.variantId,
    formId: envelope.formId,
    formVersion: envelope.formVersion,
    catalogVersion: envelope.catalogVersion,
    language: envelope.language,
    submittedAt: envelope.submittedAt,
  };
}

function judged(
  envelope: ApplicationEnvelope,
  fingerprint: Fingerprint,
  catalogs: Catalog | CatalogHistory,
  now: Date,
): JudgedEnvelope | JudgingFailed {
  try {
    return {
      id: envelope.id,
      columns: columnsOf(envelope),
      fingerprint,
      files: attachmentsOf(envelope),
      rejection: rejectionOf(envelope, catalogs, now),
    };
  } catch (error) {
    // One item the engine cannot judge never holds up the others: it is sent again later.
    return { id: envelope.id, judgingFailed: errorFields(error) };
  }
}

/** One envelope, already parsed by the schema. */
export function judgeEnvelope(envelope: ApplicationEnvelope, catalogs: Catalog | CatalogHistory, now: Date): JudgedEnvelope | JudgingFailed {
  return judged(envelope, fingerprintOf(envelope), catalogs, now);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether the schema's answers hold what the item's own answers hold: they
 * do unless a record (the answers, a person) has a `__proto__` key, which
 * the schema drops. Values are the same strings; lists and objects are
 * copies with the same members.
 */
function answersAsGiven(answers: unknown): answers is Answers {
  if (!isPlainRecord(answers) || Object.hasOwn(answers, '__proto__')) return false;
  for (const key in answers) {
    const value = answers[key];
    if (Array.isArray(value) && value.some((item) => isPlainRecord(item) && Object.hasOwn(item, '__proto__'))) return false;
  }
  return true;
}

/**
 * The envelope an item is by the wire schema, or null: what the schema's
 * parse gives, its members and nothing else. The answers handed on are the
 * item's own when they hold the same (nearly always): zod builds a record
 * as a dictionary-mode object, on which every later read (the engine, the
 * fingerprint, the files) is several times slower than on the object
 * JSON.parse made.
 */
function envelopeOf(item: unknown): ApplicationEnvelope | null {
  if (!isApplicationEnvelope(item)) return null;
  if (!answersAsGiven(item.answers)) return ApplicationEnvelope.parse(item);
  const { price, term } = item;
  return {
    id: item.id,
    localNumber: item.localNumber,
    lookupCode: item.lookupCode,
    serviceId: item.serviceId,
    variantId: item.variantId,
    formId: item.formId,
    formVersion: item.formVersion,
    catalogVersion: item.catalogVersion,
    language: item.language,
    answers: item.answers,
    price: { amount: price.amount, example: price.example } satisfies Record<keyof typeof price, unknown>,
    term: { value: term.value, unit: term.unit, example: term.example } satisfies Record<keyof typeof term, unknown>,
    submittedAt: item.submittedAt,
  } satisfies Record<keyof ApplicationEnvelope, unknown>;
}

/** The items `parseLooseBatch` let through, each judged on its own, in order. */
export function judgeItems(items: unknown[], catalogs: Catalog | CatalogHistory, now: Date): JudgedItem[] {
  const envelopes = items.map(envelopeOf);
  const fingerprints = fingerprintsOf(envelopes.filter((envelope) => envelope !== null));
  let next = 0;
  return items.map((item, i) => {
    const envelope = envelopes[i];
    if (!envelope) return { id: idOf(item), notAnEnvelope: true };
    return judged(envelope, fingerprints[next++]!, catalogs, now);
  });
}

/** What a log line may say of a failure: names and codes, never a message (it can quote data). */
export function errorFields(error: unknown): { error: string; errorCode: string | undefined } {
  const code = (error as { code?: unknown }).code;
  return { error: error instanceof Error ? error.name : 'unknown', errorCode: code === undefined ? undefined : String(code) };
}
