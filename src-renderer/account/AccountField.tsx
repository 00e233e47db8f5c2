import { useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** How the on-screen keyboard opens on a field: Latin for a login or a password, digits for a ПИН. */
export type FieldInputHints = Pick<InputHTMLAttributes<HTMLInputElement>, 'inputMode' | 'autoCapitalize' | 'maxLength' | 'type'> & {
  'data-osk-alphabet'?: 'latin';
};

export interface AccountFieldProps {
  /** The input's id; the hint and the message are `<id>-hint` and `<id>-error`. */
  id: string;
  label: string;
  hint?: string;
  error: string | null;
  value: string;
  onChange(value: string): void;
  hints?: FieldInputHints;
  /** A password: typed as dots, with a button to show it. */
  secret?: boolean;
  /** Shown under the hint, before the box: the rules ticked off as the citizen types. */
  children?: ReactNode;
  testId: string;
  className?: string;
}

/**
 * One question of the account screens: label, hint, the message beside the
 * field (GOV.UK), and one big box. A password has "Show" beside it; the
 * button keeps the focus (and the on-screen keyboard) in the box.
 */
export function AccountField(props: AccountFieldProps) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  const rulesId = `${props.id}-rules`;
  const describedBy = [props.hint ? hintId : null, props.children ? rulesId : null, props.error ? errorId : null]
    .filter(Boolean)
    .join(' ');
  const type = props.secret ? (shown ? 'text' : 'password') : (props.hints?.type ?? 'text');

  return (
    <div className={`field${props.error ? ' field--error' : ''}`}>
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      {props.children && <div id={rulesId}>{props.children}</div>}
      {props.error && (
        <p id={errorId} className="field-error" data-testid={`${props.testId}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {props.error}
        </p>
      )}
      <div className={props.secret ? 'secret-input' : undefined}>
        <input
          {...props.hints}
          id={props.id}
          type={type}
          data-testid={props.testId}
          className={`input${props.error ? ' input--error' : ''}${props.className ? ` ${props.className}` : ''}`}
          value={props.value}
          autoComplete={props.secret ? 'new-password' : 'off'}
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => props.onChange(event.target.value)}
        />
        {props.secret && (
          <button
            type="button"
            className="button button--secondary secret-input__toggle"
            data-testid={`${props.testId}-show`}
            aria-controls={props.id}
            // A tap must not take the focus from the box: the keyboard stays and typing goes on.
            onMouseDown={(event) => event.preventDefault()}
            onPointerDown={(event) => event.preventDefault()}
            onClick={() => setShown((now) => !now)}
          >
            {shown ? t('account.password.hide') : t('account.password.show')}
          </button>
        )}
      </div>
    </div>
  );
}
