import { describe, expect, it } from 'vitest';
import { layoutFor, shiftFor, switchedLayout, takesTyping, type FieldDescription } from '../../../src-renderer/keyboard/choose-layout';

const input = (overrides: Partial<FieldDescription> = {}): FieldDescription => ({
  tagName: 'INPUT',
  type: 'text',
  inputMode: '',
  readOnly: false,
  disabled: false,
  autoCapitalize: '',
  alphabet: '',
  ...overrides,
});

describe('the layout a field opens with', () => {
  it('is the digits pad for numeric fields (ПИН, the parts of a date)', () => {
    expect(layoutFor(input({ inputMode: 'numeric' }), 'ky')).toBe('digits');
    expect(layoutFor(input({ inputMode: 'numeric' }), 'ru')).toBe('digits');
  });

  it('is digits with a comma for decimal and number fields', () => {
    expect(layoutFor(input({ inputMode: 'decimal' }), 'ky')).toBe('decimal');
    expect(layoutFor(input({ type: 'number' }), 'ky')).toBe('decimal');
  });

  it('is the phone pad for tel, by inputMode or by type', () => {
    expect(layoutFor(input({ type: 'tel', inputMode: 'tel' }), 'ky')).toBe('tel');
    expect(layoutFor(input({ type: 'tel' }), 'ru')).toBe('tel');
  });

  it('is Latin with @ for e-mail, by inputMode or by type', () => {
    expect(layoutFor(input({ inputMode: 'email' }), 'ky')).toBe('email');
    expect(layoutFor(input({ type: 'email' }), 'ky')).toBe('email');
  });

  it('is the Cyrillic of the screen language for text, search and long text', () => {
    expect(layoutFor(input({ inputMode: 'text' }), 'ky')).toBe('ky');
    expect(layoutFor(input(), 'ru')).toBe('ru');
    expect(layoutFor(input({ type: 'search', inputMode: 'search' }), 'ky')).toBe('ky');
    expect(layoutFor(input({ tagName: 'TEXTAREA', type: 'textarea' }), 'ru')).toBe('ru');
  });

  it('lets inputMode win over type, as the browser does', () => {
    expect(layoutFor(input({ type: 'tel', inputMode: 'numeric' }), 'ky')).toBe('digits');
    expect(layoutFor(input({ type: 'number', inputMode: 'numeric' }), 'ky')).toBe('digits');
  });

  it('is Latin for a text field that asks for the Latin alphabet (a document number), in either language', () => {
    expect(layoutFor(input({ inputMode: 'text', alphabet: 'latin' }), 'ky')).toBe('latin');
    expect(layoutFor(input({ inputMode: 'text', alphabet: 'latin' }), 'ru')).toBe('latin');
    // The digits pad of a numeric field is not overridden by it.
    expect(layoutFor(input({ inputMode: 'numeric', alphabet: 'latin' }), 'ky')).toBe('digits');
  });

  it('starts with caps for a field that keeps only capitals (a document number)', () => {
    expect(shiftFor(input({ autoCapitalize: 'characters' }))).toBe('caps');
    expect(shiftFor(input())).toBe('off');
  });

  it('switches between Latin and the screen language’s Cyrillic', () => {
    expect(switchedLayout('ky', 'ky')).toBe('latin');
    expect(switchedLayout('latin', 'ky')).toBe('ky');
    expect(switchedLayout('latin', 'ru')).toBe('ru');
  });
});

describe('what opens the keyboard', () => {
  it('text-like inputs and text areas do', () => {
    for (const type of ['text', 'search', 'tel', 'email', 'number', '']) expect(takesTyping(input({ type })), type).toBe(true);
    expect(takesTyping(input({ tagName: 'TEXTAREA', type: 'textarea' }))).toBe(true);
  });

  it('radios, checkboxes, buttons and read-only or disabled fields do not', () => {
    for (const type of ['radio', 'checkbox', 'button', 'submit', 'date', 'file']) expect(takesTyping(input({ type })), type).toBe(false);
    expect(takesTyping(input({ readOnly: true }))).toBe(false);
    expect(takesTyping(input({ disabled: true }))).toBe(false);
    expect(takesTyping(input({ tagName: 'BUTTON', type: 'button' }))).toBe(false);
  });
});
