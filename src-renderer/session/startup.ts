import { followAccountChange } from '../account/signing-in';
import { api, onKioskEvent } from '../api/client';
import { followClerkChange, refreshClerkState } from '../clerk/clerk-session';
import { useAccount } from '../stores/account';
import { useClerk } from '../stores/clerk';
import { useApplication } from '../stores/application';
import { useKiosk } from '../stores/kiosk';
import { useReceipt } from '../stores/receipt';
import { useSession } from '../stores/session';
import { useSync } from '../stores/sync';
import { watchNetworkReturn } from '../sync/network-return';

const SYNC_POLL_MS = 60_000;

/** Every face of the bundled font the screens use: Latin, Cyrillic and the Kyrgyz letters (Cyrillic Extended). */
const FONT_FACES = ['400 1em "Noto Sans"', '700 1em "Noto Sans"'];
const FONT_SAMPLE = 'Aa Бб ҢңӨөҮү';

/**
 * The first screen appears in its own font: a face arriving after it would
 * reflow the page under a finger already on its way to a tile. The fonts are
 * bundled, so this is a few milliseconds; a face that fails to load is drawn
 * in the fallback rather than stopping the kiosk.
 */
function fontsLoaded(): Promise<unknown> {
  return Promise.all(FONT_FACES.map((face) => document.fonts.load(face, FONT_SAMPLE).catch(() => [])));
}

/** Loads what every screen needs and reopens an application a restart interrupted. */
export async function startKiosk(): Promise<void> {
  const [status, catalog, session] = await Promise.all([
    api.getKioskStatus({}),
    api.getCatalog({}),
    api.getSession({}),
    fontsLoaded(),
  ]);
  useKiosk.getState().set(status, catalog);
  useSession.getState().start(session.language, status.defaultLanguage);
  void useSync.getState().refresh();
  // After a reload the core still knows whether someone is signed in (a wipe signs out before it reloads).
  await Promise.all([useAccount.getState().refresh(), refreshClerkState()]);

  if (!session.activeDraftId) return;
  try {
    const draft = await api.loadDraft({ id: session.activeDraftId });
    await useApplication.getState().reopen(draft, { restored: true });
  } catch {
    // The draft is gone (e.g. deleted by retention): start from the home screen.
  }
}

/**
 * A newer catalog became active in the core: lists and service pages show
 * it from now on. An open form keeps the form it was opened with (the core
 * submits a draft with its own form version), so nothing typed is disturbed.
 */
async function refreshCatalog(): Promise<void> {
  try {
    const [status, catalog] = await Promise.all([api.getKioskStatus({}), api.getCatalog({})]);
    useKiosk.getState().set(status, catalog);
  } catch {
    // The old catalog stays on screen; the next change or a restart brings the new one.
  }
}

/** Pushed events, plus a slow poll in case an event was missed while reconnecting. */
export function listenToKiosk(): () => void {
  const stop = onKioskEvent((event) => {
    if (event.type === 'syncState') useSync.getState().set(event.state);
    else if (event.type === 'catalogChanged') void refreshCatalog();
    else if (event.type === 'accountChanged') followAccountChange(event.state);
    else if (event.type === 'receiptUpdated') void useReceipt.getState().refresh(event.applicationId);
    else if (event.type === 'clerkChanged') followClerkChange(event.state);
    else useClerk.getState().setWaitingCalls(event.waiting);
  });
  const poll = setInterval(() => void useSync.getState().refresh(), SYNC_POLL_MS);
  // The OS thinks the network is back: the core checks for real at once instead of waiting out its backoff.
  const stopWatchingNetwork = watchNetworkReturn({
    onOnline(listener) {
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
    syncNow: async () => useSync.getState().set(await api.syncNow({})),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  });
  return () => {
    stop();
    clearInterval(poll);
    stopWatchingNetwork();
  };
}
