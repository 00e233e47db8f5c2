import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareKioskProfile } from '../../../src-main/web/chromium-profile';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function profile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-profile-'));
  dirs.push(dir);
  return dir;
}

interface Preferences {
  credentials_enable_service: boolean;
  profile: Record<string, unknown>;
  autofill: Record<string, boolean>;
  zoom?: number;
}

const preferencesOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'Default', 'Preferences'), 'utf8')) as Preferences;

describe('the browser profile of a shared kiosk', () => {
  it('neither saves passwords nor remembers what citizens typed, from the first launch', () => {
    const dir = profile();
    prepareKioskProfile(dir);
    const preferences = preferencesOf(dir);
    expect(preferences.credentials_enable_service).toBe(false);
    expect(preferences.profile['password_manager_enabled']).toBe(false);
    expect(preferences.autofill['profile_enabled']).toBe(false);
    expect(preferences.autofill['enabled']).toBe(false);
  });

  it('turns them off again when the profile had them on, keeping the rest of the profile', () => {
    const dir = profile();
    mkdirSync(join(dir, 'Default'));
    writeFileSync(
      join(dir, 'Default', 'Preferences'),
      JSON.stringify({ credentials_enable_service: true, profile: { password_manager_enabled: true, name: 'Kiosk' }, zoom: 1 }),
    );
    prepareKioskProfile(dir);
    const preferences = preferencesOf(dir);
    expect(preferences.credentials_enable_service).toBe(false);
    expect(preferences.profile).toEqual({ password_manager_enabled: false, name: 'Kiosk' });
    expect(preferences.zoom).toBe(1);
  });

  it('replaces a preferences file Chromium left broken', () => {
    const dir = profile();
    mkdirSync(join(dir, 'Default'));
    writeFileSync(join(dir, 'Default', 'Preferences'), '{"credentials_enable');
    prepareKioskProfile(dir);
    expect(preferencesOf(dir).credentials_enable_service).toBe(false);
  });
});
