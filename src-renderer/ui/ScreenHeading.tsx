import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page's question or title. It takes focus when the screen opens, so a
 * screen reader starts reading from it, unless something more urgent (an
 * error summary, a field to change) takes focus instead.
 */
export function ScreenHeading({ children, focusOnMount = true }: { children: ReactNode; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // Decided once, when the screen opens; later renders must not pull focus back here.
  const focusAtStart = useRef(focusOnMount);
  useEffect(() => {
    window.scrollTo(0, 0);
    if (focusAtStart.current) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="heading-xl">
      {children}
    </h1>
  );
}
