import type { FieldError } from '../../../src-shared/errors';
import { parseFieldPath } from '../../../src-shared/forms/engine';
import type { FieldDefinition, PersonFieldDefinition } from '../../../src-shared/forms/schema';

export const inputId = (fieldId: string, part?: string) => (part ? `input-${fieldId}-${part}` : `input-${fieldId}`);
export const hintId = (fieldId: string) => `hint-${fieldId}`;
export const errorId = (fieldId: string) => `error-${fieldId}`;

export function choiceValues(field: FieldDefinition): string[] {
  if (field.type === 'yesno') return ['yes', 'no'];
  return field.options?.map((o) => o.value) ?? [];
}

/** A person's subfield as its own control: ids and test ids "<group>-<index>-<subfield>". */
export function personSubfield(group: FieldDefinition, index: number, sub: PersonFieldDefinition): FieldDefinition {
  return { ...sub, id: `${group.id}-${index}-${sub.id}` };
}

export const ADDRESS_PARTS = ['region', 'district', 'settlement', 'street'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/** The element an error link or a "Change" link focuses. */
export function focusTargetId(field: FieldDefinition): string {
  switch (field.type) {
    case 'date':
      return inputId(field.id, 'day');
    case 'choice':
      return field.display === 'select' ? inputId(field.id) : inputId(field.id, choiceValues(field)[0]);
    case 'yesno':
    case 'multichoice':
      return inputId(field.id, choiceValues(field)[0]);
    case 'address':
      return inputId(field.id, 'region');
    case 'person':
      return inputId(field.id, 'add');
    default:
      return inputId(field.id);
  }
}

function addressPartOf(code: string): AddressPart {
  if (code === 'address.district') return 'district';
  if (code === 'address.settlement') return 'settlement';
  if (code === 'address.street' || code.startsWith('text.')) return 'street';
  return 'region';
}

/** The element an error's summary link focuses: the part of an address, the subfield of a person. */
export function errorTargetId(field: FieldDefinition | undefined, error: FieldError): string {
  if (!field) return inputId(error.field);
  const path = parseFieldPath(error.field);
  if (field.type === 'person' && path.index !== undefined) {
    const sub = field.fields?.find((f) => f.id === path.subfield);
    return sub ? focusTargetId(personSubfield(field, path.index, sub)) : focusTargetId(field);
  }
  if (field.type === 'address') return inputId(field.id, addressPartOf(error.code));
  return focusTargetId(field);
}
