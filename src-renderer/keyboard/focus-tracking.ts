import { takesTyping } from './choose-layout';
import { describeField, isTypingElement, type TypingField } from './field-dom';

/**
 * Follows which typing field has focus and reports it (null: none).
 *
 * Focus moving into the keyboard itself (a key reached with Tab) keeps the
 * field. A change that hides the keyboard waits until the finger is lifted:
 * the keyboard going away moves the page, and the button pressed (Continue)
 * must still be under the finger when the click lands.
 */
export function watchTypingFocus(isInKeyboard: (node: Node) => boolean, report: (field: TypingField | null) => void): () => void {
  let pointerDown = false;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const check = () => {
    pending = undefined;
    const active = document.activeElement;
    if (active && isInKeyboard(active)) return;
    if (isTypingElement(active) && takesTyping(describeField(active))) return report(active);
    if (!pointerDown) report(null);
  };
  const checkSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(check, 0);
  };
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target;
    if (isTypingElement(target) && takesTyping(describeField(target))) {
      clearTimeout(pending);
      report(target);
    } else {
      checkSoon();
    }
  };
  const onPointerDown = () => {
    pointerDown = true;
  };
  const onPointerUp = () => {
    pointerDown = false;
    // The click that follows the lift runs first; then the keyboard may go.
    checkSoon();
  };

  document.addEventListener('focusin', onFocusIn);
  document.addEventListener('focusout', checkSoon);
  document.addEventListener('pointerdown', onPointerDown, true);
  document.addEventListener('pointerup', onPointerUp, true);
  document.addEventListener('pointercancel', onPointerUp, true);
  check();
  return () => {
    clearTimeout(pending);
    document.removeEventListener('focusin', onFocusIn);
    document.removeEventListener('focusout', checkSoon);
    document.removeEventListener('pointerdown', onPointerDown, true);
    document.removeEventListener('pointerup', onPointerUp, true);
    document.removeEventListener('pointercancel', onPointerUp, true);
  };
}
