import { checkFullName, checkLogin, checkPassword, loginKey } from '../../src-shared/accounts/rules';
import type { FieldError } from '../../src-shared/errors';
import { checkPin } from '../../src-shared/validators/pin';
import { normalizeKyrgyzPhone } from '../../src-shared/validators/phone';
import type { CentralDatabase } from '../database';
import { isCommonPassword } from './common-passwords';
import { isForbiddenLogin } from './forbidden-logins';
import { normalizePassword } from './passwords';
import { fieldError, hasControlCharacters } from './refusals';

/**
 * The service's judgement of what a citizen typed: the shared rules (the
 * screens judge the same while the citizen types) and what only the
 * service knows. Every field is judged, so the screen can mark them all.
 */

/** The new password's problems: the shared rules, then the list of common passwords. */
export function passwordProblems(field: string, password: string, login: string): FieldError[] {
  if (hasControlCharacters(password)) return [fieldError(field, 'text.control')];
  const normalized = normalizePassword(password);
  const rule = checkPassword(normalized, login);
  if (rule) return [fieldError(field, rule)];
  if (isCommonPassword(normalized)) return [fieldError(field, 'password.common')];
  return [];
}

/** The login's problems apart from being taken (the caller looks that up): the rules and the forbidden list. */
export function loginProblems(db: CentralDatabase, login: string): FieldError[] {
  if (hasControlCharacters(login)) return [fieldError('login', 'text.control')];
  const rule = checkLogin(login);
  if (rule) return [fieldError('login', rule)];
  if (isForbiddenLogin(db, login)) return [fieldError('login', 'login.forbidden')];
  return [];
}

const PHONE_CHARACTERS = /^[+\d\s().-]+$/;

export interface RegistrationData {
  login: string;
  loginKey: string;
  fullName: string;
  pin: string;
  /** E.164. */
  phone: string;
}

/**
 * The registration's fields as stored (a name trimmed, a ПИН without the
 * spaces a keypad may add, a phone in E.164), or their problems.
 */
export function judgeRegistration(
  db: CentralDatabase,
  typed: { login: string; password: string; fullName: string; pin: string; phone: string },
  now: Date,
): { ok: true; data: RegistrationData } | { ok: false; fields: FieldError[] } {
  const fields: FieldError[] = [...loginProblems(db, typed.login), ...passwordProblems('password', typed.password, typed.login)];

  let fullName = typed.fullName.trim().replace(/ {2,}/g, ' ');
  if (hasControlCharacters(typed.fullName)) fields.push(fieldError('fullName', 'text.control'));
  else {
    const problem = checkFullName(fullName);
    if (problem) fields.push(fieldError('fullName', problem));
  }

  const pin = typed.pin.replace(/ /g, '');
  if (hasControlCharacters(typed.pin)) fields.push(fieldError('pin', 'text.control'));
  else {
    const problem = checkPin(pin, now);
    if (problem) fields.push(fieldError('pin', problem));
  }

  let phone: string | null = null;
  if (hasControlCharacters(typed.phone)) fields.push(fieldError('phone', 'text.control'));
  else {
    // libphonenumber forgives trailing text ("…456<b>"); a number is digits and the signs people write between them.
    phone = PHONE_CHARACTERS.test(typed.phone) ? normalizeKyrgyzPhone(typed.phone) : null;
    if (!phone) fields.push(fieldError('phone', 'phone.invalid'));
  }

  if (fields.length > 0 || phone === null) return { ok: false, fields };
  fullName = fullName.normalize('NFC');
  return { ok: true, data: { login: typed.login, loginKey: loginKey(typed.login), fullName, pin, phone } };
}
