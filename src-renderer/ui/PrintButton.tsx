import { useState } from 'react';
import type { PrintOutcome } from '../../src-shared/contract';
import { apiProblemOf } from '../api/client';
import { useAlert } from '../stores/alert';

type Printing = { phase: 'idle' } | { phase: 'sending' } | { phase: 'done'; outcome: PrintOutcome };

export interface PrintButtonProps {
  testId: string;
  /** Translated texts: the button, while sending, and what became of the job. */
  label: string;
  printingLabel: string;
  printedText: string;
  savedText: string;
  print(): Promise<{ outcome: PrintOutcome }>;
  primary?: boolean;
}

/**
 * A print button and, beside it, what became of the job (`print-outcome`):
 * on paper, or saved because the kiosk has no printer. A failure shows in
 * the error banner; the button can be pressed again.
 */
export function PrintButton(props: PrintButtonProps) {
  const [printing, setPrinting] = useState<Printing>({ phase: 'idle' });
  const print = async () => {
    setPrinting({ phase: 'sending' });
    try {
      const { outcome } = await props.print();
      useAlert.getState().dismiss();
      setPrinting({ phase: 'done', outcome });
    } catch (error) {
      const problem = apiProblemOf(error);
      useAlert.getState().show(problem.code, problem.params);
      setPrinting({ phase: 'idle' });
    }
  };
  return (
    <>
      <button
        type="button"
        className={`button ${props.primary ? 'button--primary' : 'button--secondary'} button--wide`}
        data-testid={props.testId}
        disabled={printing.phase === 'sending'}
        onClick={() => void print()}
      >
        {printing.phase === 'sending' ? props.printingLabel : props.label}
      </button>
      <p
        role="status"
        data-testid="print-outcome"
        className={printing.phase === 'done' ? `print-outcome print-outcome--${printing.outcome}` : 'visually-hidden'}
      >
        {printing.phase === 'done' && (printing.outcome === 'printed' ? props.printedText : props.savedText)}
      </p>
    </>
  );
}
