import { describe, expect, it } from 'vitest';
import { migrateAnswers } from '../../../src-shared/forms/migrate';
import { FormDefinition, type AnswerValue, type Answers, type FieldDefinition } from '../../../src-shared/forms/schema';

const both = (text: string) => ({ ky: `${text} (ky)`, ru: `${text} (ru)` });
const today = new Date('2026-11-24T08:00:00Z');

function form(version: number, fields: FieldDefinition[]): FormDefinition {
  return FormDefinition.parse({ id: 'f', version, title: both('Form'), pages: [{ id: 'p', title: both('Page'), fields }] });
}

const file = (sha: string, mediaType: 'image/png' | 'application/pdf') => ({
  sha256: sha.repeat(64).slice(0, 64),
  fileName: 'x',
  mediaType,
  size: 10,
});

interface Row {
  name: string;
  old: FieldDefinition;
  next: FieldDefinition;
  value: AnswerValue;
  kept: boolean;
  change: 'cleared' | 'added' | null;
}

const rows: Row[] = [
  {
    name: 'a valid answer the new field takes',
    old: { id: 'a', type: 'text', label: both('A') },
    next: { id: 'a', type: 'text', label: both('A2'), maxLength: 50 },
    value: 'Асанова',
    kept: true,
    change: null,
  },
  {
    name: 'a text now too long',
    old: { id: 'a', type: 'text', label: both('A') },
    next: { id: 'a', type: 'text', label: both('A2'), maxLength: 3 },
    value: 'Асанова',
    kept: false,
    change: 'cleared',
  },
  {
    name: 'a choice whose option is gone',
    old: { id: 'a', type: 'choice', label: both('A'), options: [{ value: 'x', label: both('X') }, { value: 'y', label: both('Y') }] },
    next: { id: 'a', type: 'choice', label: both('A2'), options: [{ value: 'x', label: both('X') }, { value: 'z', label: both('Z') }] },
    value: 'y',
    kept: false,
    change: 'cleared',
  },
  {
    name: 'a date the new field says may not be in the future',
    old: { id: 'a', type: 'date', label: both('A') },
    next: { id: 'a', type: 'date', label: both('A2'), notFuture: true },
    value: '2027-01-01',
    kept: false,
    change: 'cleared',
  },
  {
    name: 'a date in the past under the same rule',
    old: { id: 'a', type: 'date', label: both('A') },
    next: { id: 'a', type: 'date', label: both('A2'), notFuture: true },
    value: '2020-01-01',
    kept: true,
    change: null,
  },
  {
    name: 'a half-typed date neither version takes (work in progress)',
    old: { id: 'a', type: 'date', label: both('A') },
    next: { id: 'a', type: 'date', label: both('A2'), notFuture: true },
    value: '1990--',
    kept: true,
    change: null,
  },
  {
    name: 'a person group with fewer persons than the new form wants (unfinished, not wrong)',
    old: { id: 'a', type: 'person', label: both('A'), fields: [{ id: 'name', type: 'text', label: both('Name') }] },
    next: { id: 'a', type: 'person', label: both('A2'), minItems: 2, fields: [{ id: 'name', type: 'text', label: both('Name') }] },
    value: [{ name: 'Айбек' }],
    kept: true,
    change: null,
  },
  {
    name: 'a file of a kind the new field no longer accepts',
    old: { id: 'a', type: 'file', label: both('A') },
    next: { id: 'a', type: 'file', label: both('A2'), accept: ['image/png'] },
    value: [file('a', 'application/pdf')],
    kept: false,
    change: 'cleared',
  },
  {
    name: 'a file the new field still accepts',
    old: { id: 'a', type: 'file', label: both('A') },
    next: { id: 'a', type: 'file', label: both('A2'), accept: ['image/png'] },
    value: [file('b', 'image/png')],
    kept: true,
    change: null,
  },
  {
    name: 'an answered question of another type under the same id',
    old: { id: 'a', type: 'text', label: both('A') },
    next: { id: 'a', type: 'yesno', label: both('A2') },
    value: 'yes',
    kept: false,
    change: 'cleared',
  },
  {
    name: 'an empty answer of a question whose type changed',
    old: { id: 'a', type: 'text', label: both('A') },
    next: { id: 'a', type: 'yesno', label: both('A2') },
    value: '',
    kept: false,
    change: 'added',
  },
];

describe('migrateAnswers, field by field', () => {
  it.each(rows)('$name', ({ old, next, value, kept, change }) => {
    const result = migrateAnswers(form(1, [old]), form(2, [next]), { a: value }, { today });
    expect(result.answers).toEqual(kept ? { a: value } : {});
    expect(result.changes).toEqual(change ? [{ kind: change, fieldId: 'a', label: both('A2') }] : []);
  });
});

describe('migrateAnswers over a whole form', () => {
  const v1 = form(1, [
    { id: 'surname', type: 'text', label: both('Surname') },
    { id: 'phone', type: 'phone', label: both('Phone'), optional: true },
    { id: 'reason', type: 'text', label: both('Reason') },
  ]);
  const v3 = form(3, [
    { id: 'surname', type: 'text', label: both('Surname') },
    { id: 'fatherName', type: 'text', label: both('Father name'), optional: true },
    { id: 'reason', type: 'text', label: both('Reason'), maxLength: 4 },
  ]);

  it('reports added and cleared in the new form order, then removed with the old label, and drops unknown keys silently', () => {
    const answers: Answers = { surname: 'Асанова', phone: '+996 555 123 456', reason: 'lost it', stray: 'x' };
    const result = migrateAnswers(v1, v3, answers, { today });
    expect(result.answers).toEqual({ surname: 'Асанова' });
    expect(result.changes).toEqual([
      { kind: 'added', fieldId: 'fatherName', label: both('Father name') },
      { kind: 'cleared', fieldId: 'reason', label: both('Reason') },
      { kind: 'removed', fieldId: 'phone', label: both('Phone') },
    ]);
  });

  it('reports a removed question even when it was never answered, and changes nothing else', () => {
    const result = migrateAnswers(v1, v3, { surname: 'Ли' }, { today });
    expect(result.answers).toEqual({ surname: 'Ли' });
    expect(result.changes.map((c) => `${c.kind}:${c.fieldId}`)).toEqual(['added:fatherName', 'removed:phone']);
  });

  it('leaves its input untouched', () => {
    const answers: Answers = { surname: 'Асанова', reason: 'lost it' };
    const copy = structuredClone(answers);
    migrateAnswers(v1, v3, answers, { today });
    expect(answers).toEqual(copy);
  });
});
