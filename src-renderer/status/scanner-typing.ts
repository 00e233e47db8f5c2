import { useEffect, useRef } from 'react';

/** A letter or digit a code can hold; not Space or Enter, which press a focused button. */
const CODE_CHARACTER = /^[\p{L}\p{N}]$/u;

function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * A barcode scanner types like a keyboard into whatever has focus. On the
 * status screen a key that lands on no text box (the result is showing, or
 * the error summary took focus) starts the code there instead of being lost.
 * `onCharacter` answers whether it took the key.
 */
export function useScannerTyping(onCharacter: (char: string) => boolean): void {
  const handler = useRef(onCharacter);
  useEffect(() => {
    handler.current = onCharacter;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
      if (isTypingTarget(event.target) || !CODE_CHARACTER.test(event.key)) return;
      if (handler.current(event.key)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
