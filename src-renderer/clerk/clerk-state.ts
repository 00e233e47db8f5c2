import type { ClerkState, ClerkView } from '../../src-shared/clerks/views';

/** The clerk view's screens; `login` and `enroll` are the ones reached without a clerk's session. */
export type ClerkScreen =
  | { name: 'login' }
  | { name: 'enroll' }
  | { name: 'calls' }
  | { name: 'find' }
  /** `application`: picked from the find results (`label`: its number); without it the clerk types an account's login. */
  | { name: 'identity'; application?: { applicationId: string; label: string } }
  | { name: 'outbox' }
  | { name: 'settings' }
  | { name: 'enrollment' }
  | { name: 'audit' }
  | { name: 'maintenance' };

export type ClerkTab = Exclude<ClerkScreen['name'], 'login' | 'enroll'>;

/** Where the discreet entry leads for a given clerk state. */
export function entryScreen(state: ClerkState): ClerkScreen {
  if (state.status === 'signedIn') return { name: 'calls' };
  return { name: state.entry === 'enroll' ? 'enroll' : 'login' };
}

export function signedInClerk(state: ClerkState | null): ClerkView | null {
  return state?.status === 'signedIn' ? state.clerk : null;
}
