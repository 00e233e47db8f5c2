import type { TFunction } from 'i18next';
import type { AnswerValue, FieldDefinition } from '../../src-shared/forms/schema';
import type { Language } from '../../src-shared/language';
import { formatDateAnswer } from '../format';

/** An answer as the review page shows it: option labels, dd.MM.yyyy, "Not given". */
export function answerForDisplay(t: TFunction, language: Language, field: FieldDefinition, value: AnswerValue | undefined): string {
  const text = typeof value === 'string' ? value : (value ?? []).join(', ');
  if (text.trim() === '') return t('review.notGiven');
  switch (field.type) {
    case 'date':
      return formatDateAnswer(text);
    case 'yesno':
      return text === 'yes' ? t('form.yes') : text === 'no' ? t('form.no') : text;
    case 'choice':
      return field.options?.find((o) => o.value === text)?.label[language] ?? text;
    default:
      return text;
  }
}
