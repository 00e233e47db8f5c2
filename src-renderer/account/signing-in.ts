import type { AccountState } from '../../src-shared/contract';
import { useAccount } from '../stores/account';
import { useAlert } from '../stores/alert';
import { useApplication } from '../stores/application';
import { useCabinet } from '../stores/cabinet';
import { ACCOUNT_SCREENS, useNavigation, type CabinetMessage } from '../stores/navigation';

/**
 * Where a citizen goes once signed in (register, login, restore, accepted
 * terms): the new terms first if a new edition waits; back to the
 * application if one was open (signing in must not cost a guest their
 * answers); else the cabinet.
 */
export function signedIn(state: AccountState, message: CabinetMessage): void {
  useAccount.getState().apply(state);
  useAlert.getState().dismiss();
  const go = useNavigation.getState().go;
  if (state.status === 'termsPending') return go({ name: 'newTerms' });
  if (state.status !== 'signedIn') return go({ name: 'login' });
  if (useApplication.getState().draftId !== null) return go({ name: 'form' });
  go({ name: 'cabinet', message });
}

/**
 * The core says the account session changed by itself (it expired, the
 * service ended it, a new edition of the terms took effect). Screens that
 * show an account follow at once; a guest's application is left alone.
 */
export function followAccountChange(state: AccountState): void {
  const { state: before, leaving } = useAccount.getState();
  useAccount.getState().apply(state);
  const screen = useNavigation.getState().screen.name;
  if (state.status === 'signedOut') {
    // Leaving on purpose: the screen that asked says what happened next.
    if (before.status === 'signedOut' || leaving) return;
    useCabinet.getState().reset();
    if (ACCOUNT_SCREENS.has(screen) || screen === 'newTerms') useNavigation.getState().go({ name: 'home' });
    useAlert.getState().show('account.sessionEnded');
  } else if (state.status === 'termsPending' && ACCOUNT_SCREENS.has(screen)) {
    useNavigation.getState().go({ name: 'newTerms' });
  }
}

