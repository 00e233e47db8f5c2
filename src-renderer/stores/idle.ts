import { create } from 'zustand';

/** The "are you still there?" warning: when it wipes the session, in ms since the epoch; null when hidden. */
interface IdleState {
  warningDeadline: number | null;
  warn(deadline: number): void;
  extend(): void;
  reset(): void;
}

export const useIdle = create<IdleState>()((set) => ({
  warningDeadline: null,
  warn: (deadline) => set({ warningDeadline: deadline }),
  extend: () => set({ warningDeadline: null }),
  reset: () => set({ warningDeadline: null }),
}));
