import { describe, expect, it } from 'vitest';
import { formatDate, formatDateAnswer, formatMoney, formatNumber, formatTerm, formatTime, pluralCategory } from '../../../src-renderer/format';

const NNBSP = '\u202F';
const NBSP = '\u00A0';

describe('formatMoney', () => {
  it('groups thousands with a narrow no-break space and adds "сом" in both languages', () => {
    expect(formatMoney(1234, 'ky')).toBe(`1${NNBSP}234${NBSP}сом`);
    expect(formatMoney(1234, 'ru')).toBe(`1${NNBSP}234${NBSP}сом`);
  });

  it('shows tyiyn with a decimal comma and two digits', () => {
    expect(formatMoney(1234.5, 'ky')).toBe(`1${NNBSP}234,50${NBSP}сом`);
    expect(formatMoney(1234.5, 'ru')).toBe(`1${NNBSP}234,50${NBSP}сом`);
    expect(formatMoney(0.05, 'ru')).toBe(`0,05${NBSP}сом`);
  });

  it('leaves small and large amounts readable', () => {
    expect(formatMoney(510, 'ky')).toBe(`510${NBSP}сом`);
    expect(formatMoney(0, 'ru')).toBe(`0${NBSP}сом`);
    expect(formatMoney(1234567, 'ru')).toBe(`1${NNBSP}234${NNBSP}567${NBSP}сом`);
    expect(formatMoney(4140, 'ky')).toBe(`4${NNBSP}140${NBSP}сом`);
  });

  it('does not show float noise', () => {
    expect(formatMoney(0.1 + 0.2, 'ru')).toBe(`0,30${NBSP}сом`);
    expect(formatMoney(1299.999, 'ky')).toBe(`1${NNBSP}300${NBSP}сом`);
  });
});

describe('formatNumber', () => {
  it('uses a decimal comma', () => {
    expect(formatNumber(2.5)).toBe('2,5');
    expect(formatNumber(-1234)).toBe(`-1${NNBSP}234`);
  });
});

describe('formatDate and formatTime', () => {
  it('writes dd.MM.yyyy and HH:mm in Bishkek time (UTC+6 all year), whatever the zone of the machine', () => {
    expect(formatDate('2024-01-05T03:07:00.000Z')).toBe('05.01.2024');
    expect(formatTime('2024-01-05T03:07:00.000Z')).toBe('09:07');
    // Past 18:00 UTC it is already tomorrow in Bishkek.
    expect(formatDate(new Date('2024-12-31T18:30:00.000Z'))).toBe('01.01.2025');
    expect(formatTime(new Date('2024-12-31T18:30:00.000Z'))).toBe('00:30');
    // No daylight saving: summer is still +6.
    expect(formatTime('2025-07-01T12:00:00Z')).toBe('18:00');
  });

  it('shows a date answer as typed, padded', () => {
    expect(formatDateAnswer('1990-3-7')).toBe('07.03.1990');
    expect(formatDateAnswer('1990-12-31')).toBe('31.12.1990');
  });
});

describe('formatTerm', () => {
  // A no-break space keeps the figure and its unit on one line, as with money.
  it('says working days with Kyrgyz and Russian plurals', () => {
    expect(formatTerm({ value: 12, unit: 'workingDays' }, 'ky')).toBe(`12${NBSP}иш күнү`);
    expect(formatTerm({ value: 12, unit: 'workingDays' }, 'ru')).toBe(`12${NBSP}рабочих дней`);
    expect(formatTerm({ value: 1, unit: 'workingDays' }, 'ru')).toBe(`1${NBSP}рабочий день`);
    expect(formatTerm({ value: 2, unit: 'workingDays' }, 'ru')).toBe(`2${NBSP}рабочих дня`);
    expect(formatTerm({ value: 21, unit: 'workingDays' }, 'ru')).toBe(`21${NBSP}рабочий день`);
    expect(formatTerm({ value: 18, unit: 'workingDays' }, 'ky')).toBe(`18${NBSP}иш күнү`);
  });

  it('says hours, days and months', () => {
    expect(formatTerm({ value: 3, unit: 'hours' }, 'ky')).toBe(`3${NBSP}саат`);
    expect(formatTerm({ value: 3, unit: 'hours' }, 'ru')).toBe(`3${NBSP}часа`);
    expect(formatTerm({ value: 5, unit: 'hours' }, 'ru')).toBe(`5${NBSP}часов`);
    expect(formatTerm({ value: 1, unit: 'months' }, 'ky')).toBe(`1${NBSP}ай`);
    expect(formatTerm({ value: 1, unit: 'months' }, 'ru')).toBe(`1${NBSP}месяц`);
    expect(formatTerm({ value: 11, unit: 'months' }, 'ru')).toBe(`11${NBSP}месяцев`);
    expect(formatTerm({ value: 30, unit: 'days' }, 'ky')).toBe(`30${NBSP}күн`);
    expect(formatTerm({ value: 22, unit: 'days' }, 'ru')).toBe(`22${NBSP}дня`);
  });

  it('handles fractions with a decimal comma', () => {
    expect(formatTerm({ value: 1.5, unit: 'hours' }, 'ru')).toBe(`1,5${NBSP}часа`);
    expect(formatTerm({ value: 1.5, unit: 'hours' }, 'ky')).toBe(`1,5${NBSP}саат`);
  });
});

describe('pluralCategory', () => {
  it('agrees with CLDR (Node has full ICU) for 0..250 and fractions', () => {
    for (const language of ['ky', 'ru'] as const) {
      const rules = new Intl.PluralRules(language);
      for (let n = 0; n <= 250; n += 1) expect(pluralCategory(language, n), `${language} ${n}`).toBe(rules.select(n));
      for (const n of [0.5, 1.5, 2.25]) expect(pluralCategory(language, n), `${language} ${n}`).toBe(rules.select(n));
    }
  });
});
