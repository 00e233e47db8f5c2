import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from './ErrorSummary';
import { ScreenHeading } from './ScreenHeading';
import { TYPED_CODE_MAX, typedCodeForDisplay } from './typed-code';
import './code-entry.css';

export interface CodeEntryProps {
  /** Prefix of the element ids: `<id>-input`, `<id>-hint`, `<id>-error`. */
  id: string;
  /** The question, as the page heading. */
  label: string;
  hint: string;
  submitLabel: string;
  busyLabel: string;
  value: string;
  onChange(value: string): void;
  onSubmit(): void;
  /** The translated problem, shown in the error summary and beside the box. */
  error: string | null;
  /** Bumped on each failed try: the summary takes focus again. */
  errorAttempt: number;
  busy: boolean;
  testIds: { input: string; submit: string; error: string };
}

/**
 * One code to type (a resume code, a lookup code): the question as the
 * heading, a hint with the code's shape, one big box, one button; Enter
 * submits, so a barcode scanner that types the code and Enter just works.
 * The box takes focus when the screen opens, and the keyboard with it.
 */
export function CodeEntry(props: CodeEntryProps) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = `${props.id}-input`;
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;

  useEffect(() => {
    inputRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <>
      {props.error && <ErrorSummary items={[{ targetId: inputId, text: props.error }]} attempt={props.errorAttempt} />}
      <form
        noValidate
        autoComplete="off"
        className="code-entry"
        onSubmit={(event) => {
          event.preventDefault();
          if (!props.busy) props.onSubmit();
        }}
      >
        <div className={`field${props.error ? ' field--error' : ''}`}>
          <ScreenHeading focusOnMount={false}>
            <label htmlFor={inputId}>{props.label}</label>
          </ScreenHeading>
          <p id={hintId} className="hint">
            {props.hint}
          </p>
          {props.error && (
            <p id={errorId} className="field-error" data-testid={props.testIds.error}>
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {props.error}
            </p>
          )}
          <input
            ref={inputRef}
            id={inputId}
            className={`input code-entry__input${props.error ? ' input--error' : ''}`}
            data-testid={props.testIds.input}
            type="text"
            inputMode="text"
            enterKeyHint="go"
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="characters"
            spellCheck={false}
            // The codes are Latin capitals and digits: the keyboard opens on them.
            data-osk-alphabet="latin"
            maxLength={TYPED_CODE_MAX}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error ? `${hintId} ${errorId}` : hintId}
            value={props.value}
            onChange={(event) => props.onChange(typedCodeForDisplay(event.target.value))}
          />
        </div>
        <div className="action-bar">
          <button
            type="submit"
            className="button button--primary button--wide"
            data-testid={props.testIds.submit}
            aria-disabled={props.busy}
          >
            {props.busy ? props.busyLabel : props.submitLabel}
          </button>
        </div>
      </form>
    </>
  );
}
