/** How long a finger rests on the corner before the clerk login opens: long enough that no citizen does it by chance. */
export const LONG_PRESS_MS = 3000;

/** The keyboard way in, for a kiosk with a keyboard attached (a clerk's maintenance keyboard): Ctrl+Alt+K. */
export function isClerkShortcut(key: { key: string; code?: string; ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }): boolean {
  if (!key.ctrlKey || !key.altKey || key.shiftKey || key.metaKey) return false;
  // `code` names the physical key, so the shortcut works with a Cyrillic layout too ("л" on that key).
  return key.code === 'KeyK' || key.key.toLowerCase() === 'k';
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(timer: unknown): void;
}

/**
 * A press that fires after `ms` unless it is let go or slides off first.
 * Timers are passed in, so a test runs it without waiting.
 */
export function createLongPress(timers: Timers, onFire: () => void, ms = LONG_PRESS_MS) {
  let timer: unknown = null;
  const cancel = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
  };
  return {
    start() {
      cancel();
      timer = timers.set(() => {
        timer = null;
        onFire();
      }, ms);
    },
    cancel,
  };
}
