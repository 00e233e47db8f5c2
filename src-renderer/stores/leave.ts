import { create } from 'zustand';

/** The "before you leave" dialog the exit button opens while an application is being filled in. */
interface LeaveState {
  open: boolean;
  show(): void;
  close(): void;
  reset(): void;
}

export const useLeave = create<LeaveState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  close: () => set({ open: false }),
  reset: () => set({ open: false }),
}));
