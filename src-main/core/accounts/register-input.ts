import { checkFullName, checkLogin, checkPassword } from '../../../src-shared/accounts/rules';
import type { RegisterRequest } from '../../../src-shared/accounts/wire';
import type { MethodInput } from '../../../src-shared/contract';
import { KioskError, type FieldError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import { normalizeKyrgyzPhone } from '../../../src-shared/validators/phone';
import { checkPin } from '../../../src-shared/validators/pin';

/**
 * What the register screen sent, judged by the rules the service applies
 * (same fields, same codes), so a typing slip is answered at once and even
 * offline. The service alone knows forbidden logins, common passwords and
 * who is registered. Name and ПИН are trimmed, the phone goes as E.164.
 */
export function registerRequestOf(input: MethodInput<'register'>, language: Language, today: Date): RegisterRequest {
  const fullName = input.fullName.trim();
  const pin = input.pin.trim();
  const phone = normalizeKyrgyzPhone(input.phone);
  const problems: FieldError[] = [];
  const note = (field: string, code: string | null) => {
    if (code !== null) problems.push({ field, code });
  };
  note('login', checkLogin(input.login));
  note('password', checkPassword(input.password, input.login));
  note('fullName', checkFullName(fullName));
  note('pin', checkPin(pin, today));
  note('phone', phone === null ? 'phone.invalid' : null);
  if (problems.length > 0 || phone === null) throw new KioskError('account.invalid', problems);
  return { login: input.login, password: input.password, fullName, pin, phone, termsVersion: input.termsVersion, language };
}

/** A new password is judged like one chosen at registration. */
export function checkNewPassword(newPassword: string, login: string): void {
  const problem = checkPassword(newPassword, login);
  if (problem !== null) throw new KioskError('account.invalid', [{ field: 'newPassword', code: problem }]);
}
