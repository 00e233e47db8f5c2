import { create } from 'zustand';
import type { ApiErrorCode } from '../../src-shared/errors';

/** The last failed call, shown as a translated message until dismissed or the screen changes. */
interface AlertState {
  apiError: ApiErrorCode | null;
  show(code: ApiErrorCode): void;
  dismiss(): void;
  reset(): void;
}

export const useAlert = create<AlertState>()((set) => ({
  apiError: null,
  show: (code) => set({ apiError: code }),
  dismiss: () => set({ apiError: null }),
  reset: () => set({ apiError: null }),
}));
