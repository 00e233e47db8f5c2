import { isAbsolute, join } from 'node:path';

/**
 * Where the packaged app and a development checkout keep their files.
 * `appRoot` is the folder holding `dist/` (two levels above main.cjs):
 * packaged it is `resources/app.asar` and `assets/` is an extraResource
 * beside it; in development it is the repository root. It is not
 * `app.getAppPath()`, which is `dist/electron` when started as
 * `electron dist/electron/main.cjs` (as the launcher does).
 */
export interface KioskPathsInput {
  isPackaged: boolean;
  appRoot: string;
  /** `process.resourcesPath`. */
  resourcesPath: string;
}

export interface KioskPaths {
  rendererDir: string;
  preloadPath: string;
  catalogSnapshotPath: string;
}

export function kioskPaths({ isPackaged, appRoot, resourcesPath }: KioskPathsInput): KioskPaths {
  const assetsDir = isPackaged ? join(resourcesPath, 'assets') : join(appRoot, 'assets');
  return {
    rendererDir: join(appRoot, 'dist', 'renderer'),
    preloadPath: join(appRoot, 'dist', 'electron', 'preload.cjs'),
    catalogSnapshotPath: join(assetsDir, 'catalog', 'catalog.json'),
  };
}

/** The kiosk's data folder name under the OS's per-user app data folder. */
export const DATA_FOLDER_NAME = 'registration-kiosk';
export const DATA_DIR_ENV = 'KIOSK_DATA_DIR';

/**
 * Electron's userData (the kiosk database, the settings file, Chromium's
 * profile): `KIOSK_DATA_DIR` when it is an absolute path, else
 * `<appData>/registration-kiosk` whatever name Electron guessed for the app.
 */
export function userDataDir(env: Record<string, string | undefined>, appDataDir: string): string {
  const fromEnv = env[DATA_DIR_ENV];
  return fromEnv !== undefined && isAbsolute(fromEnv) ? fromEnv : join(appDataDir, DATA_FOLDER_NAME);
}
