import { create } from 'zustand';
import type { ResumeTicket } from '../../src-shared/contract';

/** Where the citizen is. Kept in memory only: never in the URL or the history. */
export type Screen =
  | { name: 'home' }
  | { name: 'services'; categoryId: string }
  | { name: 'service'; serviceId: string }
  | { name: 'sampleForm'; serviceId: string }
  | { name: 'form' }
  | { name: 'review' }
  | { name: 'receipt'; applicationId: string }
  /** "Continue an application": the resume code is typed here. */
  | { name: 'resume' }
  /** After "Continue later": the code, shown once; gone with the session. */
  | { name: 'resumeTicket'; ticket: ResumeTicket }
  /** "Check status" of a submitted application by its lookup code. */
  | { name: 'status' };

interface NavigationState {
  screen: Screen;
  /** Bumped on every move, so the new screen's heading takes focus even when the name is the same. */
  visit: number;
  go(screen: Screen): void;
  reset(): void;
}

const initial = { screen: { name: 'home' } as Screen, visit: 0 };

export const useNavigation = create<NavigationState>()((set) => ({
  ...initial,
  go: (screen) => set((state) => ({ screen, visit: state.visit + 1 })),
  reset: () => set(initial),
}));
