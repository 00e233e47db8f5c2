import type { Condition, FormDefinition } from '../../src-shared/forms/schema';
import type { Language } from '../../src-shared/language';

/** The question a condition looks at and the answers that show the field, as the citizen reads them. */
export function conditionParts(
  form: FormDefinition,
  condition: Condition,
  language: Language,
  yesNo: { yes: string; no: string },
): { question: string; answers: string[] } {
  const field = form.pages.flatMap((page) => page.fields).find((candidate) => candidate.id === condition.field);
  if (!field) return { question: condition.field, answers: condition.equals };
  const label = (value: string) => {
    if (field.type === 'yesno') return value === 'yes' ? yesNo.yes : value === 'no' ? yesNo.no : value;
    return field.options?.find((option) => option.value === value)?.label[language] ?? value;
  };
  return { question: field.label[language], answers: condition.equals.map(label) };
}
