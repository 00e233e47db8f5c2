import { create } from 'zustand';
import type { KioskStatus } from '../../src-shared/contract';
import type { Catalog } from '../../src-shared/catalog/schema';

interface KioskState {
  status: KioskStatus | null;
  catalog: Catalog | null;
  set(status: KioskStatus, catalog: Catalog): void;
  reset(): void;
}

const initial = { status: null, catalog: null };

export const useKiosk = create<KioskState>()((set) => ({
  ...initial,
  set: (status, catalog) => set({ status, catalog }),
  reset: () => set(initial),
}));

export const DEFAULT_IDLE_SECONDS = 90;
export const MIN_IDLE_WARNING_SECONDS = 20;
