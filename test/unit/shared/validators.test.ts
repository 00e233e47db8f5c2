import { describe, expect, it } from 'vitest';
import { isDocumentNumber, normalizeDocumentNumber } from '../../../src-shared/validators/document';
import { isEmail } from '../../../src-shared/validators/email';
import { isKyrgyzPhone, normalizeKyrgyzPhone } from '../../../src-shared/validators/phone';
import { checkPin, pinFacts } from '../../../src-shared/validators/pin';

const today = new Date('2026-11-24T12:00:00Z');

describe('ПИН', () => {
  it.each([
    ['12505199012345', null, 'a woman born 25.05.1990'],
    ['22902200000001', null, 'a man born 29.02.2000 (leap day)'],
    ['10101190099999', null, 'any serial is accepted: no checksum is published'],
  ])('%s is valid (%s, %s)', (pin, problem) => {
    expect(checkPin(pin, today)).toBe(problem);
  });

  it.each([
    ['1250519901234', 'pin.length'],
    ['125051990123456', 'pin.length'],
    ['', 'pin.length'],
    ['1250519901234a', 'pin.digits'],
    ['1250 519901234', 'pin.digits'],
    ['32505199012345', 'pin.gender'],
    ['02505199012345', 'pin.gender'],
    ['13202199012345', 'pin.date'],
    ['12913199012345', 'pin.date'],
    ['22902200100001', 'pin.date'],
    ['10101189912345', 'pin.date'],
    ['10101202712345', 'pin.date'],
  ])('%s is refused as %s', (pin, problem) => {
    expect(checkPin(pin, today)).toBe(problem);
  });

  it('reads sex and date of birth from a valid number', () => {
    expect(pinFacts('22902200000001')).toEqual({ sex: 'male', birthDate: { day: 29, month: 2, year: 2000 } });
    expect(pinFacts('32505199012345')).toBeNull();
  });
});

describe('phone numbers through libphonenumber metadata', () => {
  it.each([
    ['+996 555 123 456', '+996555123456'],
    ['0555123456', '+996555123456'],
    ['0 (700) 12-34-56', '+996700123456'],
    ['+996312123456', '+996312123456'],
  ])('%s is a Kyrgyz number %s', (input, e164) => {
    expect(normalizeKyrgyzPhone(input)).toBe(e164);
  });

  it.each(['+996 55 123 45', '555', '+7 701 123 4567', 'телефон', '+996 555 123 4567 8'])('%s is refused', (input) => {
    expect(isKyrgyzPhone(input)).toBe(false);
  });
});

describe('passport and ID card numbers', () => {
  it('accepts two Latin letters and seven digits, forgiving case and spaces', () => {
    expect(isDocumentNumber('ID1234567')).toBe(true);
    expect(isDocumentNumber('an 1234567')).toBe(true);
    expect(normalizeDocumentNumber(' id 123 4567 ')).toBe('ID1234567');
  });

  it.each(['ID123456', 'ID12345678', 'АН1234567', '1D1234567', 'ID-1234567'])('refuses %s', (value) => {
    expect(isDocumentNumber(value)).toBe(false);
  });
});

describe('e-mail', () => {
  it('accepts plain addresses and refuses broken ones', () => {
    expect(isEmail('aigul@mail.kg')).toBe(true);
    expect(isEmail('aigul@mail')).toBe(false);
    expect(isEmail('aigul mail.kg')).toBe(false);
  });
});
