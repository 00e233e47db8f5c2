import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeItems, rejectionOf } from '../../../src-central/applications/judge';
import { sha256Hex } from '../../../src-central/hashing';
import { ApplicationEnvelope, canonicalJson } from '../../../src-shared/sync/wire';
import { T0, testCatalog, validEnvelope } from './harness';

/**
 * The judge checks envelopes with zod's compiled fast path and writes their
 * canonical JSON its own way: both must be the wire schema's and the shared
 * `canonicalJson`'s, for whatever a client sends.
 */
const RUNS = Number(process.env.JUDGE_RUNS ?? 300);

const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', 'Айбек', '2026-03-01', '21503199012345', 'office', 'x'.repeat(4000), 'x'.repeat(4001), 'ж'.repeat(201), '\u0007', '\ud800'),
);
const fileAnswer = fc.record(
  {
    sha256: fc.oneof(fc.constant('a'.repeat(64)), fc.constant('A'.repeat(64)), fc.string({ maxLength: 3 })),
    fileName: fc.oneof(fc.constant('scan.jpg'), fc.constant(''), fc.string({ maxLength: 3 })),
    mediaType: fc.constantFrom('image/jpeg', 'image/png', 'application/pdf', 'image/gif'),
    size: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(1.5), fc.constant(2 ** 30 + 1)),
  },
  { requiredKeys: [] },
);
const answerValue = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ region: text, district: text, settlement: text, street: text }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.array(fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constant('__proto__')), text, { maxKeys: 3 }), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.array(fileAnswer, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const answerKey = fc.oneof(
  fc.constantFrom('childName', 'birthDate', 'applicantPin', 'delivery', 'address', '10', '9', '01', 'constructor', 'toString', '__proto__', 'k'.repeat(65)),
  fc.string({ maxLength: 6 }),
);
const answers = fc.dictionary(answerKey, answerValue, { maxKeys: 6 });

/** A valid envelope with some of its members replaced, dropped or joined by strangers. */
const envelopeLike = fc
  .record({
    answers,
    replaced: fc.oneof(
      { weight: 2, arbitrary: fc.constant({}) },
      {
        weight: 3,
        arbitrary: fc.dictionary(
          fc.constantFrom('localNumber', 'lookupCode', 'serviceId', 'formVersion', 'language', 'price', 'term', 'submittedAt', 'extra'),
          fc.oneof(fc.jsonValue({ maxDepth: 2 }), text, fc.constantFrom('ru', 3, 0, -1, 2.5, '2026-03-10T09:00:00+06:00', '2026-02-30T00:00:00Z')),
          { maxKeys: 2 },
        ),
      },
    ),
    dropped: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray(['localNumber', 'price', 'term', 'answers'] as const, { maxLength: 1 }) }),
    keepValidAnswers: fc.boolean(),
  })
  .map(({ answers: given, replaced, dropped, keepValidAnswers }) => {
    const envelope: Record<string, unknown> = { ...validEnvelope({ id: randomUUID() }), ...replaced };
    if (!keepValidAnswers) envelope.answers = given;
    for (const key of dropped) delete envelope[key];
    return envelope;
  });

describe('the judge against the wire schema', () => {
  it('leaves out a __proto__ answer, as the schema does, in the answers and in a person', () => {
    const base = validEnvelope();
    const sent = JSON.parse(
      JSON.stringify({ ...base, answers: { ...base.answers, persons: [{ name: 'Айбек' }] } })
        .replace('"childName"', '"__proto__":"x","childName"')
        .replace('{"name"', '{"__proto__":"y","name"'),
    ) as unknown;
    expect(Object.hasOwn((sent as { answers: object }).answers, '__proto__')).toBe(true);
    const [judged] = judgeItems([sent], testCatalog, T0);
    const spec = ApplicationEnvelope.parse(sent);
    expect(judged && 'fingerprint' in judged && Buffer.from(judged.fingerprint.json).toString('utf8')).toBe(canonicalJson(spec));
    expect(canonicalJson(spec)).not.toContain('__proto__');
  });

  it('takes what the schema takes, and fingerprints it as the shared canonicalJson of what the schema gives', () => {
    fc.assert(
      fc.property(fc.array(envelopeLike, { minLength: 1, maxLength: 4 }), (items) => {
        const judgedItems = judgeItems(items, testCatalog, T0);
        expect(judgedItems.map((judged) => judged.id)).toEqual(items.map((item) => item.id));
        for (const [i, item] of items.entries()) {
          const judged = judgedItems[i]!;
          const spec = ApplicationEnvelope.safeParse(item);
          expect('notAnEnvelope' in judged).toBe(!spec.success);
          if (!spec.success || !('fingerprint' in judged)) continue;
          const canonical = canonicalJson(spec.data);
          expect(Buffer.from(judged.fingerprint.json).toString('utf8')).toBe(canonical);
          expect(judged.fingerprint.sha256).toBe(sha256Hex(canonical));
          expect(judged.rejection).toEqual(rejectionOf(spec.data, testCatalog, T0));
          const { answers: _answers, price: _price, term: _term, ...columns } = spec.data;
          expect(judged.columns).toEqual(columns);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
