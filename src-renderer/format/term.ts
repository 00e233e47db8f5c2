import type { Term } from '../../src-shared/catalog/schema';
import type { Language } from '../../src-shared/language';
import { formatNumber } from './number';
import { pluralCategory } from './plural';
import { resourcesOf } from './resources';

/** "12 иш күнү" / "12 рабочих дней", "3 саат" / "3 часа", "1 ай" / "1 месяц". */
export function formatTerm(term: Pick<Term, 'value' | 'unit'>, language: Language): string {
  const forms = resourcesOf(language).format.term as Record<string, string | undefined>;
  const category = pluralCategory(language, term.value);
  const template = forms[`${term.unit}_${category}`] ?? forms[`${term.unit}_other`] ?? '{{count}}';
  return template.replace('{{count}}', formatNumber(term.value));
}
