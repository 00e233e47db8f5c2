import { create } from 'zustand';
import type { ClerkCall } from '../../src-shared/clerks/views';
import { api, apiProblemOf, type ApiProblem } from '../api/client';

/**
 * The help dialog and the citizen's call to a clerk. The call's number stays
 * in the header until the session ends: the clerk comes to whoever shows it.
 */
interface HelpState {
  open: boolean;
  call: ClerkCall | null;
  calling: boolean;
  failure: ApiProblem | null;
  show(): void;
  close(): void;
  /** Asks the core for a clerk; calling again keeps the same number. */
  callClerk(screen: string): Promise<void>;
  reset(): void;
}

export const useHelp = create<HelpState>()((set, get) => ({
  open: false,
  call: null,
  calling: false,
  failure: null,
  show: () => set({ open: true, failure: null }),
  close: () => set({ open: false }),
  async callClerk(screen) {
    if (get().calling) return;
    set({ calling: true, failure: null });
    try {
      const call = await api.callClerk({ screen });
      set({ call, calling: false });
    } catch (error) {
      set({ failure: apiProblemOf(error), calling: false });
    }
  },
  reset: () => set({ open: false, call: null, calling: false, failure: null }),
}));
