import type { AnswerValue, FieldDefinition } from '../../../src-shared/forms/schema';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { errorId, hintId } from './ids';

export interface FieldProps {
  field: FieldDefinition;
  value: AnswerValue | undefined;
  /** The message beside the field itself. */
  error: string | null;
  onChange: (value: AnswerValue) => void;
  /** Messages of parts inside the field, by error path ("children[0].pin"); person groups use it. */
  messageAt?: (path: string) => string | null;
}

/** A one-line answer as its control shows it. */
export function textOf(value: AnswerValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** The label, "(optional)", the hint and the message beside the field: shared by every type. */
export function FieldLabel({ field, htmlFor }: { field: FieldDefinition; htmlFor?: string }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const text = (
    <>
      {pick(field.label)}
      {field.optional && <span className="optional"> {t('form.optional')}</span>}
    </>
  );
  return htmlFor ? (
    <label className="label" htmlFor={htmlFor}>
      {text}
    </label>
  ) : (
    <legend className="label">{text}</legend>
  );
}

export function FieldHint({ field, extra }: { field: FieldDefinition; extra?: string }) {
  const { pick } = useLanguage();
  const text = [field.hint ? pick(field.hint) : null, extra ?? null].filter(Boolean).join(' ');
  if (!text) return null;
  return (
    <p id={hintId(field.id)} className="hint">
      {text}
    </p>
  );
}

export function FieldMessage({ field, error }: { field: FieldDefinition; error: string | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={errorId(field.id)} className="field-error" data-testid={`error-${field.id}`}>
      <span className="visually-hidden">{t('form.errorPrefix')} </span>
      {error}
    </p>
  );
}

export function describedBy(field: FieldDefinition, error: string | null, extraHint = false): string | undefined {
  const ids = [field.hint || extraHint ? hintId(field.id) : null, error ? errorId(field.id) : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
