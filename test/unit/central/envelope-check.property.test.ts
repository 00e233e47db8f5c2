import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isApplicationEnvelope } from '../../../src-central/applications/envelope-check';
import { ApplicationEnvelope } from '../../../src-shared/sync/wire';
import { validEnvelope } from './harness';

/**
 * The hand-written envelope check against the wire schema it stands for:
 * envelopes valid and a little or much off, at every bound the schema has
 * (lengths in code points, list and record sizes, numbers, enums, strict
 * objects, `__proto__` keys), as objects and as JSON.parse reads them.
 */
const RUNS = Number(process.env.ENVELOPE_CHECK_RUNS ?? 3000);

const PAIR = '😀';
/** A text of `n` characters, made of plain letters, Cyrillic, surrogate pairs or lone surrogates. */
const textOf = (n: number) =>
  fc.constantFrom('a', 'ж', PAIR, '\ud800', '\udc00').map((unit) => (n <= 0 ? '' : unit.repeat(n)));
const around = (bound: number) => fc.constantFrom(0, 1, bound - 1, bound, bound + 1, 2 * bound, 2 * bound + 1).filter((n) => n >= 0);
const textNear = (bound: number) => around(bound).chain(textOf);
const anyJson = fc.jsonValue({ maxDepth: 2 });
const numberLike = fc.constantFrom(0, -0, 1, -1, 1.5, 2 ** 30, 2 ** 30 + 1, 2 ** 53, Number.MAX_SAFE_INTEGER, Infinity, NaN, '1', null, true);

const file = fc.record(
  {
    sha256: fc.constantFrom('a'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), `${'0'.repeat(63)}g`, 7),
    fileName: textNear(200),
    mediaType: fc.constantFrom('image/jpeg', 'image/png', 'application/pdf', 'image/gif', null),
    size: numberLike,
    extra: fc.constantFrom(1, 'x'),
  },
  { requiredKeys: [] },
);
const person = fc.dictionary(fc.oneof(textNear(64), fc.constantFrom('name', '__proto__', 'constructor')), fc.oneof(textNear(400), numberLike), {
  maxKeys: 22,
});
const address = fc.record(
  { region: textNear(64), district: textNear(64), settlement: textNear(64), street: textNear(200), extra: fc.constant('x') },
  { requiredKeys: [] },
);
const answerValue = fc.oneof(
  textNear(4000),
  fc.array(textNear(200), { maxLength: 3 }),
  around(50).chain((n) => fc.constant(Array.from({ length: n }, () => 'x'))),
  address,
  fc.array(person, { maxLength: 2 }),
  around(20).chain((n) => fc.constant(Array.from({ length: n }, () => ({ name: 'Айбек' })))),
  fc.array(file, { maxLength: 2 }),
  around(10).chain((n) => fc.constant(Array.from({ length: n }, (_, i) => ({ sha256: 'a'.repeat(64), fileName: `f${i}`, mediaType: 'image/png', size: 1 })))),
  fc.array(fc.oneof(textNear(200), person, file), { minLength: 1, maxLength: 3 }),
  anyJson,
);
const answers = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(textNear(64), fc.constantFrom('childName', '__proto__', 'constructor', '10')), answerValue, { maxKeys: 2 }) },
  around(200).chain((n) => fc.constant(Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, 'x'])))),
  around(100_000).chain((n) => fc.constant(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, 'x'.repeat(Math.floor(n / 25) + (i === 0 ? n % 25 : 0))])))),
  fc.constantFrom(null, [], 'x', {}),
);

/** One member of the envelope set to a value near a bound, or off its type. */
const member = fc.oneof(
  fc.record({ key: fc.constant('id'), value: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '6F1C2D3E-4B5A-4C7D-8E9F-0A1B2C3D4E5F', '6f1c2d3e-4b5a-9c7d-8e9f-0a1b2c3d4e5f', 'x') }),
  fc.record({ key: fc.constantFrom('localNumber'), value: fc.oneof(textNear(40), textNear(1), anyJson) }),
  fc.record({ key: fc.constantFrom('serviceId', 'variantId', 'formId', 'catalogVersion'), value: fc.oneof(textNear(100), textNear(1), anyJson) }),
  fc.record({ key: fc.constant('lookupCode'), value: fc.oneof(fc.constantFrom('ACDEFGHJKMNP', 'ACDEFGHJKMN', 'ACDEFGHJKMNPQ', 'acdefghjkmnp', 'ACDEFGHJKMN0', `${PAIR.repeat(6)}`), textNear(12)) }),
  fc.record({ key: fc.constant('formVersion'), value: numberLike }),
  fc.record({ key: fc.constant('language'), value: fc.constantFrom('ky', 'ru', 'en', 'KY', '', null) }),
  fc.record({ key: fc.constant('answers'), value: answers }),
  fc.record({
    key: fc.constant('price'),
    value: fc.oneof(fc.record({ amount: numberLike, example: fc.constantFrom(true, false, 'true', 0), more: fc.constant(1) }, { requiredKeys: [] }), anyJson),
  }),
  fc.record({
    key: fc.constant('term'),
    value: fc.oneof(
      fc.record({ value: numberLike, unit: fc.constantFrom('workingDays', 'days', 'hours', 'months', 'weeks', 3), example: fc.boolean(), more: fc.constant(1) }, { requiredKeys: [] }),
      anyJson,
    ),
  }),
  fc.record({
    key: fc.constant('submittedAt'),
    value: fc.constantFrom('2026-03-10T08:55:00.000Z', '2026-03-10T08:55:00Z', '2026-03-10T08:55:00+06:00', '2026-03-10T08:55Z', '2026-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '2026-03-10 08:55:00Z', '2026-03-10T24:00:00Z', 7),
  }),
  fc.record({ key: fc.constantFrom('extra', 'constructor'), value: anyJson }),
);

const envelopeLike = fc
  .record({
    // Mostly one member changed, so that as many envelopes stay valid as not.
    changes: fc.oneof({ weight: 3, arbitrary: fc.array(member, { maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(member, { maxLength: 3 }) }),
    drop: fc.oneof({ weight: 11, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('localNumber', 'answers', 'price', 'term', 'submittedAt') }),
  })
  .map(({ changes, drop }) => {
    const envelope: Record<string, unknown> = { ...validEnvelope() };
    for (const { key, value } of changes) envelope[key] = value;
    if (drop) delete envelope[drop];
    return envelope;
  });

describe('the envelope check against the wire schema', () => {
  it('takes exactly what ApplicationEnvelope takes', () => {
    fc.assert(
      fc.property(envelopeLike, (envelope) => {
        expect(isApplicationEnvelope(envelope)).toBe(ApplicationEnvelope.safeParse(envelope).success);
      }),
      { numRuns: RUNS },
    );
  });

  it('takes exactly what ApplicationEnvelope takes once the envelope has travelled as JSON', () => {
    fc.assert(
      fc.property(envelopeLike, (envelope) => {
        const json = JSON.stringify(envelope);
        if (json === undefined) return;
        // JSON.parse keeps a "__proto__" key as a key of its own, as a kiosk's body would.
        const read = JSON.parse(json.replace('"childName"', '"__proto__":"x","childName"')) as unknown;
        expect(isApplicationEnvelope(read)).toBe(ApplicationEnvelope.safeParse(read).success);
      }),
      { numRuns: RUNS },
    );
  });

  it('is not a check that takes nothing: valid envelopes pass, and many of those generated', () => {
    expect(isApplicationEnvelope(validEnvelope())).toBe(true);
    const sample = fc.sample(envelopeLike, 2000);
    const valid = sample.filter((envelope) => ApplicationEnvelope.safeParse(envelope).success).length;
    expect(valid).toBeGreaterThan(400);
    expect(valid).toBeLessThan(1600);
  });
});
