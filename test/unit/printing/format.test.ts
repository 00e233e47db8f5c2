import { describe, expect, it } from 'vitest';
import { formatBishkekDate, formatBishkekTime, formatMoney, formatTerm } from '../../../src-main/core/printing/format';

const NBSP = '\u00A0';

describe('figures as printed', () => {
  it('writes som with a decimal comma, tyiyn only when there are some, thousands apart', () => {
    expect(formatMoney(510, 'ky')).toBe(`510${NBSP}сом`);
    expect(formatMoney(1716, 'ru')).toBe(`1${NBSP}716${NBSP}сом`);
    expect(formatMoney(1234.5, 'ky')).toBe(`1${NBSP}234,50${NBSP}сом`);
    expect(formatMoney(1_000_000, 'ru')).toBe(`1${NBSP}000${NBSP}000${NBSP}сом`);
  });

  it('declines the term in Russian and keeps one form in Kyrgyz', () => {
    const ru = (value: number) => formatTerm({ value, unit: 'workingDays' }, 'ru').replace(NBSP, ' ');
    expect([1, 2, 5, 11, 21, 22, 112].map(ru)).toEqual([
      '1 рабочий день',
      '2 рабочих дня',
      '5 рабочих дней',
      '11 рабочих дней',
      '21 рабочий день',
      '22 рабочих дня',
      '112 рабочих дней',
    ]);
    expect(formatTerm({ value: 3, unit: 'hours' }, 'ru')).toBe(`3${NBSP}часа`);
    expect(formatTerm({ value: 1, unit: 'months' }, 'ky')).toBe(`1${NBSP}ай`);
    expect(formatTerm({ value: 12, unit: 'workingDays' }, 'ky')).toBe(`12${NBSP}иш күнү`);
  });

  it('gives dates and times in Bishkek (UTC+6 all year), whatever the clock zone', () => {
    expect(formatBishkekDate('2026-03-02T09:30:00Z')).toBe('02.03.2026');
    expect(formatBishkekTime('2026-03-02T09:30:00Z')).toBe('15:30');
    expect(formatBishkekDate('2026-12-31T18:00:00Z')).toBe('01.01.2027');
    expect(formatBishkekTime('2026-12-31T18:00:00Z')).toBe('00:00');
    // Summer: no daylight saving.
    expect(formatBishkekTime('2026-07-01T06:05:00+02:00')).toBe('10:05');
  });
});
