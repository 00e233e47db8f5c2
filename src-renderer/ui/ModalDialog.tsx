import { useEffect, useRef, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useIdle } from '../stores/idle';
import { trapFocus } from './focus-trap';

interface ModalDialogProps {
  /** The heading's id: it names the dialog and takes the focus on opening (it needs `tabIndex={-1}`). */
  titleId: string;
  describedBy: string;
  className: string;
  testId: string;
  /** Escape and, with `closeOnBackdrop`, a tap beside the box. */
  onClose: () => void;
  /** A tap beside the box closes it, as people expect on a touch screen; off where closing loses a choice. */
  closeOnBackdrop?: boolean;
  /** `alertdialog` for a question whose answer cannot be undone. */
  role?: 'dialog' | 'alertdialog';
  /** Takes the focus on opening instead of the heading (the safe answer of an alert). */
  initialFocus?: React.RefObject<HTMLElement | null>;
  data?: Record<`data-${string}`, string>;
  children: ReactNode;
}

/**
 * Closes a modal and gives the focus back to the control that opened it.
 * The page behind stops being inert only in the render that closes the
 * modal: that render is flushed first, or the control could not take the
 * focus.
 */
export function closeAndRefocus(close: () => void, openerId: string): void {
  flushSync(close);
  document.getElementById(openerId)?.focus();
}

/**
 * The one shell of every modal: the page behind is inert (the app sets it),
 * focus stays inside, Escape closes, and the idle warning above it stays
 * reachable. Whoever opened it puts the focus back when it closes
 * (`closeAndRefocus`).
 */
export function ModalDialog({
  titleId,
  describedBy,
  className,
  testId,
  onClose,
  closeOnBackdrop = false,
  role = 'dialog',
  initialFocus,
  data,
  children,
}: ModalDialogProps) {
  const warning = useIdle((s) => s.warningDeadline !== null);
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    (initialFocus?.current ?? boxRef.current?.querySelector<HTMLElement>(`[id="${titleId}"]`))?.focus();
  }, [initialFocus, titleId]);

  return (
    <div
      className="modal-backdrop"
      inert={warning}
      onClick={(event) => {
        if (closeOnBackdrop && event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={boxRef}
        className={`modal ${className}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        data-testid={testId}
        {...data}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          } else {
            trapFocus(event, boxRef.current);
          }
        }}
      >
        {children}
      </div>
    </div>
  );
}
