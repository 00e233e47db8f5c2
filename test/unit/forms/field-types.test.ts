import { describe, expect, it } from 'vitest';
import {
  isEmptyAnswer,
  keepVisibleAnswers,
  parseFieldPath,
  topFieldId,
  validateAnswers,
  validatePage,
  visiblePages,
} from '../../../src-shared/forms/engine';
import { findDistrict, findSettlement, PLACES_KG } from '../../../src-shared/forms/places-kg';
import { Answers, FormDefinition } from '../../../src-shared/forms/schema';
import { everyFieldForm as form } from './every-field-form';

const ctx = { today: new Date('2026-11-24T12:00:00Z') };
const l = (text: string) => ({ ky: text, ru: text });

const good: Answers = {
  surname: 'Асанова',
  birthDate: '1990-05-25',
  pin: '12505199012345',
  passport: 'ID1234567',
  phone: '0555 123 456',
  home: { region: 'chuy', district: 'kemin-district', settlement: 'orlovka', street: 'Ленин көчөсү, 5' },
  rooms: '3',
  purpose: 'work',
  office: 'osh1',
  languages: ['ky', 'ru'],
  hasChildren: 'yes',
  children: [
    { name: 'Айбек', birthDate: '2015-03-12', pin: '21203201500001' },
    { name: 'Нурай', birthDate: '2018-07-01', pin: '10107201800002', school: 'no' },
  ],
};

describe('the new field types', () => {
  it('accept a complete application with an address, a multiple choice and two persons', () => {
    expect(validateAnswers(form, good, ctx)).toEqual([]);
  });

  it.each([
    [{ languages: [] }, { field: 'languages', code: 'choice.tooFew', params: { min: 1 } }],
    [{ languages: ['ky', 'ru', 'en'] }, { field: 'languages', code: 'choice.tooMany', params: { max: 2 } }],
    [{ languages: ['ky', 'ky'] }, { field: 'languages', code: 'choice.invalid' }],
    [{ languages: ['fr'] }, { field: 'languages', code: 'choice.invalid' }],
    [{ languages: 'ky' }, { field: 'languages', code: 'answer.type' }],
    [{ office: 'karakol' }, { field: 'office', code: 'choice.invalid' }],
    [{ home: { region: '', district: '', settlement: '', street: '' } }, { field: 'home', code: 'required' }],
    [{ home: { region: 'mars', district: '', settlement: '', street: 'x' } }, { field: 'home', code: 'address.region' }],
    [{ home: { region: 'chuy', district: 'alay-district', settlement: 'gulcho', street: 'x' } }, { field: 'home', code: 'address.district' }],
    [{ home: { region: 'chuy', district: 'kemin-district', settlement: 'kant', street: 'x' } }, { field: 'home', code: 'address.settlement' }],
    [{ home: { region: 'chuy', district: 'kemin-district', settlement: 'orlovka', street: '  ' } }, { field: 'home', code: 'address.street' }],
    [{ home: 'Бишкек' }, { field: 'home', code: 'answer.type' }],
    [{ children: [] }, { field: 'children', code: 'person.tooFew', params: { min: 1 } }],
    [{ children: [{}, {}, {}, {}].map((_, i) => ({ name: 'Айбек', birthDate: '2015-03-12', pin: `2120320150000${i}` })) }, { field: 'children', code: 'person.tooMany', params: { max: 3 } }],
    [{ children: [{ name: 'Айбек', birthDate: '2015-03-12', pin: '31203201500001' }] }, { field: 'children[0].pin', code: 'pin.gender' }],
    [{ children: [{ name: 'Айбек', birthDate: '2015-03-12', pin: '21203201500001', shoeSize: '30' }] }, { field: 'children[0].shoeSize', code: 'answer.unknown' }],
    [{ children: ['Айбек'] }, { field: 'children', code: 'answer.type' }],
  ])('refuses %j', (change, error) => {
    expect(validateAnswers(form, { ...good, ...change } as Answers, ctx)).toEqual([error]);
  });

  it('points at each person and subfield with a problem', () => {
    const children = [
      { name: 'Айбек', birthDate: '2015-03-12', pin: '21203201500001' },
      { name: '', birthDate: '2015-02-30', pin: '2120320150000' },
    ];
    expect(validatePage(form, 'children', { ...good, children }, ctx)).toEqual([
      { field: 'children[1].name', code: 'required' },
      { field: 'children[1].birthDate', code: 'date.invalid' },
      { field: 'children[1].pin', code: 'pin.length' },
    ]);
    expect(topFieldId('children[1].pin')).toBe('children');
    expect(parseFieldPath('children[1].pin')).toEqual({ field: 'children', index: 1, subfield: 'pin' });
  });

  it('checks that the birth date in a ПИН agrees with the date field, beside the later field, once both are valid', () => {
    expect(validateAnswers(form, { ...good, pin: '12505199112345' }, ctx)).toEqual([{ field: 'pin', code: 'pin.birthDateMismatch' }]);
    // A broken PIN gets its own message, not a second one.
    expect(validateAnswers(form, { ...good, pin: '32505199012345' }, ctx)).toEqual([{ field: 'pin', code: 'pin.gender' }]);
    const children = [{ name: 'Айбек', birthDate: '2015-03-12', pin: '21203201600001' }];
    expect(validateAnswers(form, { ...good, children }, ctx)).toEqual([{ field: 'children[0].pin', code: 'pin.birthDateMismatch' }]);
    // The rule is checked on the page of its later field only.
    expect(validatePage(form, 'contacts', { ...good, pin: '12505199112345' }, ctx)).toEqual([]);
  });

  it('keeps minAgeYears beside the rule', () => {
    expect(validateAnswers(form, { ...good, birthDate: '2008-11-25', pin: '12511200812345' }, ctx)).toEqual([
      { field: 'birthDate', code: 'date.tooYoung', params: { years: 18 } },
    ]);
  });

  it('hides a page and drops its answers; an answer of a hidden field opens nothing', () => {
    const none = { ...good, hasChildren: 'no' };
    expect(visiblePages(form, none).map((p) => p.id)).not.toContain('children');
    expect(validateAnswers(form, none, ctx)).toEqual([]);
    expect(keepVisibleAnswers(form, none)).not.toHaveProperty('children');
    const chained = FormDefinition.parse({
      id: 'chain',
      version: 1,
      title: l('chain'),
      pages: [
        { id: 'a', title: l('a'), fields: [{ id: 'first', type: 'yesno', label: l('first') }] },
        { id: 'b', title: l('b'), showIf: { field: 'first', equals: ['yes'] }, fields: [{ id: 'second', type: 'yesno', label: l('second') }] },
        { id: 'c', title: l('c'), fields: [{ id: 'third', type: 'text', label: l('third'), showIf: { field: 'second', equals: ['yes'] } }, { id: 'fourth', type: 'text', label: l('fourth'), optional: true }] },
      ],
    });
    // "second" was answered, then "first" changed: its page is hidden, so "third" is too.
    expect(validateAnswers(chained, { first: 'no', second: 'yes' }, ctx)).toEqual([]);
    expect(keepVisibleAnswers(chained, { first: 'no', second: 'yes', third: 'x' })).toEqual({ first: 'no' });
  });

  it('treats an untouched address, an empty list and blank text as no answer', () => {
    expect(isEmptyAnswer({ region: '', district: '', settlement: '', street: ' ' })).toBe(true);
    expect(isEmptyAnswer([])).toBe(true);
    expect(isEmptyAnswer({ region: 'chuy', district: '', settlement: '', street: '' })).toBe(false);
    expect(keepVisibleAnswers(form, { ...good, home: { region: '', district: '', settlement: '', street: '' }, languages: [] })).not.toHaveProperty('home');
  });
});

describe('the form-definition schema for the new types', () => {
  const page = (fields: unknown[], rules?: unknown[]) => ({ id: 'x', version: 1, title: l('x'), rules, pages: [{ id: 'p', title: l('p'), fields }] });
  const ok = (definition: unknown) => FormDefinition.safeParse(definition).success;

  it('refuses a multiple choice without options, a select on a non-choice, a group without fields or with a group inside', () => {
    expect(ok(page([{ id: 'a', type: 'multichoice', label: l('a') }]))).toBe(false);
    expect(ok(page([{ id: 'a', type: 'text', display: 'select', label: l('a') }]))).toBe(false);
    expect(ok(page([{ id: 'a', type: 'person', label: l('a') }]))).toBe(false);
    expect(ok(page([{ id: 'a', type: 'person', label: l('a'), fields: [{ id: 'b', type: 'address', label: l('b') }] }]))).toBe(false);
    expect(ok(page([{ id: 'a', type: 'person', label: l('a'), maxItems: 21, fields: [{ id: 'b', type: 'text', label: l('b') }] }]))).toBe(false);
    expect(ok(page([{ id: 'a', type: 'person', label: l('a'), fields: [{ id: 'b', type: 'text', label: l('b') }] }]))).toBe(true);
  });

  it('refuses a condition that looks forward and a rule on fields of the wrong type or of different groups', () => {
    expect(ok(page([{ id: 'a', type: 'text', label: l('a'), showIf: { field: 'b', equals: ['yes'] } }, { id: 'b', type: 'yesno', label: l('b') }]))).toBe(false);
    const fields = [
      { id: 'pin', type: 'pin', label: l('pin') },
      { id: 'born', type: 'date', label: l('born') },
      { id: 'kids', type: 'person', label: l('kids'), fields: [{ id: 'born', type: 'date', label: l('born') }] },
    ];
    expect(ok(page(fields, [{ rule: 'pinMatchesBirthDate', pin: 'pin', date: 'born' }]))).toBe(true);
    expect(ok(page(fields, [{ rule: 'pinMatchesBirthDate', pin: 'born', date: 'pin' }]))).toBe(false);
    expect(ok(page(fields, [{ rule: 'pinMatchesBirthDate', pin: 'pin', date: 'kids.born' }]))).toBe(false);
    expect(ok(page(fields, [{ rule: 'pinMatchesBirthDate', pin: 'ghost', date: 'born' }]))).toBe(false);
  });
});

describe('answers at the contract', () => {
  it('take every shape and refuse megabytes', () => {
    expect(Answers.safeParse(good).success).toBe(true);
    expect(Answers.safeParse({ a: 'x'.repeat(4001) }).success).toBe(false);
    expect(Answers.safeParse({ home: { region: 'chuy', district: '', settlement: '', street: '', extra: 'x' } }).success).toBe(false);
    expect(Answers.safeParse({ kids: Array.from({ length: 21 }, () => ({ name: 'x' })) }).success).toBe(false);
    expect(Answers.safeParse({ kids: [{ name: 'x'.repeat(401) }] }).success).toBe(false);
    expect(Answers.safeParse({ kids: [Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'x']))] }).success).toBe(false);
    expect(Answers.safeParse(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 'x']))).success).toBe(false);
    expect(Answers.safeParse(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'x'.repeat(4000)]))).success).toBe(false);
  });
});

describe('the places of Kyrgyzstan', () => {
  it('has the seven regions and the cities of Bishkek and Osh, in Kyrgyz spelling', () => {
    expect(PLACES_KG).toHaveLength(9);
    const names = PLACES_KG.map((r) => r.name.ky);
    for (const name of ['Чүй облусу', 'Ысык-Көл облусу', 'Нарын облусу', 'Талас облусу', 'Жалал-Абад облусу', 'Ош облусу', 'Баткен облусу', 'Бишкек шаары', 'Ош шаары']) {
      expect(names).toContain(name);
    }
  });

  it('has the 40 districts of the regions, each with at least its centre, and ids used once', () => {
    const districts = PLACES_KG.filter((r) => !['bishkek', 'osh-city'].includes(r.id)).flatMap((r) => r.districts.filter((d) => d.id.endsWith('-district')));
    expect(districts).toHaveLength(40);
    const levels = [
      PLACES_KG.map((r) => r.id),
      PLACES_KG.flatMap((r) => r.districts.map((d) => d.id)),
      PLACES_KG.flatMap((r) => r.districts.flatMap((d) => d.settlements.map((s) => s.id))),
    ];
    for (const ids of levels) expect(new Set(ids).size).toBe(ids.length);
    for (const region of PLACES_KG) {
      for (const district of region.districts) {
        expect(district.settlements.length, district.id).toBeGreaterThan(0);
        expect(findDistrict(region.id, district.id)).toBe(district);
        for (const settlement of district.settlements) expect(findSettlement(district.id, settlement.id)).toBe(settlement);
      }
    }
    expect(findDistrict('osh', 'kemin-district')).toBeUndefined();
  });
});
