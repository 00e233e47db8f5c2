import type { FieldError } from '../errors';
import type { KioskSettings } from './views';

/**
 * What an admin may choose for each kiosk setting, judged the same in the
 * settings screen (at once) and in the core (on save): the screen names
 * every problem under its field, by code (`errors.field.<code>`).
 */
export const SETTING_LIMITS = {
  idleSeconds: { min: 30, max: 600 },
  // WCAG 2.2.1: at least 20 seconds to ask for more time.
  idleWarningSeconds: { min: 20, max: 120 },
  draftRetentionDays: { min: 1, max: 365 },
  applicationRetentionDays: { min: 0, max: 365 },
} as const;

/** Control characters, line separators and bidi overrides: never part of a name, a folder or an address. */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** A folder named from the root: `/srv/scans`, `D:\Scans`, `\\server\scans`. */
const ABSOLUTE_FOLDER = /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

/** Blank text as null, the rest trimmed; a central URL without its trailing slashes. */
export function tidyKioskSettings(settings: KioskSettings): KioskSettings {
  const optional = (text: string | null) => (text === null || text.trim() === '' ? null : text.trim());
  const centralUrl = optional(settings.centralUrl);
  return {
    ...settings,
    printerName: optional(settings.printerName),
    scannerDir: optional(settings.scannerDir),
    centralUrl: centralUrl === null ? null : centralUrl.replace(/\/+$/, ''),
    terminalName: settings.terminalName.trim(),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** Every problem of a tidied set of settings, one per field; none: it may be saved. */
export function kioskSettingsProblems(settings: KioskSettings): FieldError[] {
  const problems: FieldError[] = [];
  for (const [field, { min, max }] of Object.entries(SETTING_LIMITS)) {
    const value = settings[field as keyof typeof SETTING_LIMITS];
    if (value < min || value > max) problems.push({ field, code: 'settings.range', params: { min, max } });
  }
  const text = (field: keyof KioskSettings, value: string | null, rule: (value: string) => string | null) => {
    if (value === null) return;
    const code = CONTROL.test(value) ? 'text.control' : rule(value);
    if (code !== null) problems.push({ field, code });
  };
  text('terminalName', settings.terminalName, (value) => (value === '' ? 'settings.required' : null));
  text('printerName', settings.printerName, () => null);
  text('scannerDir', settings.scannerDir, (value) => (ABSOLUTE_FOLDER.test(value) ? null : 'settings.folder'));
  text('centralUrl', settings.centralUrl, (value) => (isHttpUrl(value) ? null : 'settings.url'));
  return problems;
}
