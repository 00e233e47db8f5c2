import type { LayoutId, ScreenLanguage } from './layouts';

/** What the keyboard needs to know of the focused element, read off it by the caller. */
export interface FieldDescription {
  tagName: string;
  /** The input's `type` ("text", "tel", …); "textarea" for a textarea. */
  type: string;
  /** The `inputmode` attribute, "" when absent. */
  inputMode: string;
  readOnly: boolean;
  disabled: boolean;
  /** The `autocapitalize` attribute, "" when absent. */
  autoCapitalize: string;
  /**
   * The `data-osk-alphabet` attribute: a text field whose answer is written
   * in Latin letters (a document number "ID1234567") says "latin"; "" when absent.
   */
  alphabet: string;
}

/** Inputs a person types into; a checkbox, radio or button never opens the keyboard. */
const TYPED_INPUT_TYPES = new Set(['text', 'search', 'tel', 'email', 'number', 'url', 'password']);

export function takesTyping(field: FieldDescription): boolean {
  if (field.readOnly || field.disabled) return false;
  const tag = field.tagName.toLowerCase();
  if (tag === 'textarea') return true;
  return tag === 'input' && TYPED_INPUT_TYPES.has(field.type.toLowerCase() || 'text');
}

/**
 * The layout a field opens with: its inputMode first (the form's fields say
 * what they hold through it), then its type, then the screen language's
 * Cyrillic for text.
 */
export function layoutFor(field: FieldDescription, language: ScreenLanguage): LayoutId {
  const mode = field.inputMode.toLowerCase();
  const type = field.type.toLowerCase();
  if (mode === 'numeric') return 'digits';
  if (mode === 'decimal' || (mode === '' && type === 'number')) return 'decimal';
  if (mode === 'tel' || (mode === '' && type === 'tel')) return 'tel';
  if (mode === 'email' || (mode === '' && type === 'email')) return 'email';
  if (mode === 'url' || (mode === '' && type === 'url')) return 'latin';
  if (field.alphabet.toLowerCase() === 'latin') return 'latin';
  return language;
}

/** A field that keeps only capitals (a document number) opens with caps on, so the keys show what it takes. */
export function shiftFor(field: FieldDescription): 'off' | 'caps' {
  return field.autoCapitalize.toLowerCase() === 'characters' ? 'caps' : 'off';
}

/** The layout the Latin/Cyrillic switch leads to from the one shown. */
export function switchedLayout(current: LayoutId, language: ScreenLanguage): LayoutId {
  return current === 'latin' ? language : 'latin';
}
