import type { TFunction } from 'i18next';
import type { FieldError } from '../../src-shared/errors';
import type { FieldDefinition } from '../../src-shared/forms/schema';
import type { Language } from '../../src-shared/language';

/**
 * A field problem in the citizen's language: the field's own pattern message
 * where the form gives one, else `errors.field.<code>`; a numeric parameter
 * doubles as the plural count ("не менее 5 символов").
 */
export function fieldErrorMessage(
  t: TFunction,
  language: Language,
  error: FieldError,
  field: FieldDefinition | undefined,
): string {
  if (error.code === 'text.pattern' && field?.patternMessage) return field.patternMessage[language];
  const params: Record<string, string | number> = { ...(error.params ?? {}) };
  const count = Object.values(params).find((v): v is number => typeof v === 'number');
  if (count !== undefined) params.count = count;
  const key = `errors.field.${error.code}`;
  return t(key, { ...params, defaultValue: t('errors.field.answer.type') });
}
