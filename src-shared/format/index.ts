import type { Term } from '../catalog/schema';
import type { Language } from '../language';

/**
 * Figures as citizens read them on screen and on paper, by the app's own
 * rules: Chromium ships no Kyrgyz Intl data, and Node's differs between
 * builds. One module, so a receipt never says what its screen does not.
 */

/** Narrow no-break space: the thousands separator of both languages on screen. */
export const THOUSANDS_SEPARATOR = '\u202F';
/** No-break space: between a number and its unit, so "сом" never wraps alone; printouts group with it too. */
export const UNIT_SPACE = '\u00A0';

/**
 * "1 234", "1 234,5": digits grouped by three, a decimal comma, the same in
 * Kyrgyz and Russian. `fractionDigits` fixes the decimals.
 */
export function formatNumber(value: number, fractionDigits?: number, separator = THOUSANDS_SEPARATOR): string {
  const sign = value < 0 ? '-' : '';
  const fixed = fractionDigits === undefined ? String(Math.abs(value)) : Math.abs(value).toFixed(fractionDigits);
  const [whole = '0', fraction] = fixed.split('.');
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator)}${fraction ? `,${fraction}` : ''}`;
}

export type PluralCategory = 'one' | 'few' | 'many' | 'other';

/** CLDR cardinal rules of the kiosk's two languages, written out. */
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

type PluralWords = Partial<Record<PluralCategory, string>> & { other: string };

/** The words figures are written with: the currency and the units of a term. */
export const FIGURE_WORDS: Record<Language, { currency: string; termUnits: Record<Term['unit'], PluralWords> }> = {
  ky: {
    currency: 'сом',
    termUnits: {
      workingDays: { other: 'иш күнү' },
      days: { other: 'күн' },
      hours: { other: 'саат' },
      months: { other: 'ай' },
    },
  },
  ru: {
    currency: 'сом',
    termUnits: {
      workingDays: { one: 'рабочий день', few: 'рабочих дня', many: 'рабочих дней', other: 'рабочего дня' },
      days: { one: 'день', few: 'дня', many: 'дней', other: 'дня' },
      hours: { one: 'час', few: 'часа', many: 'часов', other: 'часа' },
      months: { one: 'месяц', few: 'месяца', many: 'месяцев', other: 'месяца' },
    },
  },
};

/** "1 234 сом" for whole som, "1 234,50 сом" when there are tyiyn. */
export function formatMoney(amount: number, language: Language, separator = THOUSANDS_SEPARATOR): string {
  const tyiyn = Math.round(amount * 100);
  const text = tyiyn % 100 === 0 ? formatNumber(tyiyn / 100, undefined, separator) : formatNumber(tyiyn / 100, 2, separator);
  return `${text}${UNIT_SPACE}${FIGURE_WORDS[language].currency}`;
}

/** "12 иш күнү" / "12 рабочих дней", "3 саат" / "3 часа", "1 ай" / "1 месяц". */
export function formatTerm(term: Pick<Term, 'value' | 'unit'>, language: Language, separator = THOUSANDS_SEPARATOR): string {
  const words = FIGURE_WORDS[language].termUnits[term.unit];
  const word = words[pluralCategory(language, term.value)] ?? words.other;
  return `${formatNumber(term.value, undefined, separator)}${UNIT_SPACE}${word}`;
}

/** Asia/Bishkek is UTC+6 all year (no daylight saving since 2005); a kiosk's OS zone may be set wrong. */
const BISHKEK_OFFSET_MS = 6 * 60 * 60 * 1000;

const twoDigits = (value: number) => String(value).padStart(2, '0');

function inBishkek(instant: string | Date): Date {
  return new Date(new Date(instant).getTime() + BISHKEK_OFFSET_MS);
}

/** dd.MM.yyyy in Bishkek, the same in both languages (what forms use; CLDR's Kyrgyz short date is not). */
export function formatDate(instant: string | Date): string {
  const local = inBishkek(instant);
  return `${twoDigits(local.getUTCDate())}.${twoDigits(local.getUTCMonth() + 1)}.${local.getUTCFullYear()}`;
}

/** HH:mm, 24-hour, in Bishkek. */
export function formatTime(instant: string | Date): string {
  const local = inBishkek(instant);
  return `${twoDigits(local.getUTCHours())}:${twoDigits(local.getUTCMinutes())}`;
}
