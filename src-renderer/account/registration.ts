import {
  LOGIN_MAX_LENGTH,
  LOGIN_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  checkFullName,
  checkLogin,
  checkPassword,
  loginKey,
} from '../../src-shared/accounts/rules';
import type { FieldError } from '../../src-shared/errors';
import { checkPin } from '../../src-shared/validators/pin';
import { isKyrgyzPhone } from '../../src-shared/validators/phone';

/** What the register screen asks, in the order it asks it. */
export const REGISTRATION_FIELDS = ['login', 'password', 'fullName', 'pin', 'phone'] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];
export type RegistrationValues = Record<RegistrationField, string>;

export const EMPTY_REGISTRATION: RegistrationValues = { login: '', password: '', fullName: '', pin: '', phone: '' };

export function isRegistrationField(field: string): field is RegistrationField {
  return (REGISTRATION_FIELDS as readonly string[]).includes(field);
}

/** One field's problem by the shared rules, the same the central service applies first; null when it passes. */
export function problemOf(field: RegistrationField, values: RegistrationValues, today: Date = new Date()): string | null {
  const value = values[field];
  if (value.trim() === '') return 'required';
  switch (field) {
    case 'login':
      return checkLogin(value);
    case 'password':
      return checkPassword(value, values.login);
    case 'fullName':
      return checkFullName(value);
    case 'pin':
      return checkPin(value.replace(/\s+/g, ''), today);
    case 'phone':
      return isKyrgyzPhone(value) ? null : 'phone.invalid';
  }
}

/** Every field's problem, in the order of the screen: what "Register" finds before asking the service. */
export function registrationProblems(values: RegistrationValues, today: Date = new Date()): FieldError[] {
  return REGISTRATION_FIELDS.flatMap((field) => {
    const code = problemOf(field, values, today);
    return code ? [{ field, code, ...paramsOf(code) }] : [];
  });
}

/** Numbers a message names ("at least 10 characters"). */
function paramsOf(code: string): Pick<FieldError, 'params'> | Record<string, never> {
  if (code === 'login.length') return { params: { min: LOGIN_MIN_LENGTH, max: LOGIN_MAX_LENGTH } };
  if (code === 'password.length') return { params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH } };
  return {};
}

/**
 * A rule shown under the login or the password before anything is typed,
 * then ticked off as the citizen types: met, not met, or not judged yet
 * (nothing typed; or the password too short to say whether it is simple).
 */
export type RuleState = 'met' | 'unmet' | 'pending';
export interface RuleCheck {
  rule: string;
  state: RuleState;
}

const judged = (met: boolean): RuleState => (met ? 'met' : 'unmet');

export function loginRules(login: string): RuleCheck[] {
  const typed = login.length > 0;
  return [
    { rule: 'length', state: typed ? judged(login.length >= LOGIN_MIN_LENGTH && login.length <= LOGIN_MAX_LENGTH) : 'pending' },
    { rule: 'characters', state: typed ? judged(/^[A-Za-z0-9._-]+$/.test(login)) : 'pending' },
    { rule: 'start', state: typed ? judged(/^[A-Za-z]/.test(login)) : 'pending' },
  ];
}

export function passwordRules(password: string, login: string): RuleCheck[] {
  const length = [...password].length;
  const typed = length > 0;
  const longEnough = length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH;
  const withoutLogin = login === '' || !password.toLowerCase().includes(loginKey(login));
  // Whether it is too simple is the shared rule's to say, once the length lets it judge.
  const simple = longEnough ? checkPassword(password, '') === 'password.simple' : null;
  return [
    { rule: 'length', state: typed ? judged(longEnough) : 'pending' },
    { rule: 'login', state: typed && login !== '' ? judged(withoutLogin) : 'pending' },
    { rule: 'simple', state: simple === null ? 'pending' : judged(!simple) },
  ];
}

/**
 * After "Register" found problems, each shown message follows what is
 * typed into its field: it changes or goes once the rules accept the
 * answer, and new ones wait for the next "Register" (GOV.UK: validate on
 * submit). A message from the service (a taken login) goes as soon as the
 * field changes: only the service can judge the new answer.
 */
export function followTyping(shown: FieldError[], field: RegistrationField, values: RegistrationValues, today: Date = new Date()): FieldError[] {
  return shown.flatMap((error) => {
    const followed = error.field === field || (field === 'login' && error.field === 'password');
    if (!followed || !isRegistrationField(error.field)) return [error];
    if (!isLocalCode(error.code)) return error.field === field ? [] : [error];
    const code = problemOf(error.field, values, today);
    return code ? [{ field: error.field, code, ...paramsOf(code) }] : [];
  });
}

const LOCAL_CODES = new Set([
  'required',
  'login.length',
  'login.characters',
  'login.start',
  'password.length',
  'password.login',
  'password.simple',
  'fullName.required',
  'fullName.length',
  'fullName.characters',
  'pin.length',
  'pin.digits',
  'pin.gender',
  'pin.date',
  'phone.invalid',
]);

function isLocalCode(code: string): boolean {
  return LOCAL_CODES.has(code);
}
