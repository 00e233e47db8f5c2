import { create } from 'zustand';
import type { SyncState } from '../../src-shared/contract';
import { api } from '../api/client';

interface SyncStore {
  state: SyncState | null;
  set(state: SyncState): void;
  refresh(): Promise<void>;
  reset(): void;
}

export const useSync = create<SyncStore>()((set) => ({
  state: null,
  set: (state) => set({ state }),
  async refresh() {
    try {
      set({ state: await api.getSyncState({}) });
    } catch {
      // The header keeps the last known state; the next event or poll corrects it.
    }
  },
  reset: () => set({ state: null }),
}));
