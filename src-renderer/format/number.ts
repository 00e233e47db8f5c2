/** Narrow no-break space: the thousands separator of both languages. */
export const THOUSANDS_SEPARATOR = '\u202F';
/** No-break space between a number and its unit, so "сом" never wraps alone. */
export const UNIT_SPACE = '\u00A0';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, THOUSANDS_SEPARATOR);
}

/**
 * "1 234", "1 234,5": grouping with a narrow no-break space and a decimal
 * comma, the same in Kyrgyz and Russian. `fractionDigits` fixes the decimals.
 */
export function formatNumber(value: number, fractionDigits?: number): string {
  const sign = value < 0 ? '-' : '';
  const fixed = fractionDigits === undefined ? String(Math.abs(value)) : Math.abs(value).toFixed(fractionDigits);
  const [whole = '0', fraction] = fixed.split('.');
  return `${sign}${groupThousands(whole)}${fraction ? `,${fraction}` : ''}`;
}
