import { checkFullName, checkLogin, checkPassword } from '../../../src-shared/accounts/rules';
import type { RegisterRequest } from '../../../src-shared/accounts/wire';
import type { MethodInput } from '../../../src-shared/contract';
import { KioskError, type FieldError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import { normalizeKyrgyzPhone } from '../../../src-shared/validators/phone';
import { checkPin } from '../../../src-shared/validators/pin';

/**
 * Control characters (line breaks and tabs too), line separators and bidi
 * overrides: the service refuses them as `text.control` before any rule,
 * and so does the kiosk, so both name the same problem.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function problemOf(text: string, rule: () => string | null): string | null {
  return CONTROL.test(text) ? 'text.control' : rule();
}

/** Passwords are judged (and hashed by the service) in Unicode NFKC. */
const passwordProblem = (password: string, login: string) => problemOf(password, () => checkPassword(password.normalize('NFKC'), login));

/**
 * What the register screen sent, judged by the rules the service applies
 * (same fields, same codes, the same tidying: a name's spaces, a ПИН's
 * keypad spaces, a phone as E.164), so a slip is answered at once and even
 * offline. The service alone knows forbidden or taken logins and common
 * passwords.
 */
export function registerRequestOf(input: MethodInput<'register'>, language: Language, today: Date): RegisterRequest {
  const fullName = input.fullName.trim().replace(/ {2,}/g, ' ');
  const pin = input.pin.replace(/ /g, '');
  const phone = CONTROL.test(input.phone) ? null : normalizeKyrgyzPhone(input.phone);
  const problems: FieldError[] = [];
  const note = (field: string, code: string | null) => {
    if (code !== null) problems.push({ field, code });
  };
  note('login', problemOf(input.login, () => checkLogin(input.login)));
  note('password', passwordProblem(input.password, input.login));
  note('fullName', problemOf(input.fullName, () => checkFullName(fullName)));
  note('pin', problemOf(input.pin, () => checkPin(pin, today)));
  note('phone', problemOf(input.phone, () => (phone === null ? 'phone.invalid' : null)));
  if (problems.length > 0 || phone === null) throw new KioskError('account.invalid', problems);
  return { login: input.login, password: input.password, fullName, pin, phone, termsVersion: input.termsVersion, language };
}

/** A new password is judged like one chosen at registration, under the same field name the service uses. */
export function checkNewPassword(newPassword: string, login: string): void {
  const problem = passwordProblem(newPassword, login);
  if (problem !== null) throw new KioskError('account.invalid', [{ field: 'newPassword', code: problem }]);
}
