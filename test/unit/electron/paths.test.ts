import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_FOLDER_NAME, kioskPaths, userDataDir } from '../../../src-main/electron/common/paths';

describe('kioskPaths', () => {
  it('takes assets from beside app.asar when packaged', () => {
    const resources = join('/opt', 'Kiosk', 'resources');
    expect(kioskPaths({ isPackaged: true, appRoot: join(resources, 'app.asar'), resourcesPath: resources })).toEqual({
      rendererDir: join(resources, 'app.asar', 'dist', 'renderer'),
      preloadPath: join(resources, 'app.asar', 'dist', 'electron', 'preload.cjs'),
      catalogSnapshotPath: join(resources, 'assets', 'catalog', 'catalog.json'),
    });
  });

  it('takes everything from the checkout in development', () => {
    const repo = join('/home', 'dev', 'kiosk');
    expect(kioskPaths({ isPackaged: false, appRoot: repo, resourcesPath: '/usr/lib/electron/resources' })).toEqual({
      rendererDir: join(repo, 'dist', 'renderer'),
      preloadPath: join(repo, 'dist', 'electron', 'preload.cjs'),
      catalogSnapshotPath: join(repo, 'assets', 'catalog', 'catalog.json'),
    });
  });
});

describe('userDataDir', () => {
  const appData = join('/home', 'kiosk', '.config');

  it('is a fixed folder under appData by default', () => {
    expect(userDataDir({}, appData)).toBe(join(appData, DATA_FOLDER_NAME));
  });

  it('follows KIOSK_DATA_DIR when it is absolute', () => {
    expect(userDataDir({ KIOSK_DATA_DIR: '/var/lib/kiosk' }, appData)).toBe('/var/lib/kiosk');
  });

  it('ignores a relative or empty KIOSK_DATA_DIR', () => {
    expect(userDataDir({ KIOSK_DATA_DIR: 'data' }, appData)).toBe(join(appData, DATA_FOLDER_NAME));
    expect(userDataDir({ KIOSK_DATA_DIR: '' }, appData)).toBe(join(appData, DATA_FOLDER_NAME));
  });
});
