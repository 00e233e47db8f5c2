import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characterCount, checkField } from '../../../src-shared/forms/engine';
import { FieldDefinition } from '../../../src-shared/forms/schema';

/**
 * The engine counts characters and finds control characters without making
 * an array of each text: the verdicts must be those of the plain way,
 * `[...text].length` and one regular expression, for any text at all.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const tricky = fc.constantFrom('\ud800', '\udc00', '\ud83d\ude00', '\u0000', '\u0007', '\t', '\n', '\r', '\u007f', '\u2028', 'ж', ' ', 'a');
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 30 }).map((parts) => parts.join('')),
);

/** The text check as written before, for a one-line text field. */
function plainVerdict(field: { minLength?: number; maxLength?: number }, text: string): string | null {
  if (text.trim() === '') return 'required';
  const length = [...text].length;
  if (field.minLength !== undefined && length < field.minLength) return 'text.tooShort';
  if (length > (field.maxLength ?? 200)) return 'text.tooLong';
  if (CONTROL_CHARACTERS.test(text)) return 'text.control';
  return null;
}

describe('counting characters of a text', () => {
  it('counts code points as the spread of the string does, lone surrogates one each', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(characterCount(text)).toBe([...text].length);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a text field the verdict of the plain checks', () => {
    const limits = fc.record({ minLength: fc.integer({ min: 0, max: 6 }), maxLength: fc.integer({ min: 1, max: 12 }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(limits, anyText, (limit, text) => {
        const field = FieldDefinition.parse({ id: 'name', type: 'text', label: { ky: 'Аты', ru: 'Имя' }, ...limit });
        expect(checkField(field, text, { today: new Date('2026-11-24T00:00:00Z') })?.code ?? null).toBe(plainVerdict(limit, text));
      }),
      { numRuns: 2000 },
    );
  });
});
