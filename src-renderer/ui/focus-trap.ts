import type { KeyboardEvent } from 'react';

/** Tab and Shift+Tab go round a dialog's buttons and never leave it. */
export function trapFocus(event: KeyboardEvent<HTMLElement>, box: HTMLElement | null): void {
  if (event.key !== 'Tab' || !box) return;
  const targets = [...box.querySelectorAll<HTMLElement>('button:not([disabled])')];
  const first = targets[0];
  const last = targets[targets.length - 1];
  if (!first || !last) return;
  const index = targets.indexOf(document.activeElement as HTMLElement);
  if (event.shiftKey && index <= 0) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (index === -1 || index === targets.length - 1)) {
    event.preventDefault();
    first.focus();
  }
}
