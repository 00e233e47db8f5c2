import { create } from 'zustand';

/** The dialog the header's sync chip opens: the connection and the outbox in words. */
interface SyncDetailsState {
  open: boolean;
  show(): void;
  close(): void;
  reset(): void;
}

export const useSyncDetails = create<SyncDetailsState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  close: () => set({ open: false }),
  reset: () => set({ open: false }),
}));
