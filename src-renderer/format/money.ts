import type { Language } from '../../src-shared/language';
import { formatNumber, UNIT_SPACE } from './number';
import { resourcesOf } from './resources';

/** "1 234 сом" for whole som, "1 234,50 сом" when there are tyiyn. */
export function formatMoney(amount: number, language: Language): string {
  const cents = Math.round(amount * 100);
  const whole = cents % 100 === 0;
  const text = whole ? formatNumber(cents / 100) : formatNumber(cents / 100, 2);
  return `${text}${UNIT_SPACE}${resourcesOf(language).format.currency}`;
}
