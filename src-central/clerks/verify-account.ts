import { loginKey } from '../../src-shared/accounts/rules';
import type { VerifyAccountRequest, VerifyAccountResponse } from '../../src-shared/clerks/wire';
import type { AccountsDeps } from '../accounts/flows';
import { OperatorRefusal, verifyAccount } from '../accounts/operator';
import { fieldError, invalid, refuse } from '../accounts/refusals';
import { accountByLoginKey } from '../accounts/store';
import type { Kiosk } from '../enrollment/kiosks';
import { clerkMayWorkAt } from './store';

/**
 * A clerk at a kiosk checked an account holder's document (agreement 2.3):
 * what `verify-account` of the admin CLI does, asked by the kiosk. Refusals
 * are the account routes' (AccountRefusal): an unknown or removed account is
 * `account.credentials`; a clerk who may not work at this kiosk, or a ПИН
 * that another verified account has, is `account.invalid` naming the field.
 */
export function verifyAccountAtKiosk(deps: AccountsDeps, kiosk: Kiosk, request: VerifyAccountRequest): VerifyAccountResponse {
  if (!clerkMayWorkAt(deps.db, request.clerkId, kiosk.officeName)) throw invalid([fieldError('clerkId', 'value.invalid')]);
  const key = loginKey(request.login.trim());
  const account = accountByLoginKey(deps.db, key);
  if (!account) throw refuse('account.credentials');
  let linked: number;
  try {
    ({ linked } = verifyAccount(deps, deps.catalogs, account, {
      clerk: request.clerkId,
      documentType: request.documentType,
      documentNumber: request.documentNumber,
    }));
  } catch (error) {
    if (!(error instanceof OperatorRefusal)) throw error;
    if (error.why === 'removed') throw refuse('account.credentials');
    throw invalid([fieldError(error.why === 'pinTaken' ? 'pin' : 'body', 'value.invalid')]);
  }
  const verifiedAt = accountByLoginKey(deps.db, key)?.verifiedAt ?? deps.clock().toISOString();
  deps.log('account.verifiedAtKiosk', { accountId: account.id, kioskId: kiosk.id, clerkId: request.clerkId });
  return { login: account.login, verifiedAt, linked };
}
