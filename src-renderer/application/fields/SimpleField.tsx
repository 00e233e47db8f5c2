import type { InputHTMLAttributes } from 'react';
import type { FieldDefinition } from '../../../src-shared/forms/schema';
import { ChoiceField } from './ChoiceField';
import { DateField } from './DateField';
import { inputId } from './ids';
import { describedBy, FieldHint, FieldLabel, FieldMessage, textOf, type FieldProps } from './parts';
import { SelectField } from './SelectField';

/** Keyboard hints per type: the on-screen keyboard shows digits for a PIN, "@" for e-mail. */
const INPUT_HINTS: Partial<Record<FieldDefinition['type'], InputHTMLAttributes<HTMLInputElement> & { 'data-osk-alphabet'?: string }>> = {
  text: { type: 'text', inputMode: 'text' },
  number: { type: 'text', inputMode: 'decimal' },
  pin: { type: 'text', inputMode: 'numeric', maxLength: 14 },
  phone: { type: 'tel', inputMode: 'tel' },
  email: { type: 'text', inputMode: 'email', autoCapitalize: 'off', spellCheck: false },
  // Passport and ID numbers are Latin letters and digits: open the Latin layout, not the citizen's Cyrillic one.
  document: { type: 'text', inputMode: 'text', autoCapitalize: 'characters', spellCheck: false, 'data-osk-alphabet': 'latin' },
};

function TextField({ field, value, error, onChange }: FieldProps) {
  const common = {
    id: inputId(field.id),
    'data-testid': `field-${field.id}`,
    className: `input${error ? ' input--error' : ''}`,
    value: textOf(value),
    autoComplete: 'off',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(field, error),
  } as const;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <FieldLabel field={field} htmlFor={common.id} />
      <FieldHint field={field} />
      <FieldMessage field={field} error={error} />
      {field.type === 'longtext' ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          {...INPUT_HINTS[field.type]}
          className={`${common.className} input--${field.type}`}
          onChange={(e) => onChange(field.type === 'document' ? e.target.value.toUpperCase() : e.target.value)}
        />
      )}
    </div>
  );
}

/** A field whose answer is one string: what a person group may ask of each person, and most questions. */
export function SimpleFieldControl(props: FieldProps) {
  switch (props.field.type) {
    case 'date':
      return <DateField {...props} />;
    case 'choice':
      return props.field.display === 'select' ? <SelectField {...props} /> : <ChoiceField {...props} />;
    case 'yesno':
      return <ChoiceField {...props} />;
    default:
      return <TextField {...props} />;
  }
}
