import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What Chromium's profile must not do at a kiosk strangers share: offer to
 * save a citizen's password, or remember names, ПИН and phone numbers typed
 * into forms and offer them to the next person. Set in the profile's
 * preferences before each launch (Chromium has no command-line switch for
 * them); whatever else the profile holds is kept.
 */
const KIOSK_PREFERENCES = {
  credentials_enable_service: false,
  credentials_enable_autosignin: false,
  profile: { password_manager_enabled: false },
  autofill: { enabled: false, profile_enabled: false, credit_card_enabled: false },
} as const;

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merged(base: Json, over: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    result[key] = isObject(value) && isObject(current) ? merged(current, value) : value;
  }
  return result;
}

function readPreferences(path: string): Json {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isObject(parsed) ? parsed : {};
  } catch {
    // None yet, or a file Chromium left half-written: ours replaces it.
    return {};
  }
}

/** Writes the kiosk's preferences into `<profileDir>/Default/Preferences`. */
export function prepareKioskProfile(profileDir: string): void {
  const dir = join(profileDir, 'Default');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'Preferences');
  writeFileSync(path, JSON.stringify(merged(readPreferences(path), KIOSK_PREFERENCES)));
}
