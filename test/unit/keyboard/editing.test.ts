import { describe, expect, it } from 'vitest';
import { deleteBackward, insertText, textState } from '../../../src-renderer/keyboard/editing';

describe('typing a key', () => {
  it('inserts at the caret and moves the caret after it', () => {
    expect(insertText(textState('Үсова', 3, 3), 'н')).toEqual({ value: 'Үсонва', selectionStart: 4, selectionEnd: 4 });
    expect(insertText(textState('', 0, 0), 'Ү')).toEqual({ value: 'Ү', selectionStart: 1, selectionEnd: 1 });
  });

  it('replaces a selection', () => {
    expect(insertText(textState('Асанова', 0, 1), 'Ү')).toEqual({ value: 'Үсанова', selectionStart: 1, selectionEnd: 1 });
  });

  it('keeps to maxLength: nothing is added to a full field, and a selection can still be replaced', () => {
    const full = textState('12345678901234', 14, 14);
    expect(insertText(full, '5', 14)).toBe(full);
    expect(insertText(textState('12345678901234', 0, 1), '9', 14).value).toBe('92345678901234');
    expect(insertText(textState('1234567890123', 13, 13), '45', 14).value).toBe('12345678901234');
  });

  it('treats a negative maxLength (the DOM default) as no limit', () => {
    expect(insertText(textState('абв', 3, 3), 'г', -1).value).toBe('абвг');
  });

  it('takes a missing selection (null) as the end of the text, and clamps one out of range', () => {
    expect(textState('+996', null, null)).toEqual({ value: '+996', selectionStart: 4, selectionEnd: 4 });
    expect(textState('ab', 5, 9)).toEqual({ value: 'ab', selectionStart: 2, selectionEnd: 2 });
    expect(textState('abc', 2, 1)).toEqual({ value: 'abc', selectionStart: 2, selectionEnd: 2 });
  });
});

describe('backspace', () => {
  it('deletes the character before the caret', () => {
    expect(deleteBackward(textState('Айгүл', 4, 4))).toEqual({ value: 'Айгл', selectionStart: 3, selectionEnd: 3 });
  });

  it('does nothing at the start', () => {
    const start = textState('Айгүл', 0, 0);
    expect(deleteBackward(start)).toBe(start);
  });

  it('deletes a selection and nothing more', () => {
    expect(deleteBackward(textState('Үсөнова', 1, 3))).toEqual({ value: 'Үнова', selectionStart: 1, selectionEnd: 1 });
  });

  it('deletes a character outside the basic plane whole', () => {
    expect(deleteBackward(textState('a😀', 3, 3))).toEqual({ value: 'a', selectionStart: 1, selectionEnd: 1 });
  });
});
