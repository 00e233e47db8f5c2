/**
 * What a key does to a field's text and caret, as a pure function of the
 * value and selection, so it is tested without a browser.
 */
export interface TextState {
  value: string;
  selectionStart: number;
  selectionEnd: number;
}

/** A selection the browser reports as null (some input types) is the end of the text. */
export function textState(value: string, selectionStart: number | null, selectionEnd: number | null): TextState {
  const clamp = (n: number | null) => Math.min(Math.max(n ?? value.length, 0), value.length);
  const start = clamp(selectionStart);
  const end = Math.max(start, clamp(selectionEnd ?? selectionStart));
  return { value, selectionStart: start, selectionEnd: end };
}

/**
 * Replaces the selection with `text`, keeping to maxLength as the browser
 * does: what does not fit is cut off (a negative maxLength means no limit).
 * The caret ends after what was inserted.
 */
export function insertText(state: TextState, text: string, maxLength = -1): TextState {
  const before = state.value.slice(0, state.selectionStart);
  const after = state.value.slice(state.selectionEnd);
  const room = maxLength < 0 ? text.length : Math.max(0, maxLength - before.length - after.length);
  let inserted = '';
  for (const char of text) {
    if (inserted.length + char.length > room) break;
    inserted += char;
  }
  if (inserted === '' && state.selectionStart === state.selectionEnd) return state;
  const caret = before.length + inserted.length;
  return { value: before + inserted + after, selectionStart: caret, selectionEnd: caret };
}

/** Deletes the selection, or the character before the caret (a whole surrogate pair). */
export function deleteBackward(state: TextState): TextState {
  const { value, selectionStart, selectionEnd } = state;
  if (selectionStart !== selectionEnd) {
    return { value: value.slice(0, selectionStart) + value.slice(selectionEnd), selectionStart, selectionEnd: selectionStart };
  }
  if (selectionStart === 0) return state;
  const lastChar = [...value.slice(0, selectionStart)].pop() ?? '';
  const caret = selectionStart - lastChar.length;
  return { value: value.slice(0, caret) + value.slice(selectionStart), selectionStart: caret, selectionEnd: caret };
}
