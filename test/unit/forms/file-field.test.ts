import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../../src-shared/forms/engine';
import { Answers, FormDefinition, type AttachmentMediaType } from '../../../src-shared/forms/schema';

const both = (text: string) => ({ ky: text, ru: text });
const form = FormDefinition.parse({
  id: 'deeds',
  version: 1,
  title: both('Deeds'),
  pages: [{ id: 'files', title: both('Files'), fields: [{ id: 'deeds', type: 'file', label: both('Deeds'), minItems: 1, maxItems: 2, accept: ['application/pdf', 'image/png'] }] }],
});
const file = (n: number, mediaType: AttachmentMediaType = 'application/pdf') => ({ sha256: String(n).repeat(64).slice(0, 64), fileName: `f${n}.pdf`, mediaType, size: 100 });
const today = { today: new Date('2026-11-24T00:00:00Z') };

describe('a file field in the shared engine', () => {
  it('takes one to maxItems files of the accepted kinds, named by hash', () => {
    expect(validateAnswers(form, { deeds: [file(1)] }, today)).toEqual([]);
    expect(Answers.safeParse({ deeds: [file(1), file(2)] }).success).toBe(true);
  });

  it('counts, checks kinds and the shape, and refuses the same file twice', () => {
    expect(validateAnswers(form, {}, today)).toEqual([{ field: 'deeds', code: 'file.tooFew', params: { min: 1 } }]);
    expect(validateAnswers(form, { deeds: [file(1), file(2), file(3)] }, today)).toEqual([{ field: 'deeds', code: 'file.tooMany', params: { max: 2 } }]);
    expect(validateAnswers(form, { deeds: [file(1, 'image/jpeg')] }, today)).toEqual([{ field: 'deeds', code: 'file.type' }]);
    expect(validateAnswers(form, { deeds: [file(1), file(1)] }, today)).toEqual([{ field: 'deeds', code: 'file.twice' }]);
    expect(validateAnswers(form, { deeds: 'a.pdf' }, today)).toEqual([{ field: 'deeds', code: 'answer.type' }]);
    expect(validateAnswers(form, { deeds: ['a.pdf'] }, today)).toEqual([{ field: 'deeds', code: 'answer.type' }]);
  });

  it('is refused by the schema with options, or accept on another type', () => {
    const bad = (field: object) => FormDefinition.safeParse({ ...form, pages: [{ id: 'p', title: both('P'), fields: [field] }] }).success;
    expect(bad({ id: 'x', type: 'text', label: both('X'), accept: ['image/png'] })).toBe(false);
    expect(bad({ id: 'x', type: 'file', label: both('X'), maxItems: 11 })).toBe(false);
  });
});
