import { create } from 'zustand';
import type { Receipt } from '../../src-shared/contract';
import { api } from '../api/client';

interface ReceiptState {
  receipt: Receipt | null;
  show(receipt: Receipt): void;
  /** Re-reads the receipt after the core says its delivery changed. */
  refresh(applicationId: string): Promise<void>;
  reset(): void;
}

export const useReceipt = create<ReceiptState>()((set, get) => ({
  receipt: null,
  show: (receipt) => set({ receipt }),
  async refresh(applicationId) {
    if (get().receipt?.applicationId !== applicationId) return;
    try {
      const receipt = await api.getReceipt({ applicationId });
      if (get().receipt?.applicationId === applicationId) set({ receipt });
    } catch {
      // Keep showing what we have; the number on screen is still right.
    }
  },
  reset: () => set({ receipt: null }),
}));
