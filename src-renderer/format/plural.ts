import type { Language } from '../../src-shared/language';

export type PluralCategory = 'one' | 'few' | 'many' | 'other';

/**
 * CLDR cardinal rules for the kiosk's two languages, written out so the
 * result never depends on the ICU data a given Chromium happens to ship.
 */
export function pluralCategory(language: Language, count: number): PluralCategory {
  if (language === 'ky') return count === 1 ? 'one' : 'other';
  if (!Number.isInteger(count)) return 'other';
  const n = Math.abs(count);
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return 'one';
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'few';
  return 'many';
}
