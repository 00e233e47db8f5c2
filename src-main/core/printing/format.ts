import type { Term } from '../../../src-shared/catalog/schema';
import * as shared from '../../../src-shared/format';
import type { Language } from '../../../src-shared/language';

/**
 * Figures as printed: the screens' rules (src-shared/format), grouped with
 * an ordinary no-break space, since the embedded Noto Sans subsets have no
 * glyph for the narrow one the screens use.
 */
export { formatDate as formatBishkekDate, formatTime as formatBishkekTime, pluralCategory } from '../../../src-shared/format';

export function formatNumber(value: number, fractionDigits?: number): string {
  return shared.formatNumber(value, fractionDigits, shared.UNIT_SPACE);
}

export function formatMoney(amount: number, language: Language): string {
  return shared.formatMoney(amount, language, shared.UNIT_SPACE);
}

export function formatTerm(term: Pick<Term, 'value' | 'unit'>, language: Language): string {
  return shared.formatTerm(term, language, shared.UNIT_SPACE);
}
