import { BrowserWindow, type Session, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './common/app-origin';
import { createReloadGuard, DEFAULT_RELOAD_GUARD } from './common/reload-guard';
import { isBlockedShortcut } from './common/shortcuts';

type Log = (event: string, fields?: Record<string, string | number | boolean>) => void;

/** How long a hung page gets to answer again before its renderer is restarted. */
const UNRESPONSIVE_GRACE_MS = 10_000;

/**
 * Applied to every webContents the app ever creates (`web-contents-created`),
 * so nothing can open a window, navigate off the app, or embed a webview.
 */
export function lockDownWebContents(contents: WebContents, log: Log): void {
  contents.setWindowOpenHandler(() => {
    log('window.openDenied');
    return { action: 'deny' };
  });
  const refuseOffApp = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log('window.navigationDenied');
  };
  contents.on('will-navigate', (event) => refuseOffApp(event, event.url));
  contents.on('will-redirect', (event) => refuseOffApp(event, event.url));
  contents.on('will-frame-navigate', (event) => refuseOffApp(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('window.webviewDenied');
  });
}

/** No camera, microphone, geolocation, notifications, USB, HID, serial, screen capture or downloads. */
export function denyAllPermissions(target: Session, log: Log): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => {
    log('permission.denied', { permission });
    callback(false);
  });
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  target.on('will-download', (event) => {
    event.preventDefault();
    log('window.downloadDenied');
  });
}

export interface KioskWindowOptions {
  preloadPath: string;
  /** Developer tools and the browser shortcuts stay available only in a development run. */
  production: boolean;
  log: Log;
  /** Whether the app is quitting; until then the window refuses to close (Alt+F4, window manager). */
  isQuitting: () => boolean;
  /** False once an admin left kiosk mode for maintenance: the shortcuts and the close guard are lifted. */
  isLocked: () => boolean;
}

export function createKioskWindow({ preloadPath, production, log, isQuitting, isLocked }: KioskWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#ffffff',
    title: 'Kiosk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: !production,
      spellcheck: false,
      navigateOnDragDrop: false,
      enableWebSQL: false,
      safeDialogs: true,
      autoplayPolicy: 'user-gesture-required',
    },
  });
  window.removeMenu();
  const contents = window.webContents;

  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (production && isLocked() && !isQuitting()) event.preventDefault();
  });

  // A touch screen must not pinch-zoom the page out of its layout, nor Ctrl+wheel zoom it.
  void contents.setVisualZoomLevelLimits(1, 1);
  contents.on('zoom-changed', () => contents.setZoomLevel(0));
  contents.on('context-menu', (event) => event.preventDefault());
  if (production) {
    // The OS and browser shortcuts that reach the page (see common/shortcuts.ts for those that never do, like Alt+Tab).
    contents.on('before-input-event', (event, input) => {
      if (isLocked() && isBlockedShortcut(input)) event.preventDefault();
    });
    contents.on('devtools-opened', () => contents.closeDevTools());
  }

  keepAlive(window, log);
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/**
 * Crash recovery: a renderer that died, hung or failed to load is brought
 * back by loading the entry page again (the core still holds the session),
 * at most a few times a minute, then slowly.
 */
function keepAlive(window: BrowserWindow, log: Log): void {
  const contents = window.webContents;
  const guard = createReloadGuard({ ...DEFAULT_RELOAD_GUARD, now: Date.now });
  let reloadTimer: NodeJS.Timeout | undefined;
  let hungTimer: NodeJS.Timeout | undefined;

  const scheduleReload = (reason: string) => {
    if (reloadTimer !== undefined) return;
    const plan = guard.nextReload();
    log('window.reloadScheduled', { reason, delayMs: plan.delayMs, slow: plan.slow });
    reloadTimer = setTimeout(() => {
      reloadTimer = undefined;
      if (!window.isDestroyed()) void window.loadURL(APP_ENTRY_URL).catch(() => scheduleReload('loadFailed'));
    }, plan.delayMs);
  };

  contents.on('render-process-gone', (_event, details) => {
    clearTimeout(hungTimer);
    hungTimer = undefined;
    // `clean-exit` is what a normal quit looks like.
    if (details.reason === 'clean-exit') return;
    log('window.rendererGone', { reason: details.reason, exitCode: details.exitCode });
    scheduleReload(details.reason);
  });

  contents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
    // -3 is ERR_ABORTED: a newer navigation replaced this one, nothing failed.
    if (!isMainFrame || errorCode === -3) return;
    log('window.loadFailed', { errorCode });
    scheduleReload('loadFailed');
  });

  // A hung page gets a grace period; then its renderer is restarted, which
  // lands in `render-process-gone` above and so under the same guard.
  window.on('unresponsive', () => {
    log('window.unresponsive');
    if (hungTimer !== undefined) return;
    hungTimer = setTimeout(() => {
      hungTimer = undefined;
      if (!contents.isDestroyed()) contents.forcefullyCrashRenderer();
    }, UNRESPONSIVE_GRACE_MS);
  });
  window.on('responsive', () => {
    clearTimeout(hungTimer);
    hungTimer = undefined;
  });

  window.on('closed', () => {
    clearTimeout(reloadTimer);
    clearTimeout(hungTimer);
  });
}

/** The smallest window the kiosk's pages are laid out for. */
const MAINTENANCE_SIZE = { width: 1024, height: 768 } as const;

/**
 * An admin left kiosk mode for maintenance: the window stops covering the
 * screen and stays in front no more, so the desktop is reachable; closing
 * it quits the app (the shortcuts and the close guard are lifted by `isLocked`).
 */
export function leaveKioskMode(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  window.setKiosk(false);
  window.setFullScreen(false);
  window.setAlwaysOnTop(false);
  window.setClosable(true);
  window.setMinimizable(true);
  window.setResizable(true);
  window.setSize(MAINTENANCE_SIZE.width, MAINTENANCE_SIZE.height);
  window.center();
  window.show();
}

export function focusWindow(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
