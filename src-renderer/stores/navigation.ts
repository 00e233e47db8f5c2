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
  | { name: 'status' }
  /** Signing in to the personal cabinet ("Кирүү"). */
  | { name: 'login' }
  /** Registering: the terms to read and accept, then the citizen's details. */
  | { name: 'register' }
  /** Restoring an account its owner deleted, within the month. */
  | { name: 'restoreAccount' }
  /** A new edition of the terms took effect: accept it to continue, or decline and sign out. */
  | { name: 'newTerms' }
  /** The personal cabinet; `message` says what just happened there (shown once). */
  | { name: 'cabinet'; message?: CabinetMessage }
  /** One application of the cabinet, with its status and history. */
  | { name: 'cabinetApplication'; applicationId: string }
  | { name: 'changePassword' }
  /** "Someone else used my account / my password leaked". */
  | { name: 'reportMisuse' }
  | { name: 'deleteAccount' }
  /** After deleting: until when it can be restored; the session has ended. */
  | { name: 'accountDeleted'; restoreUntil: string }
  /** After reporting misuse: the account is locked, what to do next; the session has ended. */
  | { name: 'misuseReported' }
  /** "Continue later" into the account: where to find the application again. */
  | { name: 'draftSavedToAccount'; withoutFiles: boolean };

/** What the cabinet says at its top after it was reached from another screen. */
export type CabinetMessage = 'registered' | 'signedIn' | 'restored' | 'passwordChanged' | 'termsAccepted';

/** Screens that show or change an account: they need the central service and a signed-in citizen. */
export const ACCOUNT_SCREENS: ReadonlySet<Screen['name']> = new Set([
  'cabinet',
  'cabinetApplication',
  'changePassword',
  'reportMisuse',
  'deleteAccount',
  'draftSavedToAccount',
]);

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
