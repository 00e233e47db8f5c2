/**
 * Chromium features a citizen could use to leave the kiosk or disturb the
 * next person, switched off. One `--disable-features` only: Chromium reads
 * the last one given, so a second would switch the first list back on.
 */
export const DISABLED_FEATURES = [
  // "Translate this page?" bubbles over a Kyrgyz page.
  'Translate',
  'TranslateUI',
  // A swipe past the edge of the page goes back in history.
  'OverscrollHistoryNavigation',
  'TouchpadOverscrollHistoryNavigation',
  // Casting, media keys and the media controls bubble.
  'MediaRouter',
  'GlobalMediaControls',
  'HardwareMediaKeyHandling',
] as const;

export interface KioskFlagsOptions {
  /** The one-time launch URL the kiosk opens as an app. */
  url: string;
  profileDir: string;
  /** `WIDTHxHEIGHT` for a bare X session with no window manager, where --kiosk cannot go full screen by itself. */
  windowSize?: string;
  /** Chromium's sandbox refuses to start as root: only then is it turned off. */
  runningAsRoot: boolean;
}

/** The command line of system Chromium showing the kiosk: full screen, no browser chrome, nothing to leave by. */
export function kioskChromiumFlags(options: KioskFlagsOptions): string[] {
  const flags = [
    '--kiosk',
    '--start-fullscreen',
    `--app=${options.url}`,
    `--user-data-dir=${options.profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    `--disable-features=${DISABLED_FEATURES.join(',')}`,
    // No pinch zoom beyond the layout, no pull or swipe gestures.
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--pull-to-refresh=0',
    // A print dialog's "Save as PDF" would open a file chooser: printing goes straight to the printer.
    '--kiosk-printing',
    // Camera, microphone, location, notifications: refused without asking the citizen.
    '--deny-permission-prompts',
    '--disable-notifications',
    '--autoplay-policy=user-gesture-required',
    // No "restore pages?", "update Chromium" or crash bubbles over the kiosk.
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--hide-crash-restore-bubble',
    '--simulate-outdated-no-au=Tue, 31 Dec 2099 23:59:59 GMT',
    '--password-store=basic',
  ];
  const size = /^(\d+)x(\d+)$/.exec(options.windowSize ?? '');
  if (size) flags.push('--window-position=0,0', `--window-size=${size[1]},${size[2]}`);
  if (options.runningAsRoot) flags.push('--no-sandbox');
  return flags;
}
