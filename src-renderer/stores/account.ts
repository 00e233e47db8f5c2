import { create } from 'zustand';
import type { AccountState } from '../../src-shared/contract';
import { api } from '../api/client';

/**
 * Whose account is signed in at this kiosk, as the core last said: signed
 * out, waiting for a new edition of the terms, or signed in with the
 * citizen's data. Kept in memory only; logout and the idle timeout reset it.
 */
interface AccountStore {
  state: AccountState;
  /**
   * The citizen asked to leave the account (exit, delete, report misuse,
   * decline new terms): the core's "signed out" that follows is expected,
   * not a session that ended by itself.
   */
  leaving: boolean;
  apply(state: AccountState): void;
  expectSignOut(): void;
  /** The request to leave failed: a sign-out from now on is news again. */
  stayed(): void;
  /** Asks the core again (at start, and when an event may have been missed); a failure leaves the state as it was. */
  refresh(): Promise<void>;
  reset(): void;
}

const SIGNED_OUT: AccountState = { status: 'signedOut' };

export const useAccount = create<AccountStore>()((set) => ({
  state: SIGNED_OUT,
  leaving: false,
  apply: (state) => set(state.status === 'signedOut' ? { state } : { state, leaving: false }),
  expectSignOut: () => set({ leaving: true }),
  stayed: () => set({ leaving: false }),
  async refresh() {
    try {
      set({ state: await api.getAccountState({}) });
    } catch {
      // A kiosk without the account service still serves guests.
    }
  },
  reset: () => set({ state: SIGNED_OUT, leaving: false }),
}));

/** Anything but signed out: someone's account is open at this kiosk. */
export function isSignedIn(state: AccountState): boolean {
  return state.status !== 'signedOut';
}
