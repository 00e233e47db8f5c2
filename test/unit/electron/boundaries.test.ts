import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../src-main/electron/common/channels';

const electronDir = join(import.meta.dirname, '..', '..', '..', 'src-main', 'electron');
const source = (name: string) => readFileSync(join(electronDir, name), 'utf8');

describe('src-main/electron boundaries', () => {
  it('keeps common/ free of electron, so it runs (and is tested) in plain Node', () => {
    for (const name of readdirSync(join(electronDir, 'common'))) {
      expect(source(join('common', name)), name).not.toMatch(/from ['"]electron['"]|require\(['"]electron['"]\)/);
    }
  });

  it('names each IPC channel in one place only', () => {
    for (const name of ['main.ts', 'ipc.ts', 'preload.ts', 'window.ts', 'protocol.ts']) {
      expect(source(name), name).not.toContain(`'${CALL_CHANNEL}'`);
      expect(source(name), name).not.toContain(`'${EVENT_CHANNEL}'`);
    }
  });

  it('exposes only the bridge from the preload, never ipcRenderer', () => {
    const preload = source('preload.ts');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toContain("exposeInMainWorld('kiosk', bridge)");
    expect(preload).toMatch(/satisfies KioskBridge/);
  });
});
