import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { inputId } from './ids';
import { describedBy, FieldHint, FieldLabel, FieldMessage, type FieldProps } from './parts';

/** Big checkbox cards; the answer is the list of ticked option values, in the form's order. */
export function MultichoiceField({ field, value, error, onChange }: FieldProps) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const ticked = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const options = field.options ?? [];
  const toggle = (option: string, on: boolean) =>
    onChange(options.map((o) => o.value).filter((v) => (v === option ? on : ticked.includes(v))));
  return (
    <fieldset className={`field fieldset${error ? ' field--error' : ''}`} aria-describedby={describedBy(field, error, true)}>
      <FieldLabel field={field} />
      <FieldHint field={field} extra={t('fields.multichoice.hint')} />
      <FieldMessage field={field} error={error} />
      <div className="radio-cards">
        {options.map((option) => (
          <label key={option.value} className="checkbox-card checkbox-card--option">
            <input
              type="checkbox"
              id={inputId(field.id, option.value)}
              data-testid={`field-${field.id}-${option.value}`}
              value={option.value}
              checked={ticked.includes(option.value)}
              aria-invalid={error ? true : undefined}
              onChange={(e) => toggle(option.value, e.target.checked)}
            />
            <span className="checkbox-card__text">{pick(option.label)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
