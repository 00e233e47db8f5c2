import { describe, expect, it } from 'vitest';
import { FormDefinition } from '../../../src-shared/forms/schema';
import {
  FIELD_ERROR_CODES,
  joinDate,
  keepVisibleAnswers,
  splitDate,
  validateAnswers,
  validatePage,
  visiblePages,
} from '../../../src-shared/forms/engine';

const l = (text: string) => ({ ky: text, ru: text });
const ctx = { today: new Date('2026-11-24T12:00:00Z') };

const form = FormDefinition.parse({
  id: 'marriage',
  version: 1,
  title: l('Marriage'),
  pages: [
    {
      id: 'applicant',
      title: l('Applicant'),
      fields: [
        { id: 'surname', type: 'text', label: l('Surname'), maxLength: 10 },
        { id: 'patronymic', type: 'text', label: l('Patronymic'), optional: true },
        { id: 'birthDate', type: 'date', label: l('Birth date'), notFuture: true, minAgeYears: 18 },
        { id: 'children', type: 'number', label: l('Children'), min: 0, max: 20 },
        { id: 'passport', type: 'document', label: l('Passport') },
        { id: 'email', type: 'email', label: l('E-mail'), optional: true },
        { id: 'code', type: 'text', label: l('Code'), optional: true, pattern: '[A-Z]{3}', patternMessage: l('three capitals') },
      ],
    },
    {
      id: 'previous',
      title: l('Previous marriage'),
      fields: [
        { id: 'marriedBefore', type: 'yesno', label: l('Married before?') },
        { id: 'divorceCertificate', type: 'text', label: l('Certificate'), showIf: { field: 'marriedBefore', equals: ['yes'] } },
      ],
    },
    {
      id: 'ceremony',
      title: l('Ceremony'),
      showIf: { field: 'marriedBefore', equals: ['no'] },
      fields: [{ id: 'ceremony', type: 'choice', label: l('Ceremony'), options: [{ value: 'solemn', label: l('Solemn') }, { value: 'simple', label: l('Simple') }] }],
    },
  ],
});

const good = {
  surname: 'Асанов',
  birthDate: '1990-05-25',
  children: '2',
  passport: 'ID1234567',
  marriedBefore: 'yes',
  divorceCertificate: 'II-АЖ 123456',
};

describe('the form engine', () => {
  it('accepts a complete application', () => {
    expect(validateAnswers(form, good, ctx)).toEqual([]);
  });

  it('names every missing required answer of a page, and not the optional ones', () => {
    expect(validatePage(form, 'applicant', {}, ctx)).toEqual([
      { field: 'surname', code: 'required' },
      { field: 'birthDate', code: 'required' },
      { field: 'children', code: 'required' },
      { field: 'passport', code: 'required' },
    ]);
  });

  it.each([
    [{ surname: 'Абдыкадыровакызы' }, { field: 'surname', code: 'text.tooLong', params: { max: 10 } }],
    [{ surname: 'Асан\u0007' }, { field: 'surname', code: 'text.control' }],
    [{ birthDate: '1990-02-30' }, { field: 'birthDate', code: 'date.invalid' }],
    [{ birthDate: '1990--25' }, { field: 'birthDate', code: 'date.invalid' }],
    [{ birthDate: '90-05-25' }, { field: 'birthDate', code: 'date.invalid' }],
    [{ birthDate: '2027-01-01' }, { field: 'birthDate', code: 'date.future' }],
    [{ birthDate: '2008-11-25' }, { field: 'birthDate', code: 'date.tooYoung', params: { years: 18 } }],
    [{ children: 'two' }, { field: 'children', code: 'number.invalid' }],
    [{ children: '21' }, { field: 'children', code: 'number.max', params: { max: 20 } }],
    [{ children: '-1' }, { field: 'children', code: 'number.min', params: { min: 0 } }],
    [{ passport: 'ID12345' }, { field: 'passport', code: 'document.invalid' }],
    [{ email: 'nobody' }, { field: 'email', code: 'email.invalid' }],
    [{ code: 'abc' }, { field: 'code', code: 'text.pattern' }],
    [{ marriedBefore: 'maybe' }, { field: 'marriedBefore', code: 'choice.invalid' }],
    [{ surname: ['a', 'b'] }, { field: 'surname', code: 'answer.type' }],
  ])('refuses %j', (change, error) => {
    expect(validateAnswers(form, { ...good, ...change }, ctx)).toEqual([error]);
  });

  it('is 18 on the birthday itself', () => {
    expect(validateAnswers(form, { ...good, birthDate: '2008-11-24' }, ctx)).toEqual([]);
  });

  it('follows conditions on fields and pages', () => {
    expect(validateAnswers(form, { ...good, divorceCertificate: '' }, ctx)).toEqual([{ field: 'divorceCertificate', code: 'required' }]);
    const firstMarriage = { ...good, marriedBefore: 'no' };
    expect(visiblePages(form, firstMarriage).map((p) => p.id)).toEqual(['applicant', 'previous', 'ceremony']);
    expect(validateAnswers(form, firstMarriage, ctx)).toEqual([{ field: 'ceremony', code: 'required' }]);
  });

  it('drops answers to hidden fields and empty answers before submit', () => {
    const kept = keepVisibleAnswers(form, { ...good, marriedBefore: 'no', ceremony: 'simple', patronymic: '  ' });
    expect(kept).not.toHaveProperty('divorceCertificate');
    expect(kept).not.toHaveProperty('patronymic');
    expect(kept).toMatchObject({ ceremony: 'simple' });
  });

  it('refuses answers to fields the form does not have', () => {
    expect(validateAnswers(form, { ...good, injected: 'x' }, ctx)).toEqual([{ field: 'injected', code: 'answer.unknown' }]);
  });

  it('keeps a half-typed date as typed', () => {
    expect(splitDate('1990--25')).toEqual({ year: '1990', month: '', day: '25' });
    expect(joinDate({ year: '', month: '5', day: '' })).toBe('-5-');
    expect(joinDate({ year: '', month: '', day: '' })).toBe('');
  });

  it('lists every code it can answer with', () => {
    const seen = ['required', 'text.tooLong', 'date.tooYoung', 'answer.unknown', 'document.invalid'];
    for (const code of seen) expect(FIELD_ERROR_CODES).toContain(code);
  });
});

describe('the form-definition schema', () => {
  it('refuses a form whose condition names a field it does not have', () => {
    const broken = { id: 'x', version: 1, title: l('x'), pages: [{ id: 'p', title: l('p'), fields: [{ id: 'a', type: 'text', label: l('a'), showIf: { field: 'ghost', equals: ['1'] } }] }] };
    expect(FormDefinition.safeParse(broken).success).toBe(false);
  });

  it('refuses a field id used twice, a choice without options and a pattern without its message', () => {
    const page = (fields: unknown[]) => ({ id: 'x', version: 1, title: l('x'), pages: [{ id: 'p', title: l('p'), fields }] });
    expect(FormDefinition.safeParse(page([{ id: 'a', type: 'text', label: l('a') }, { id: 'a', type: 'text', label: l('a') }])).success).toBe(false);
    expect(FormDefinition.safeParse(page([{ id: 'a', type: 'choice', label: l('a') }])).success).toBe(false);
    expect(FormDefinition.safeParse(page([{ id: 'a', type: 'text', label: l('a'), pattern: '\\d+' }])).success).toBe(false);
  });
});
