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
  it('writes dd.MM.yyyy and HH:mm in local time', () => {
    const date = new Date(2024, 0, 5, 9, 7);
    expect(formatDate(date)).toBe('05.01.2024');
    expect(formatTime(date)).toBe('09:07');
    expect(formatTime(new Date(2024, 11, 31, 23, 59))).toBe('23:59');
    expect(formatDate(new Date(2024, 11, 31, 23, 59))).toBe('31.12.2024');
  });

  it('reads ISO timestamps', () => {
    const iso = new Date(2025, 2, 9, 14, 30).toISOString();
    expect(formatDate(iso)).toBe('09.03.2025');
    expect(formatTime(iso)).toBe('14:30');
  });

  it('shows a date answer as typed, padded', () => {
    expect(formatDateAnswer('1990-3-7')).toBe('07.03.1990');
    expect(formatDateAnswer('1990-12-31')).toBe('31.12.1990');
  });
});

describe('formatTerm', () => {
  it('says working days with Kyrgyz and Russian plurals', () => {
    expect(formatTerm({ value: 12, unit: 'workingDays' }, 'ky')).toBe('12 иш күнү');
    expect(formatTerm({ value: 12, unit: 'workingDays' }, 'ru')).toBe('12 рабочих дней');
    expect(formatTerm({ value: 1, unit: 'workingDays' }, 'ru')).toBe('1 рабочий день');
    expect(formatTerm({ value: 2, unit: 'workingDays' }, 'ru')).toBe('2 рабочих дня');
    expect(formatTerm({ value: 21, unit: 'workingDays' }, 'ru')).toBe('21 рабочий день');
    expect(formatTerm({ value: 18, unit: 'workingDays' }, 'ky')).toBe('18 иш күнү');
  });

  it('says hours, days and months', () => {
    expect(formatTerm({ value: 3, unit: 'hours' }, 'ky')).toBe('3 саат');
    expect(formatTerm({ value: 3, unit: 'hours' }, 'ru')).toBe('3 часа');
    expect(formatTerm({ value: 5, unit: 'hours' }, 'ru')).toBe('5 часов');
    expect(formatTerm({ value: 1, unit: 'months' }, 'ky')).toBe('1 ай');
    expect(formatTerm({ value: 1, unit: 'months' }, 'ru')).toBe('1 месяц');
    expect(formatTerm({ value: 11, unit: 'months' }, 'ru')).toBe('11 месяцев');
    expect(formatTerm({ value: 30, unit: 'days' }, 'ky')).toBe('30 күн');
    expect(formatTerm({ value: 22, unit: 'days' }, 'ru')).toBe('22 дня');
  });

  it('handles fractions with a decimal comma', () => {
    expect(formatTerm({ value: 1.5, unit: 'hours' }, 'ru')).toBe('1,5 часа');
    expect(formatTerm({ value: 1.5, unit: 'hours' }, 'ky')).toBe('1,5 саат');
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
