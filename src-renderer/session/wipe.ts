import { api } from '../api/client';
import { useAlert } from '../stores/alert';
import { useApplication } from '../stores/application';
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
  useKiosk.getState().reset();
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
}

/**
 * Exit, "Done" and the idle timeout: the core forgets whose session it was,
 * every store is emptied, the screen is taken down, and the page reloads
 * clean. Nothing is kept in storage and the history never held anything.
 */
export async function wipeSession(): Promise<void> {
  if (wiping) return;
  wiping = true;
  try {
    await withTimeout(api.endSession({}), 3000);
  } catch {
    // The reload below still leaves nothing behind in the renderer.
  }
  resetAllStores();
  teardown();
  window.location.reload();
}
