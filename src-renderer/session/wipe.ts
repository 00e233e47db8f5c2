import { api } from '../api/client';
import { isSignedIn, useAccount } from '../stores/account';
import { useAlert } from '../stores/alert';
import { useApplication } from '../stores/application';
import { useCabinet } from '../stores/cabinet';
import { signedInClerk } from '../clerk/clerk-state';
import { useClerk } from '../stores/clerk';
import { useDisplay } from '../stores/display';
import { useHelp } from '../stores/help';
import { useIdle } from '../stores/idle';
import { useKiosk } from '../stores/kiosk';
import { useLeave } from '../stores/leave';
import { useNavigation } from '../stores/navigation';
import { useReceipt } from '../stores/receipt';
import { useSearch } from '../stores/search';
import { useSession } from '../stores/session';
import { useSync } from '../stores/sync';
import { useSyncDetails } from '../stores/syncDetails';

let teardown: () => void = () => {};
let wiping = false;

/** main.tsx registers how to take the React tree down before the reload. */
export function setTeardown(fn: () => void): void {
  teardown = fn;
}

export function resetAllStores(): void {
  useAccount.getState().reset();
  useCabinet.getState().reset();
  useClerk.getState().reset();
  useApplication.getState().reset();
  useReceipt.getState().reset();
  useSearch.getState().reset();
  useAlert.getState().reset();
  useIdle.getState().reset();
  useLeave.getState().reset();
  useNavigation.getState().reset();
  useSession.getState().reset();
  useSync.getState().reset();
  useSyncDetails.getState().reset();
  useHelp.getState().reset();
  useDisplay.getState().reset();
  useKiosk.getState().reset();
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
}

/**
 * Exit, "Done", a clerk's logout and the idle timeout: the citizen (and a
 * clerk) are signed out, the core
 * forgets whose session it was, every store is emptied (the account and
 * the cabinet with it), the screen is taken down with any password typed
 * into it, and the page reloads clean. Nothing is kept in storage and the
 * history never held anything.
 */
export async function wipeSession(): Promise<void> {
  if (wiping) return;
  wiping = true;
  useAccount.getState().expectSignOut();
  try {
    // "Чыгуу" signs out in the central service too; a session left open there expires on its own.
    if (isSignedIn(useAccount.getState().state)) await withTimeout(api.logout({}), 3000);
  } catch {
    // Offline or refused: the core forgets the session all the same when it ends below.
  }
  try {
    // A clerk's logout and idle timeout end the clerk's session first (the core records it in the audit log).
    if (signedInClerk(useClerk.getState().state)) await withTimeout(api.clerkLogout({}), 3000);
  } catch {
    // The core ends the clerk's session on its own idle timer all the same.
  }
  try {
    await withTimeout(api.endSession({}), 3000);
  } catch {
    // The reload below still leaves nothing behind in the renderer.
  }
  resetAllStores();
  teardown();
  window.location.reload();
}
