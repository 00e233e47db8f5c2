import type { AccountErrorCode, AccountErrorResponse } from '../../../src-shared/accounts/wire';
import { KioskError, type ApiErrorCode } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';

/** Every code the service refuses with is a code of the contract, translated by the renderer. */
const CONTRACT_CODE: { [code in AccountErrorCode]: ApiErrorCode } = {
  'account.invalid': 'account.invalid',
  'account.credentials': 'account.credentials',
  'account.locked': 'account.locked',
  'account.sessionEnded': 'account.sessionEnded',
  'account.termsRequired': 'account.termsRequired',
  'account.termsOutdated': 'account.termsOutdated',
  'account.blocked': 'account.blocked',
  'account.misuseLocked': 'account.misuseLocked',
  'account.deleted': 'account.deleted',
  'account.restricted': 'account.restricted',
  'account.passwordWrong': 'account.passwordWrong',
  'account.notRestorable': 'account.notRestorable',
  'application.notFound': 'application.notFound',
  'draft.notFound': 'draft.notFound',
  'notice.notFound': 'notice.notFound',
};

/**
 * The service's refusal as the screens read it. Params fill the message:
 * `minutes` of a lock (rounded up, so "try again in 1 minute" is never too
 * early), `restoreUntil` of a deleted account (an ISO time the renderer
 * formats), the operator's `reason` for a block or a restriction, in the
 * session's language.
 */
export function kioskErrorOfRefusal(refusal: AccountErrorResponse, language: Language): KioskError {
  const code = CONTRACT_CODE[refusal.error];
  switch (refusal.error) {
    case 'account.invalid':
      return new KioskError(code, refusal.fields ?? []);
    case 'account.locked':
      return new KioskError(code, undefined, { minutes: Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60)) });
    case 'account.deleted':
      return new KioskError(code, undefined, refusal.restoreUntil ? { restoreUntil: refusal.restoreUntil } : undefined);
    case 'account.blocked':
    case 'account.restricted':
      return new KioskError(code, undefined, refusal.reason ? { reason: refusal.reason[language] } : undefined);
    default:
      return new KioskError(code);
  }
}

/** Refusals after which the session's token is worth nothing: the core forgets it. */
export function endsTheSession(code: AccountErrorCode): boolean {
  return (
    code === 'account.sessionEnded' ||
    code === 'account.blocked' ||
    code === 'account.misuseLocked' ||
    code === 'account.deleted' ||
    code === 'account.restricted'
  );
}
