import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { describedBy, FieldHint, FieldLabel, FieldMessage, type FieldProps } from './parts';
import { inputId } from './ids';

/** Big radio cards; yes/no is a choice with two fixed answers. */
export function ChoiceField({ field, value, error, onChange }: FieldProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const options =
    field.type === 'yesno'
      ? [
          { value: 'yes', text: t('form.yes') },
          { value: 'no', text: t('form.no') },
        ]
      : (field.options ?? []).map((o) => ({ value: o.value, text: pick(o.label) }));
  return (
    <fieldset className={`field fieldset${error ? ' field--error' : ''}`} aria-describedby={describedBy(field, error)}>
      <FieldLabel field={field} />
      <FieldHint field={field} />
      <FieldMessage field={field} error={error} />
      <div className={`radio-cards${field.type === 'yesno' ? ' radio-cards--inline' : ''}`}>
        {options.map((option) => (
          <label key={option.value} className="radio-card">
            <input
              type="radio"
              name={field.id}
              id={inputId(field.id, option.value)}
              data-testid={`field-${field.id}-${option.value}`}
              value={option.value}
              checked={value === option.value}
              aria-invalid={error ? true : undefined}
              onChange={() => onChange(option.value)}
            />
            <span className="radio-card__body">{option.text}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
