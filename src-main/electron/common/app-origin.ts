/**
 * The renderer is served from `app://kiosk/…`, a privileged custom scheme, so
 * it has an origin of its own that no web page can share. Everything that
 * decides "is this our app?" goes through here.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for `app://kiosk/…` with no port, user or password. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** What the IPC handler knows about the frame that sent a call. */
export interface CallSender {
  /** The sending webContents is the kiosk window's. */
  fromKioskWindow: boolean;
  /** The frame is that window's main (top) frame, not an iframe. */
  isMainFrame: boolean;
  /** The frame's URL; null when the frame is gone (navigated or destroyed). */
  frameUrl: string | null;
}

/** Calls are accepted only from the kiosk window's top frame showing the app. */
export function isTrustedCallSender(sender: CallSender): boolean {
  return sender.fromKioskWindow && sender.isMainFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl);
}
