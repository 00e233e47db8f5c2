import type { AccountState } from '../../src-shared/contract';
import { ACCOUNT_SCREENS, type Screen } from '../stores/navigation';

/**
 * The screen to show for the one navigated to. Account screens need a
 * signed-in citizen: while new terms wait for an answer they show the
 * terms, and once signed out (the session ended) the way in. Leaving on
 * purpose (deleting the account), the screen that asked moves on by
 * itself. A guest's application screens never depend on an account.
 */
export function guardedScreen(screen: Screen, account: AccountState, leaving: boolean): Screen {
  if (!ACCOUNT_SCREENS.has(screen.name)) return screen;
  if (account.status === 'termsPending') return { name: 'newTerms' };
  if (account.status === 'signedOut' && !leaving) return { name: 'login' };
  return screen;
}
