import { create } from 'zustand';
import type { CabinetResponse } from '../../src-shared/accounts/wire';
import { api, apiProblemOf, type ApiProblem } from '../api/client';

type Loading = { phase: 'idle' } | { phase: 'loading' } | { phase: 'failed'; problem: ApiProblem };

/**
 * The personal cabinet as the central service last answered: applications,
 * drafts, notices and the citizen's data. Read again each time a cabinet
 * screen opens (the last answer shows meanwhile); emptied on logout and idle.
 */
interface CabinetStore {
  cabinet: CabinetResponse | null;
  loading: Loading;
  load(): Promise<void>;
  /** A notice was marked read here: shown so at once, without asking again. */
  noticeRead(noticeId: string, at: string): void;
  reset(): void;
}

const initial = { cabinet: null, loading: { phase: 'idle' } as Loading };

export const useCabinet = create<CabinetStore>()((set, get) => ({
  ...initial,
  async load() {
    set({ loading: { phase: 'loading' } });
    try {
      const cabinet = await api.getCabinet({});
      set({ cabinet, loading: { phase: 'idle' } });
    } catch (error) {
      set({ loading: { phase: 'failed', problem: apiProblemOf(error) } });
    }
  },
  noticeRead(noticeId, at) {
    const { cabinet } = get();
    if (!cabinet) return;
    set({
      cabinet: {
        ...cabinet,
        notices: cabinet.notices.map((notice) => (notice.id === noticeId ? { ...notice, readAt: notice.readAt ?? at } : notice)),
      },
    });
  },
  reset: () => set(initial),
}));
