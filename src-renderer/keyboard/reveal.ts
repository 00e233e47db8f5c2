/** Room kept between the field and whatever could cover it. */
const MARGIN = 16;

/** The height of a sticky bar (the header above, the action bar below) that overlaps the page. */
function stickyHeight(selector: string): number {
  const element = document.querySelector(selector);
  return element && getComputedStyle(element).position === 'sticky' ? element.getBoundingClientRect().height : 0;
}

/**
 * Scrolls the window so the focused field sits between the sticky header and
 * what covers the bottom: the keyboard and, above it, the form's action bar.
 * The field's label comes along when there is room for it.
 */
export function revealAboveKeyboard(field: HTMLElement, keyboardHeight: number): void {
  const top = stickyHeight('.header') + MARGIN;
  const bottom = window.innerHeight - keyboardHeight - stickyHeight('.action-bar') - MARGIN;
  const container = field.closest<HTMLElement>('.field, .fieldset');
  const box = container && container.getBoundingClientRect().height <= bottom - top ? container : field;
  const rect = box.getBoundingClientRect();
  let delta = 0;
  if (rect.bottom > bottom) delta = rect.bottom - bottom;
  if (rect.top - delta < top) delta = rect.top - top;
  if (delta !== 0) window.scrollBy({ top: delta, behavior: 'instant' });
}
