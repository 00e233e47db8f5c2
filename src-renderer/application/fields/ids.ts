import type { FieldDefinition } from '../../../src-shared/forms/schema';

export const inputId = (fieldId: string, part?: string) => (part ? `input-${fieldId}-${part}` : `input-${fieldId}`);
export const hintId = (fieldId: string) => `hint-${fieldId}`;
export const errorId = (fieldId: string) => `error-${fieldId}`;

export function choiceValues(field: FieldDefinition): string[] {
  if (field.type === 'yesno') return ['yes', 'no'];
  return field.options?.map((o) => o.value) ?? [];
}

/** The element an error link or a "Change" link focuses. */
export function focusTargetId(field: FieldDefinition): string {
  if (field.type === 'date') return inputId(field.id, 'day');
  if (field.type === 'choice' || field.type === 'yesno') return inputId(field.id, choiceValues(field)[0]);
  return inputId(field.id);
}
