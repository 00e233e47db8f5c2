import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { inputId } from './ids';
import { describedBy, FieldHint, FieldLabel, FieldMessage, textOf, type FieldProps } from './parts';

/** A long list of options as one native select, styled big: the system list is easy to scroll by touch. */
export function SelectField({ field, value, error, onChange }: FieldProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const id = inputId(field.id);
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <FieldLabel field={field} htmlFor={id} />
      <FieldHint field={field} />
      <FieldMessage field={field} error={error} />
      <select
        id={id}
        data-testid={`field-${field.id}`}
        className={`input select${error ? ' input--error' : ''}`}
        value={textOf(value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(field, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('fields.select.placeholder')}</option>
        {(field.options ?? []).map((option) => (
          <option key={option.value} value={option.value}>
            {pick(option.label)}
          </option>
        ))}
      </select>
    </div>
  );
}
