import { describe, expect, it } from 'vitest';
import { LOOKUP_CODE_LENGTH, RESUME_CODE_LENGTH } from '../../../src-shared/codes';
import { checkTypedCode, codeShape, typedCodeForDisplay } from '../../../src-renderer/ui/typed-code';

describe('typedCodeForDisplay', () => {
  it('shows capitals and keeps every character where it was typed, so the caret stays put', () => {
    expect(typedCodeForDisplay('acde-fg')).toBe('ACDE-FG');
    expect(typedCodeForDisplay('ac de')).toBe('AC DE');
    expect(typedCodeForDisplay('')).toBe('');
    for (const typed of ['acde-fghj', 'ß', 'ﬁx', 'аср', 'x y-z']) {
      expect(typedCodeForDisplay(typed)).toHaveLength(typed.length);
    }
  });

  it('writes Cyrillic look-alikes as capitals too (the core reads them as Latin)', () => {
    expect(typedCodeForDisplay('аср')).toBe('АСР');
  });
});

describe('checkTypedCode', () => {
  it('takes a code as printed, and gives it back formatted', () => {
    expect(checkTypedCode('ACDE-FGHJ', RESUME_CODE_LENGTH)).toEqual({ ok: true, code: 'ACDE-FGHJ' });
    expect(checkTypedCode('ACDE-FGHJ-KMNP', LOOKUP_CODE_LENGTH)).toEqual({ ok: true, code: 'ACDE-FGHJ-KMNP' });
  });

  it('accepts spaces, dashes, small letters, Cyrillic look-alikes and a scanner\'s stray whitespace', () => {
    expect(checkTypedCode(' acde fghj ', RESUME_CODE_LENGTH)).toEqual({ ok: true, code: 'ACDE-FGHJ' });
    expect(checkTypedCode('ACDEFGHJ', RESUME_CODE_LENGTH)).toEqual({ ok: true, code: 'ACDE-FGHJ' });
    expect(checkTypedCode('АСЕ3-4679', RESUME_CODE_LENGTH)).toEqual({ ok: true, code: 'ACE3-4679' });
    expect(checkTypedCode('ACDE\tFGHJ\nKMNP\r', LOOKUP_CODE_LENGTH)).toEqual({ ok: true, code: 'ACDE-FGHJ-KMNP' });
  });

  it('says "empty" for nothing or only spaces', () => {
    expect(checkTypedCode('', RESUME_CODE_LENGTH)).toEqual({ ok: false, problem: 'empty' });
    expect(checkTypedCode('   ', RESUME_CODE_LENGTH)).toEqual({ ok: false, problem: 'empty' });
  });

  it('says "shape" for a wrong length or a character the codes never use', () => {
    expect(checkTypedCode('ACDE-FGH', RESUME_CODE_LENGTH)).toEqual({ ok: false, problem: 'shape' });
    expect(checkTypedCode('ACDE-FGHJ-K', RESUME_CODE_LENGTH)).toEqual({ ok: false, problem: 'shape' });
    expect(checkTypedCode('ACDE-FGH0', RESUME_CODE_LENGTH)).toEqual({ ok: false, problem: 'shape' });
    expect(checkTypedCode('ACDE-FGHJ', LOOKUP_CODE_LENGTH)).toEqual({ ok: false, problem: 'shape' });
  });
});

describe('codeShape', () => {
  it('shows the groups of four a code is printed in', () => {
    expect(codeShape(RESUME_CODE_LENGTH)).toBe('XXXX-XXXX');
    expect(codeShape(LOOKUP_CODE_LENGTH)).toBe('XXXX-XXXX-XXXX');
  });
});
