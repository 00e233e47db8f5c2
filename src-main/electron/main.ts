import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, Menu, session } from 'electron';
import { createCore, type Core } from '../core/index';
import { connectKioskIpc } from './ipc';
import { kioskPaths, userDataDir } from './common/paths';
import { parseSettingsFile, resolveKioskConfig, SETTINGS_FILE_NAME, type KioskConfig } from './common/settings';
import { createElectronPrinter } from './printing';
import { registerAppScheme, serveRenderer } from './protocol';
import { createKioskWindow, denyAllPermissions, focusWindow, leaveKioskMode, lockDownWebContents } from './window';

/**
 * The Electron shell: app lifecycle, the one kiosk window and its security.
 * Every behaviour is in the core; this file only wires it to Electron.
 */

type LogFields = Record<string, string | number | boolean | null>;

/** One JSON line per event on stdout (journald or the session log keeps it); codes and ids only. */
function log(event: string, fields: LogFields = {}): void {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`);
}

function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: 'unknown' };
  const code = (error as NodeJS.ErrnoException).code;
  return { error: error.name, ...(typeof code === 'string' ? { code } : {}) };
}

/** Core close gets this long on quit before the app exits anyway. */
const CORE_CLOSE_TIMEOUT_MS = 5_000;

let core: Core | null = null;
let kioskWindow: BrowserWindow | null = null;
let quitting = false;
/** An admin left kiosk mode: the window is an ordinary one, and closing it quits. */
let maintenance = false;

// No error dialog may ever cover the kiosk: failures are logged, never shown.
process.stdout.on('error', () => {});
process.on('uncaughtException', (error) => log('main.uncaughtException', errorFields(error)));
process.on('unhandledRejection', (error) => log('main.unhandledRejection', errorFields(error)));

// Both must happen before `ready`, in every instance (the single-instance lock lives in userData).
app.setPath('userData', userDataDir(process.env, app.getPath('appData')));
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another kiosk is running: it gets focus (`second-instance` below) and this one leaves.
  app.exit(0);
} else {
  app.on('second-instance', () => focusWindow(kioskWindow));
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, log));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', onBeforeQuit);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => app.quit());
  app.whenReady().then(start, (error: unknown) => fail('app.readyFailed', error));
}

function readKioskConfig(): KioskConfig {
  const settingsPath = join(app.getPath('userData'), SETTINGS_FILE_NAME);
  let text: string | null = null;
  try {
    text = readFileSync(settingsPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log('settings.unreadable', errorFields(error));
  }
  return resolveKioskConfig(parseSettingsFile(text, log), process.env, log);
}

function start(): void {
  const production = app.isPackaged;
  // main.cjs sits in <appRoot>/dist/electron/, packaged (app.asar) or not.
  const paths = kioskPaths({ isPackaged: production, appRoot: join(__dirname, '..', '..'), resourcesPath: process.resourcesPath });
  const config = readKioskConfig();

  try {
    core = createCore({
      dataDir: app.getPath('userData'),
      catalogSnapshotPath: paths.catalogSnapshotPath,
      centralUrl: config.centralUrl,
      terminalName: config.terminalName,
      idleSeconds: config.idleSeconds,
      scannerDir: config.scannerDir,
      idleWarningSeconds: config.idleWarningSeconds,
      draftRetentionDays: config.draftRetentionDays,
      applicationRetentionDays: config.applicationRetentionDays,
      log,
      printPdf: createElectronPrinter({ dataDir: app.getPath('userData'), log }),
      printerName: config.printerName ?? null,
      onMaintenanceExit: () => {
        maintenance = true;
        // After the answer has gone back to the page.
        setImmediate(() => {
          if (kioskWindow !== null) leaveKioskMode(kioskWindow);
        });
      },
      notoSansDir: join(__dirname, '..', '..', 'node_modules', '@fontsource', 'noto-sans'),
      workerPath: join(__dirname, 'worker.cjs'),
    });
  } catch (error) {
    fail('core.startFailed', error);
    return;
  }
  // An admin's settings (clerk mode, in the core's database) win over the settings file.
  const inForce = core.settingsInForce();
  log('kiosk.started', { production, version: app.getVersion(), sync: inForce.centralUrl !== null });

  Menu.setApplicationMenu(null);
  denyAllPermissions(session.defaultSession, log);
  serveRenderer(paths.rendererDir, log);

  kioskWindow = createKioskWindow({
    preloadPath: paths.preloadPath,
    production,
    log,
    isQuitting: () => quitting,
    isLocked: () => !maintenance,
  });
  const disconnect = connectKioskIpc(core, kioskWindow, log);
  kioskWindow.on('closed', () => {
    disconnect();
    kioskWindow = null;
  });
  // Windows logging off or shutting down must not be held up by the close guard.
  kioskWindow.on('session-end', () => {
    quitting = true;
  });

  void enrollThenSync(core, config);
}

/** Enrollment needs the network, so it runs beside the UI; the kiosk works offline meanwhile. */
async function enrollThenSync(running: Core, config: KioskConfig): Promise<void> {
  if (running.settingsInForce().centralUrl === null) {
    log('sync.off');
  } else if (!running.isEnrolled()) {
    if (config.enrollCode === undefined) {
      log('enroll.codeMissing');
    } else {
      try {
        await running.enroll(config.enrollCode);
        log('enroll.done');
      } catch (error) {
        log('enroll.failed', errorFields(error));
      }
    }
  }
  // The app may have started quitting while enrollment waited on the network.
  if (core === running) running.startSync();
}

/** Holds the quit until the core has closed its database and timers (bounded by a timeout). */
function onBeforeQuit(event: { preventDefault(): void }): void {
  quitting = true;
  if (core === null) return;
  event.preventDefault();
  const closing = core;
  core = null;
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), CORE_CLOSE_TIMEOUT_MS).unref());
  Promise.race([closing.close().then(() => 'closed' as const), timeout])
    .then((outcome) => log('core.closed', { outcome }), (error: unknown) => log('core.closeFailed', errorFields(error)))
    .finally(() => app.quit());
}

function fail(event: string, error: unknown): void {
  log(event, errorFields(error));
  app.exit(1);
}
