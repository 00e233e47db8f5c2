import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLogin, checkPassword } from '../../../src-shared/accounts/rules';
import { ACCOUNT_FIELD_CODES } from '../../../src-shared/accounts/wire';
import { maskPhone, maskPin } from '../../../src-renderer/account/masking';
import {
  EMPTY_REGISTRATION,
  followTyping,
  loginRules,
  passwordRules,
  registrationProblems,
  type RegistrationValues,
} from '../../../src-renderer/account/registration';
import { parseTermsText } from '../../../src-renderer/account/terms-text';

const TODAY = new Date('2026-11-24T12:00:00Z');
const GOOD: RegistrationValues = {
  login: 'aigul.asanova',
  password: 'Тоо-суу 2026 жаз',
  fullName: 'Асанова Айгүл Бакытовна',
  pin: '12505199012345',
  phone: '0555 123 456',
};

describe('what "My data" shows of the ПИН and the phone', () => {
  it('keeps the last four digits of a ПИН: the sex and the birth date are hidden', () => {
    expect(maskPin('12505199012345')).toBe('••••••••••2345');
    expect(maskPin('123')).toBe('•••');
  });

  it('keeps the country code and the last three digits of a phone, grouped as spoken', () => {
    expect(maskPhone('+996555123456')).toBe('+996 ••• ••• 456');
    expect(maskPhone('0555123456')).toBe('• ••• ••• 456');
    expect(maskPhone('12')).toBe('••');
  });
});

describe('the register screen judges as the shared rules do', () => {
  it('accepts true and complete data', () => {
    expect(registrationProblems(GOOD, TODAY)).toEqual([]);
  });

  it('names every field with a problem, in the order of the screen', () => {
    const problems = registrationProblems({ ...EMPTY_REGISTRATION, login: '1ab', password: 'aaaaaaaaaa', phone: '12' }, TODAY);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['login', 'login.length'],
      ['password', 'password.simple'],
      ['fullName', 'required'],
      ['pin', 'required'],
      ['phone', 'phone.invalid'],
    ]);
    expect(problems[0]?.params).toEqual({ min: 4, max: 32 });
  });

  it('takes a ПИН typed with spaces, as the core does', () => {
    expect(registrationProblems({ ...GOOD, pin: '1 25051990 12345' }, TODAY)).toEqual([]);
  });

  it('ticks the login rules off one by one, and all of them only when the shared check passes', () => {
    for (const login of ['', 'a', 'ab1', 'aibek', '1aibek', 'айбек', 'aibek asanov', 'a.b_c-d', 'x'.repeat(33), '_abc']) {
      const rules = loginRules(login);
      if (login === '') expect(rules.every((r) => r.state === 'pending')).toBe(true);
      else expect(rules.every((r) => r.state === 'met'), login).toBe(checkLogin(login) === null);
    }
    expect(loginRules('1aibek').map((r) => r.state)).toEqual(['met', 'met', 'unmet']);
  });

  it('ticks the password rules off as typed, "not simple" judged once it is long enough', () => {
    for (const [password, login] of [
      ['short', 'aibek'],
      ['aaaaaaaaaaaa', 'aibek'],
      ['1234567890', 'aibek'],
      ['qwertyuiop', ''],
      ['my-aibek-password', 'aibek'],
      ['Тоо-суу 2026 жаз', 'aibek'],
      ['correct horse battery', 'aibek'],
    ] as const) {
      const rules = passwordRules(password, login);
      const allMet = rules.every((r) => r.state === 'met' || (r.rule === 'login' && login === ''));
      expect(allMet, password).toBe(checkPassword(password, login) === null);
    }
    expect(passwordRules('short', 'aibek').map((r) => r.state)).toEqual(['unmet', 'met', 'pending']);
    expect(passwordRules('', '').map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
  });

  it('lets a shown message follow what is typed, and drops the service\'s own once the field changes', () => {
    const shown = [
      { field: 'login', code: 'login.taken' },
      { field: 'pin', code: 'pin.length' },
      { field: 'phone', code: 'phone.invalid' },
    ];
    const afterLogin = followTyping(shown, 'login', { ...GOOD, login: 'aigul2' }, TODAY);
    expect(afterLogin.map((e) => e.code)).toEqual(['pin.length', 'phone.invalid']);
    const afterPin = followTyping(afterLogin, 'pin', { ...GOOD, pin: '3250519901234' }, TODAY);
    expect(afterPin.map((e) => e.code)).toEqual(['pin.length', 'phone.invalid']);
    const fixed = followTyping(afterPin, 'pin', GOOD, TODAY);
    expect(fixed.map((e) => e.code)).toEqual(['phone.invalid']);
    // A new problem waits for "Register": typing into a field without a message shows none.
    expect(followTyping([], 'fullName', { ...GOOD, fullName: '' }, TODAY)).toEqual([]);
  });

  it('follows the password when the login it must not contain changes', () => {
    const shown = [{ field: 'password', code: 'password.login' }];
    expect(followTyping(shown, 'login', { ...GOOD, login: 'other', password: 'aigul.asanova-2026' }, TODAY)).toEqual([]);
  });
});

describe('the terms keep their structure on screen', () => {
  const termsDir = join(import.meta.dirname, '..', '..', '..', 'assets', 'terms');
  const read = (name: string) => readFileSync(join(termsDir, name), 'utf8');

  it('finds the agreement\'s title, its nine sections and numbers its points as people cite them ("2.10")', () => {
    for (const language of ['ky', 'ru']) {
      const blocks = parseTermsText(read(`agreement.${language}.txt`));
      expect(blocks[0]).toEqual({ kind: 'title', text: 'Пользовательское соглашение' });
      const headings = blocks.flatMap((b) => (b.kind === 'heading' ? [b.number] : []));
      expect(headings, language).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
      const points = blocks.flatMap((b) => (b.kind === 'clause' ? [b.number] : []));
      expect(points, language).toContain('2.10');
      expect(points.every((n) => /^\d+\.\d+$/.test(n)), language).toBe(true);
      const depths = new Set(blocks.flatMap((b) => (b.kind === 'item' ? [b.depth] : [])));
      expect([...depths].sort(), language).toEqual([0, 1]);
    }
    const ky = parseTermsText(read('agreement.ky.txt'));
    expect(ky.find((b) => b.kind === 'heading' && b.number === '2')).toMatchObject({ text: 'Колдонуучуну каттоо. Колдонуучунун эсептик жазуусу' });
  });

  it('reads the privacy policy the same way, in both languages alike', () => {
    const shape = (language: string) =>
      parseTermsText(read(`privacy.${language}.txt`)).map((b) => (b.kind === 'heading' || b.kind === 'clause' ? `${b.kind} ${b.number}` : b.kind));
    expect(shape('ky')).toEqual(shape('ru'));
    expect(shape('ky').filter((k) => k.startsWith('heading')).length).toBeGreaterThan(3);
  });

  it('reads Markdown headings, bullets and wrapped paragraphs too', () => {
    const blocks = parseTermsText('# Купуялуулук саясаты\n\nБиринчи сап\nэкинчи сап.\n\n## 2. Маалыматтар\n- ПИН\n  - телефон\n1. Кызмат маалыматтарды сактайт.');
    expect(blocks).toEqual([
      { kind: 'title', text: 'Купуялуулук саясаты' },
      { kind: 'paragraph', text: 'Биринчи сап экинчи сап.' },
      { kind: 'heading', level: 2, number: '2', text: 'Маалыматтар' },
      { kind: 'item', depth: 0, text: 'ПИН' },
      { kind: 'item', depth: 1, text: 'телефон' },
      { kind: 'clause', number: '2.1', text: 'Кызмат маалыматтарды сактайт.' },
    ]);
  });
});

describe('account messages', () => {
  const i18nDir = join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'i18n');
  const common = (language: string) =>
    JSON.parse(readFileSync(join(i18nDir, language, 'common.json'), 'utf8')) as { errors: { field: Record<string, unknown> } };
  const has = (tree: unknown, path: string): boolean => {
    let node: unknown = tree;
    for (const part of path.split('.')) {
      if (!node || typeof node !== 'object') return false;
      node = (node as Record<string, unknown>)[part];
    }
    return typeof node === 'string';
  };

  it('have a message for every field code the service and the core send with account.invalid', () => {
    for (const language of ['ky', 'ru']) {
      const field = common(language).errors.field;
      expect(ACCOUNT_FIELD_CODES.filter((code) => !has(field, code)), language).toEqual([]);
    }
  });
});
