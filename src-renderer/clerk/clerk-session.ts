import type { ClerkState } from '../../src-shared/clerks/views';
import { api } from '../api/client';
import { wipeSession } from '../session/wipe';
import { signedInClerk } from './clerk-state';
import { useClerk } from '../stores/clerk';

/** After a reload (crash recovery) the core may still hold a clerk's session: the assist banner shows it. */
export async function refreshClerkState(): Promise<void> {
  try {
    useClerk.getState().apply(await api.getClerkState({}));
  } catch {
    // No clerk mode yet on this core: citizens are served all the same.
  }
}

/** A signed-in clerk's view counts the waiting calls for the badge. */
export async function refreshCallCount(): Promise<void> {
  try {
    useClerk.getState().setWaitingCalls((await api.getClerkCalls({})).calls.length);
  } catch {
    // The badge keeps its last count; the next event corrects it.
  }
}

/**
 * The core ended the clerk's session by itself (the clerk taken off the
 * list or given another role): whatever was on screen may belong to a
 * citizen the clerk was helping, so everything is wiped as at logout.
 */
export function followClerkChange(state: ClerkState): void {
  const clerk = useClerk.getState();
  const wasSignedIn = signedInClerk(clerk.state) !== null;
  clerk.apply(state);
  if (state.status === 'signedOut' && wasSignedIn && !clerk.leaving) void wipeSession();
}

/** Logout: the clerk's session and the citizen's with it, then a clean reload (session/wipe.ts). */
export function logoutClerk(): void {
  useClerk.getState().expectSignOut();
  void wipeSession();
}
