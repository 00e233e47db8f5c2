import { useTranslation } from 'react-i18next';
import { joinDate, splitDate, type DateParts } from '../../../src-shared/forms/engine';
import { describedBy, FieldHint, FieldLabel, FieldMessage, textOf, type FieldProps } from './parts';
import { inputId } from './ids';

const PARTS: { part: keyof DateParts; maxLength: number; label: 'form.day' | 'form.month' | 'form.year' }[] = [
  { part: 'day', maxLength: 2, label: 'form.day' },
  { part: 'month', maxLength: 2, label: 'form.month' },
  { part: 'year', maxLength: 4, label: 'form.year' },
];

/** Three boxes, as typed (no native picker): the engine judges the date, nothing is lost half-typed. */
export function DateField({ field, value, error, onChange }: FieldProps) {
  const { t } = useTranslation();
  const parts = splitDate(textOf(value));
  return (
    <fieldset
      className={`field fieldset${error ? ' field--error' : ''}`}
      role="group"
      aria-describedby={describedBy(field, error, !field.hint)}
    >
      <FieldLabel field={field} />
      <FieldHint field={field} extra={field.hint ? undefined : t('form.dateHint')} />
      <FieldMessage field={field} error={error} />
      <div className="date-inputs">
        {PARTS.map(({ part, maxLength, label }) => (
          <div key={part} className={`date-inputs__item date-inputs__item--${part}`}>
            <label className="date-inputs__label" htmlFor={inputId(field.id, part)}>
              {t(label)}
            </label>
            <input
              id={inputId(field.id, part)}
              data-testid={`field-${field.id}-${part}`}
              className={`input input--date-${part}${error ? ' input--error' : ''}`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={maxLength}
              value={parts[part]}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                const digits = e.target.value.replace(/\D/g, '').slice(0, maxLength);
                onChange(joinDate({ ...parts, [part]: digits }));
              }}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}
