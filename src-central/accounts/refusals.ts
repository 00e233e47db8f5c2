import type { z } from 'zod';
import type { AccountErrorCode, AccountErrorResponse, AccountFieldCode } from '../../src-shared/accounts/wire';
import type { FieldError } from '../../src-shared/errors';
import { rawBody } from '../requests';

/** The HTTP status of each refusal; the kiosk reads the code, the status says the kind. */
const STATUS: Record<AccountErrorCode, number> = {
  'account.invalid': 400,
  'account.credentials': 401,
  'account.sessionEnded': 401,
  'account.locked': 429,
  'account.termsRequired': 403,
  'account.blocked': 403,
  'account.misuseLocked': 403,
  'account.deleted': 403,
  'account.restricted': 403,
  'account.passwordWrong': 403,
  'account.termsOutdated': 409,
  'account.notRestorable': 409,
  'application.notFound': 404,
  'draft.notFound': 404,
  'notice.notFound': 404,
};

/** An account request refused: thrown by the flows, answered by the routes as `AccountErrorResponse`. */
export class AccountRefusal extends Error {
  readonly status: number;

  constructor(readonly answer: AccountErrorResponse) {
    super(answer.error);
    this.name = 'AccountRefusal';
    this.status = STATUS[answer.error];
  }
}

export function refuse(error: AccountErrorCode, extra: Omit<AccountErrorResponse, 'error'> = {}): AccountRefusal {
  return new AccountRefusal({ error, ...extra });
}

export function invalid(fields: FieldError[]): AccountRefusal {
  return new AccountRefusal({ error: 'account.invalid', fields });
}

export function fieldError(field: string, code: AccountFieldCode, params?: Record<string, string | number>): FieldError {
  return params ? { field, code, params } : { field, code };
}

/** What an overlong value of each field is called: the code the screens already translate for that field. */
const TOO_LONG: Record<string, AccountFieldCode> = {
  login: 'login.length',
  password: 'password.length',
  currentPassword: 'password.length',
  newPassword: 'password.length',
  fullName: 'fullName.length',
  pin: 'pin.length',
  phone: 'phone.invalid',
};

/**
 * Parses a raw JSON body with a wire schema. Anything wrong is
 * `account.invalid` with a code per field: never `request.invalid`, so the
 * kiosk can say which field. Nothing is stored before this passes.
 */
export function parseAccountBody<Schema extends z.ZodType>(body: unknown, schema: Schema): z.infer<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody(body).toString('utf8'));
  } catch {
    throw invalid([fieldError('body', 'value.invalid')]);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const fields = new Map<string, FieldError>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
    if (fields.has(field)) continue;
    const top = String(issue.path[0] ?? '');
    const code = issue.code === 'too_big' && issue.path.length === 1 ? (TOO_LONG[top] ?? 'value.invalid') : 'value.invalid';
    fields.set(field, fieldError(field, code));
  }
  throw invalid([...fields.values()]);
}

/**
 * Control characters (line breaks and tabs too), line separators and bidi
 * overrides: nothing a citizen types on the kiosk's keyboard, and they would
 * change how a name reads on a screen or a printout.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
