import { create } from 'zustand';
import type { ClerkState, ClerkView } from '../../src-shared/clerks/views';
import { api } from '../api/client';
import { entryScreen, signedInClerk, type ClerkScreen } from '../clerk/clerk-state';

/**
 * Clerk mode as the renderer holds it: the core's clerk state (the core owns
 * the session and checks it on every call), whether the clerk view covers
 * the citizen's screens, and the waiting help calls for the badge. Memory
 * only; logout and the idle timeout reset it with the rest.
 */
interface ClerkStore {
  state: ClerkState | null;
  /** The clerk view shown over the citizen's screens; null: the citizen's screens (assisted when signed in). */
  screen: ClerkScreen | null;
  /** Bumped on every move, so a screen opened again starts afresh. */
  visit: number;
  /** Help calls not answered yet, as the last event or read said. */
  waitingCalls: number;
  /** The clerk asked to log out: the core's "signed out" that follows is expected. */
  leaving: boolean;
  /** The discreet entry: the clerk view if signed in, else the login, or enrollment on a kiosk never enrolled. */
  openEntry(): Promise<void>;
  apply(state: ClerkState): void;
  go(screen: ClerkScreen): void;
  /** Back to the citizen's screens (cancel at the login, or to help with a draft). */
  close(): void;
  setWaitingCalls(count: number): void;
  expectSignOut(): void;
  reset(): void;
}

const initial = { state: null, screen: null, visit: 0, waitingCalls: 0, leaving: false };

export const useClerk = create<ClerkStore>()((set, get) => ({
  ...initial,
  async openEntry() {
    if (get().screen !== null) return;
    let state: ClerkState;
    try {
      state = await api.getClerkState({});
    } catch {
      // Without the core's answer the login is the safe door: it checks everything itself.
      set((s) => ({ screen: { name: 'login' }, visit: s.visit + 1 }));
      return;
    }
    set((s) => ({ state, screen: entryScreen(state), visit: s.visit + 1 }));
  },
  apply: (state) => set({ state }),
  go: (screen) => set((s) => ({ screen, visit: s.visit + 1 })),
  close: () => set({ screen: null }),
  setWaitingCalls: (count) => set({ waitingCalls: count }),
  expectSignOut: () => set({ leaving: true }),
  reset: () => set(initial),
}));

export function useSignedInClerk(): ClerkView | null {
  return useClerk((s) => signedInClerk(s.state));
}
