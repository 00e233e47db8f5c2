import type { FieldDescription } from './choose-layout';
import { deleteBackward, insertText, textState, type TextState } from './editing';

export type TypingField = HTMLInputElement | HTMLTextAreaElement;

export function isTypingElement(node: EventTarget | null): node is TypingField {
  return node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement;
}

export function describeField(field: TypingField): FieldDescription {
  return {
    tagName: field.tagName,
    type: field instanceof HTMLTextAreaElement ? 'textarea' : field.type,
    inputMode: field.inputMode,
    readOnly: field.readOnly,
    disabled: field.disabled,
    autoCapitalize: field.getAttribute('autocapitalize') ?? '',
    alphabet: field.dataset.oskAlphabet ?? '',
  };
}

/**
 * Writes through the prototype's value setter, as a typed character would:
 * React's controlled inputs ignore a plain `field.value = …` (their tracker
 * sees no change), but notice this one and the `input` event that follows.
 */
function applyState(field: TypingField, next: TextState, inputType: string, data: string | null): void {
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, next.value);
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType, data }));
  placeCaret(field, next.selectionStart);
  // React may render the answer again after this event (a date box drops a
  // non-digit); the caret stays where the key put it if the text is as typed.
  requestAnimationFrame(() => {
    if (field.value === next.value) placeCaret(field, next.selectionStart);
  });
}

function placeCaret(field: TypingField, caret: number): void {
  try {
    field.setSelectionRange(caret, caret);
  } catch {
    // Some input types (email, number) have no selection API; their caret is the end anyway.
  }
}

function currentState(field: TypingField): TextState {
  try {
    return textState(field.value, field.selectionStart, field.selectionEnd);
  } catch {
    return textState(field.value, null, null);
  }
}

export function typeIntoField(field: TypingField, text: string): void {
  const state = currentState(field);
  const next = insertText(state, text, field.maxLength);
  if (next === state) return;
  applyState(field, next, 'insertText', text);
}

export function deleteInField(field: TypingField): void {
  const state = currentState(field);
  const next = deleteBackward(state);
  if (next === state) return;
  applyState(field, next, 'deleteContentBackward', null);
}
