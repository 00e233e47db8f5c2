import { useEffect, useMemo } from 'react';
import { useClerk } from '../stores/clerk';
import { createLongPress, isClerkShortcut } from './entry-gesture';

const open = () => void useClerk.getState().openEntry();

/**
 * The discreet way into clerk mode: a 3-second press on the screen's
 * top-left corner, or Ctrl+Alt+K. The corner is a 48×48 area with nothing
 * on it, hidden from screen readers and never focusable: a citizen moving
 * through the page by keyboard or screen reader never lands in it, and
 * clerks, who use touch, do not need it announced (docs/clerks.md).
 */
export function ClerkEntry() {
  const press = useMemo(
    () => createLongPress({ set: (run, ms) => setTimeout(run, ms), clear: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>) }, open),
    [],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isClerkShortcut(event)) return;
      event.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      press.cancel();
    };
  }, [press]);

  return (
    <div
      className="clerk-corner"
      aria-hidden="true"
      data-testid="clerk-corner"
      onPointerDown={() => press.start()}
      onPointerUp={press.cancel}
      onPointerLeave={press.cancel}
      onPointerCancel={press.cancel}
    />
  );
}
