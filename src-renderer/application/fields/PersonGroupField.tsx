import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { personFieldPath } from '../../../src-shared/forms/engine';
import { PERSONS_MAX, type PersonAnswer } from '../../../src-shared/forms/schema';
import { focusTargetId, inputId, personSubfield } from './ids';
import { describedBy, FieldHint, FieldLabel, FieldMessage, type FieldProps } from './parts';
import { SimpleFieldControl } from './SimpleField';

function personsOf(value: FieldProps['value']): PersonAnswer[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is PersonAnswer => item !== null && typeof item === 'object');
}

/** A repeatable group: each person a card with the group's questions; "add another" and "remove". */
export function PersonGroupField({ field, value, error, onChange, messageAt }: FieldProps) {
  const { t } = useTranslation();
  const persons = personsOf(value);
  const subfields = field.fields ?? [];
  const canAdd = persons.length < (field.maxItems ?? PERSONS_MAX);
  // After "add", the new card's first question takes focus; after "remove", the add button.
  const [focusNext, setFocusNext] = useState<string | null>(null);
  useEffect(() => {
    if (focusNext) document.getElementById(focusNext)?.focus();
  }, [focusNext]);

  const update = (index: number, subfieldId: string, text: string) =>
    onChange(persons.map((person, i) => (i === index ? { ...person, [subfieldId]: text } : person)));
  const add = () => {
    const first = subfields[0];
    onChange([...persons, {}]);
    setFocusNext(first ? focusTargetId(personSubfield(field, persons.length, first)) : null);
  };
  const remove = (index: number) => {
    onChange(persons.filter((_, i) => i !== index));
    setFocusNext(inputId(field.id, 'add'));
  };

  return (
    <fieldset className={`field fieldset person-group${error ? ' field--error' : ''}`} aria-describedby={describedBy(field, error)}>
      <FieldLabel field={field} />
      <FieldHint field={field} />
      <FieldMessage field={field} error={error} />
      {persons.length === 0 && <p className="hint">{t('fields.person.empty')}</p>}
      <ol className="person-cards">
        {persons.map((person, index) => {
          const titleId = `${field.id}-${index}-title`;
          return (
            <li key={index} className="person-card" data-testid={`field-${field.id}-card-${index}`} aria-labelledby={titleId}>
              <h3 id={titleId} className="person-card__title">
                {t('fields.person.item', { number: index + 1 })}
              </h3>
              {subfields.map((sub) => (
                <SimpleFieldControl
                  key={sub.id}
                  field={personSubfield(field, index, sub)}
                  value={person[sub.id] ?? ''}
                  error={messageAt?.(personFieldPath(field.id, index, sub.id)) ?? null}
                  onChange={(text) => update(index, sub.id, typeof text === 'string' ? text : '')}
                />
              ))}
              <button
                type="button"
                className="button button--secondary person-card__remove"
                data-testid={`field-${field.id}-remove-${index}`}
                aria-label={t('fields.person.removeLabel', { number: index + 1 })}
                onClick={() => remove(index)}
              >
                {t('fields.person.remove')}
              </button>
            </li>
          );
        })}
      </ol>
      {canAdd && (
        <button
          type="button"
          id={inputId(field.id, 'add')}
          className="button button--secondary person-group__add"
          data-testid={`field-${field.id}-add`}
          onClick={add}
        >
          <span aria-hidden="true">+ </span>
          {t('fields.person.add')}
        </button>
      )}
    </fieldset>
  );
}
