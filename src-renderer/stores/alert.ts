import { create } from 'zustand';
import type { ApiErrorCode } from '../../src-shared/errors';
import type { ApiErrorParams } from '../api/client';

/** The last failed call, shown as a translated message until dismissed or the screen changes. */
interface AlertState {
  apiError: ApiErrorCode | null;
  /** Fills the message's placeholders (e.g. the minutes of a lock). */
  params: ApiErrorParams;
  show(code: ApiErrorCode, params?: ApiErrorParams): void;
  dismiss(): void;
  reset(): void;
}

export const useAlert = create<AlertState>()((set) => ({
  apiError: null,
  params: {},
  show: (code, params = {}) => set({ apiError: code, params }),
  dismiss: () => set({ apiError: null, params: {} }),
  reset: () => set({ apiError: null, params: {} }),
}));
