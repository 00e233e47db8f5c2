import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../../src-central/app';
import { createEnrollmentCode } from '../../../src-central/enrollment/codes';
import { dispatchCall } from '../../../src-main/core/dispatch';
import { createCore, type Core } from '../../../src-main/core/index';
import { generateKioskKeys, signRequest, type KioskKeys } from '../../../src-main/core/sync/signer';
import { LOOKUP_CODE_LENGTH, randomPlainCode } from '../../../src-shared/codes';
import type { FieldError } from '../../../src-shared/errors';
import { validatePage, visiblePages } from '../../../src-shared/forms/engine';
import type { AnswerValue, Answers } from '../../../src-shared/forms/schema';
import { BatchResponse, EnrollResponse, type ApplicationEnvelope } from '../../../src-shared/sync/wire';
import { tempDir, writeFixtureCatalog } from '../../support/catalog-fixture';
import { everyFieldCatalog, everyFieldForm, SERVICE_ID, VARIANT_ID } from './every-field-form';

/**
 * The one engine, three places: random answers (valid, invalid, edge values)
 * to a form of every field type go through the renderer's page-by-page
 * checks, the real core's submit and the real central service's ingest, and
 * all three must give the same verdict — accepted, or the same errors.
 */
const NOW = new Date('2026-11-24T09:00:00.000Z');
const RUNS = Number(process.env.SAME_VERDICT_RUNS ?? 300);
const SEED = Number(process.env.SAME_VERDICT_SEED ?? Date.now() % 2_147_483_647);

type Verdict = string[];
const verdictOf = (errors: FieldError[]): Verdict => [...new Set(errors.map((e) => `${e.field}:${e.code}`))].sort();

// ---- answers ---------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const pinFor = (date: string, sex: '1' | '2', serial: number) => {
  const [y = '', m = '', d = ''] = date.split('-');
  return `${sex}${d}${m}${y}${pad(serial, 5)}`;
};

const anyDate = fc.oneof(
  fc.record({ y: fc.integer({ min: 1890, max: 2030 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) }).map(({ y, m, d }) => isoDate(y, m, d)),
  fc.constantFrom('2008-11-24', '2008-11-25', '2026-11-24', '2026-11-25', '1990-02-29', '2000-02-29', '1990--25', '90-05-25', '', '1899-12-31'),
);
const adultDate = fc.record({ y: fc.integer({ min: 1930, max: 2007 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => isoDate(y, m, d));
const childDate = fc.record({ y: fc.integer({ min: 2010, max: 2025 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => isoDate(y, m, d));

/** A PIN that agrees with the date (mostly), or one of the ways a PIN goes wrong. */
const pinOf = (date: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('1' as const, '2' as const), fc.integer({ min: 0, max: 99999 })).map(([sex, serial]) => pinFor(date, sex, serial)) },
    { weight: 1, arbitrary: fc.constantFrom('', '3' + '2505199012345', '12505199012', '1250519901234x', '13013199012345', '22505199112345', '12505203012345') },
    { weight: 1, arbitrary: fc.stringMatching(/^\d{14}$/) },
  );

const text = (valid: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', 'Асан\u0007', 'Ы'.repeat(21), 'Ө'.repeat(20)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 25 }) },
  );

const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 6 });

const address = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(
    { region: 'chuy', district: 'ysyk-ata-district', settlement: 'kant', street: 'Ленин көчөсү, 5' },
    { region: 'bishkek', district: 'bishkek-leninsky', settlement: 'bishkek-leninsky-city', street: 'Чүй проспекти, 120, 15-батир' },
    { region: 'osh-city', district: 'osh-city-all', settlement: 'osh', street: 'Курманжан Датка, 1' },
  ) },
  { weight: 2, arbitrary: fc.constantFrom(
    { region: 'chuy', district: 'bishkek-leninsky', settlement: 'kant', street: 'x' },
    { region: 'chuy', district: 'ysyk-ata-district', settlement: 'osh', street: 'x' },
    { region: 'mars', district: '', settlement: '', street: '' },
    { region: 'naryn', district: 'naryn-district', settlement: 'naryn', street: '   ' },
    { region: 'talas', district: 'talas-district', settlement: 'talas', street: 'Б'.repeat(200) },
    { region: 'batken', district: 'leilek-district', settlement: 'isfana', street: 'Көчө\u0001' },
    { region: '', district: '', settlement: '', street: '' },
  ) },
  { weight: 1, arbitrary: fc.record({ region: fc.constantFrom('chuy', 'osh', ''), district: fc.constantFrom('kemin-district', 'alay-district', ''), settlement: fc.constantFrom('orlovka', 'gulcho', 'x'), street: fc.string({ maxLength: 10 }) }) },
);

const child = childDate.chain((birthDate) =>
  fc.record(
    {
      name: text(['Айбек', 'Нурай']),
      birthDate: fc.oneof({ weight: 5, arbitrary: fc.constant(birthDate) }, { weight: 1, arbitrary: anyDate }),
      pin: pinOf(birthDate),
      school: fc.constantFrom('yes', 'no', '', 'maybe'),
    },
    { requiredKeys: [] },
  ),
);

/** Wrong shapes a bug could send: a list for text, text for a list. */
const wrongShape: fc.Arbitrary<AnswerValue> = fc.constantFrom<AnswerValue>(['a', 'b'], 'text', [], [{ name: 'x' }]);

const randomAnswers: fc.Arbitrary<Answers> = adultDate.chain((birthDate) =>
  fc
    .record(
      {
        surname: maybe(text(['Асанова', 'Өмүрбеков'])),
        code: maybe(fc.constantFrom('', 'AB12', 'ab12', 'ABC1')),
        birthDate: maybe(fc.oneof({ weight: 4, arbitrary: fc.constant(birthDate) }, { weight: 2, arbitrary: anyDate })),
        pin: maybe(pinOf(birthDate)),
        passport: maybe(fc.constantFrom('ID1234567', 'AN7654321', 'id1234567', 'ID12345', '')),
        phone: maybe(fc.constantFrom('+996555123456', '0555 123 456', '0555', '+7 700 000 00 00', '')),
        email: maybe(fc.constantFrom('name@example.kg', 'nobody', '')),
        home: maybe(address),
        rooms: maybe(fc.constantFrom('1', '12', '0', '13', '2,5', 'two', '')),
        purpose: maybe(fc.constantFrom('work', 'study', 'other', 'other', 'sleep', '')),
        purposeOther: maybe(fc.constantFrom('Үй-бүлөм менен', '', 'Ы'.repeat(51))),
        office: maybe(fc.constantFrom('bishkek1', 'osh1', 'karakol', '')),
        languages: maybe(fc.oneof(fc.subarray(['ky', 'ru', 'en']), fc.constantFrom(['ky', 'ky'], ['fr']))),
        hasChildren: maybe(fc.constantFrom('yes', 'yes', 'no', 'maybe', '')),
        children: maybe(fc.array(child, { maxLength: 4 })),
      },
      { requiredKeys: [] },
    )
    .chain((given) =>
      // Now and then one answer takes a shape its field never has.
      fc.option(fc.tuple(fc.constantFrom(...Object.keys(given)), wrongShape), { freq: 8, nil: null }).map((bend) => {
        const result: Answers = {};
        for (const [key, value] of Object.entries(given)) if (value !== undefined) result[key] = value as AnswerValue;
        if (bend && bend[0] in result) result[bend[0]] = bend[1];
        return result;
      }),
    ),
);

const validChild = childDate.chain((birthDate) =>
  fc.record({
    name: fc.constantFrom('Айбек', 'Нурай'),
    birthDate: fc.constant(birthDate),
    pin: fc.tuple(fc.constantFrom('1' as const, '2' as const), fc.integer({ min: 0, max: 99999 })).map(([sex, serial]) => pinFor(birthDate, sex, serial)),
  }),
);

/** An application the form accepts, in any of its shapes (children or not, another purpose or not). */
const validAnswers: fc.Arbitrary<Answers> = fc
  .record({
    birthDate: adultDate,
    sex: fc.constantFrom('1' as const, '2' as const),
    serial: fc.integer({ min: 0, max: 99999 }),
    purpose: fc.constantFrom('work', 'study', 'other'),
    languages: fc.constantFrom<string[]>(['ky'], ['ru', 'en'], ['ky', 'ru']),
    children: fc.option(fc.array(validChild, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(({ birthDate, sex, serial, purpose, languages, children }) => ({
    surname: 'Асанова',
    birthDate,
    pin: pinFor(birthDate, sex, serial),
    passport: 'ID1234567',
    phone: '0555 123 456',
    home: { region: 'chuy', district: 'kemin-district', settlement: 'orlovka', street: 'Ленин көчөсү, 5' },
    rooms: '3',
    purpose,
    ...(purpose === 'other' ? { purposeOther: 'Үй-бүлөм менен' } : {}),
    office: 'osh1',
    languages,
    hasChildren: children ? 'yes' : 'no',
    ...(children ? { children } : {}),
  }));

/** Half the time a valid application with up to two answers swapped for random ones: the edges of acceptance. */
const answers: fc.Arbitrary<Answers> = fc.oneof(
  randomAnswers,
  fc.tuple(validAnswers, randomAnswers, fc.integer({ min: 0, max: 2 })).chain(([valid, noise, count]) =>
    fc.subarray(Object.keys(noise), { maxLength: count }).map((keys) => {
      const mixed: Answers = { ...valid };
      for (const key of keys) mixed[key] = noise[key] as AnswerValue;
      return mixed;
    }),
  ),
);

// ---- the three places --------------------------------------------------------

function rendererVerdict(given: Answers): Verdict {
  const ctx = { today: NOW };
  return verdictOf(visiblePages(everyFieldForm, given).flatMap((page) => validatePage(everyFieldForm, page.id, given, ctx)));
}

let core: Core;
let central: Central;
let kiosk: { id: string; keys: KioskKeys };
const dirs: string[] = [];

async function coreVerdict(given: Answers): Promise<Verdict> {
  const draft = await core.createDraft({ serviceId: SERVICE_ID, variantId: VARIANT_ID });
  const saved = await dispatchCall(core, 'saveDraft', { id: draft.id, answers: given, pageId: null });
  if (!saved.ok) throw new Error(`the contract refused answers a renderer can send: ${JSON.stringify(saved.error)}`);
  const submitted = await dispatchCall(core, 'submitApplication', { draftId: draft.id, consent: true });
  if (submitted.ok) return [];
  if (submitted.error.code !== 'application.invalid') throw new Error(`unexpected ${submitted.error.code}`);
  return verdictOf(submitted.error.fields ?? []);
}

async function centralVerdict(given: Answers): Promise<Verdict> {
  const envelope: ApplicationEnvelope = {
    id: randomUUID(),
    localNumber: 'K1-000001',
    lookupCode: randomPlainCode(randomBytes, LOOKUP_CODE_LENGTH),
    serviceId: SERVICE_ID,
    variantId: VARIANT_ID,
    formId: everyFieldForm.id,
    formVersion: everyFieldForm.version,
    catalogVersion: everyFieldCatalog.version,
    language: 'ky',
    // As typed, hidden and empty answers included: the service must judge them as the kiosk did.
    answers: given,
    price: { amount: 510, example: false },
    term: { value: 12, unit: 'workingDays', example: false },
    submittedAt: NOW.toISOString(),
  };
  const body = JSON.stringify({ items: [envelope] });
  const path = '/v1/applications/batch';
  const headers = signRequest({ kioskId: kiosk.id, privateKey: kiosk.keys.privateKey, method: 'POST', path, body, time: NOW, nonce: randomUUID() });
  const response = await central.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...headers }, payload: body });
  if (response.statusCode !== 200) throw new Error(`central answered ${response.statusCode}: ${response.body}`);
  const [result] = BatchResponse.parse(response.json()).results;
  if (result?.outcome === 'accepted') return [];
  if (result?.outcome !== 'rejected' || result.reason !== 'answers.invalid') throw new Error(`unexpected ${JSON.stringify(result)}`);
  return verdictOf(result.errors ?? []);
}

beforeAll(async () => {
  const kioskDir = tempDir('same-verdict-kiosk-');
  const centralDir = tempDir('same-verdict-central-');
  dirs.push(kioskDir, centralDir);
  core = createCore({ dataDir: kioskDir, catalogSnapshotPath: writeFixtureCatalog(everyFieldCatalog), centralUrl: null, clock: () => NOW });
  central = createCentral({ dbPath: join(centralDir, 'central.sqlite'), catalog: everyFieldCatalog, clock: () => NOW, log: () => {} });
  const keys = generateKioskKeys();
  const { code } = createEnrollmentCode(central.db, { officeName: 'Бишкек №1', now: NOW, randomBytes: (n) => Buffer.alloc(n, 7) });
  const enrolled = await central.app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, publicKey: keys.publicKey, terminalName: 'T1' } });
  kiosk = { id: EnrollResponse.parse(enrolled.json()).kioskId, keys };
});

afterAll(async () => {
  await core?.close();
  await central?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('one engine, three places', () => {
  it('gives the same verdict in the renderer, the core and the central service', async () => {
    console.log(`same-verdict property: seed ${SEED}, ${RUNS} runs (repeat with SAME_VERDICT_SEED=${SEED})`);
    let accepted = 0;
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(answers, async (given) => {
        const renderer = rendererVerdict(given);
        const [inCore, inCentral] = [await coreVerdict(given), await centralVerdict(given)];
        expect(inCore).toEqual(renderer);
        expect(inCentral).toEqual(renderer);
        if (renderer.length === 0) accepted += 1;
        for (const entry of renderer) codes.add(entry.slice(entry.indexOf(':') + 1));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`same-verdict property: ${accepted} of ${RUNS} accepted; codes seen: ${[...codes].sort().join(' ')}`);
    // The generator must reach both verdicts, or the property says little.
    expect(accepted).toBeGreaterThan(RUNS / 20);
    expect(codes.size).toBeGreaterThan(10);
  }, 120_000);
});
