import type { TFunction } from 'i18next';
import { filesOf, isAddressAnswer, isEmptyAnswer } from '../../src-shared/forms/engine';
import { findDistrict, findRegion, findSettlement } from '../../src-shared/forms/places-kg';
import type { AnswerValue, FieldDefinition, PersonFieldDefinition } from '../../src-shared/forms/schema';
import type { Language } from '../../src-shared/language';
import { formatDateAnswer } from '../format';

function optionLabel(field: FieldDefinition | PersonFieldDefinition, language: Language, value: string): string {
  return field.options?.find((o) => o.value === value)?.label[language] ?? value;
}

/** One string answer as the review page shows it. */
function textForDisplay(t: TFunction, language: Language, field: FieldDefinition | PersonFieldDefinition, text: string): string {
  switch (field.type) {
    case 'date':
      return formatDateAnswer(text);
    case 'yesno':
      return text === 'yes' ? t('form.yes') : text === 'no' ? t('form.no') : text;
    case 'choice':
      return optionLabel(field, language, text);
    default:
      return text;
  }
}

/** "region, district, settlement, street", by the places list's names. */
export function addressForDisplay(language: Language, value: AnswerValue | undefined): string {
  if (!isAddressAnswer(value)) return '';
  const region = findRegion(value.region)?.name[language];
  const district = findDistrict(value.region, value.district)?.name[language];
  const settlement = findSettlement(value.district, value.settlement)?.name[language];
  return [region, district, settlement, value.street.trim()].filter(Boolean).join(', ');
}

/** One line per person: each given answer as "Label: value". */
export function personsForDisplay(t: TFunction, language: Language, field: FieldDefinition, value: AnswerValue | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((person) => {
    if (typeof person !== 'object') return [];
    const parts = (field.fields ?? []).flatMap((sub) => {
      const text = (person as Record<string, string | undefined>)[sub.id]?.trim();
      if (!text) return [];
      return [`${sub.label[language]}: ${textForDisplay(t, language, sub, text)}`];
    });
    return [parts.join('; ')];
  });
}

/** An answer as the review page shows it: option labels, dd.MM.yyyy, place names, "Not given". */
export function answerForDisplay(t: TFunction, language: Language, field: FieldDefinition, value: AnswerValue | undefined): string {
  if (isEmptyAnswer(value)) return t('review.notGiven');
  switch (field.type) {
    case 'address':
      return addressForDisplay(language, value);
    case 'multichoice':
      return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? optionLabel(field, language, v) : '')).join(', ') : '';
    case 'person':
      return personsForDisplay(t, language, field, value).join('\n');
    case 'file':
      return filesOf(value)
        .map((file) => file.fileName)
        .join(', ');
    default:
      return typeof value === 'string' ? textForDisplay(t, language, field, value) : '';
  }
}
