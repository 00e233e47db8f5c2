import { z } from 'zod';

/**
 * The kiosk's own settings file, `kiosk-settings.json` in Electron's userData
 * folder, overridden per key by environment variables. A bad file never
 * stops the kiosk: each bad key falls back to its default and is logged by
 * code and key name only (values may be addresses or names).
 */
export const SETTINGS_FILE_NAME = 'kiosk-settings.json';

const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .transform((value) => value.replace(/\/+$/, ''));

const settingsFields = {
  centralUrl: HttpUrl.nullable(),
  terminalName: z.string().trim().min(1).max(100),
  idleSeconds: z.number().int().positive().max(3600),
  idleWarningSeconds: z.number().int().min(20).max(600),
  /** The system printer that printouts go to silently; absent: they are saved in <data>/printouts/. */
  printerName: z.string().trim().min(1).max(200),
  /** The folder the office's scanner saves scans to; absent: no "add from the scanner". */
  scannerDir: z.string().trim().min(1).max(1000),
  /** Days a draft is kept after its last change (the core's default: 30). */
  draftRetentionDays: z.number().int().min(1).max(3650),
  /** Days an accepted application's answers and files stay on the kiosk (the core's default: 7; 0: removed at once). */
  applicationRetentionDays: z.number().int().min(0).max(3650),
} as const;

type SettingsKey = keyof typeof settingsFields;

export interface KioskSettings {
  centralUrl: string | null;
  terminalName: string | undefined;
  idleSeconds: number | undefined;
  idleWarningSeconds: number | undefined;
  printerName: string | undefined;
  scannerDir: string | undefined;
  draftRetentionDays: number | undefined;
  applicationRetentionDays: number | undefined;
}

export const DEFAULT_SETTINGS: KioskSettings = {
  centralUrl: null,
  terminalName: undefined,
  idleSeconds: undefined,
  idleWarningSeconds: undefined,
  printerName: undefined,
  scannerDir: undefined,
  draftRetentionDays: undefined,
  applicationRetentionDays: undefined,
};

export type SettingsLog = (event: string, fields?: Record<string, string>) => void;

/** `text` is the file's content, or null when there is no file (not an error: defaults). */
export function parseSettingsFile(text: string | null, log: SettingsLog): KioskSettings {
  if (text === null) return { ...DEFAULT_SETTINGS };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    log('settings.notJson');
    return { ...DEFAULT_SETTINGS };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    log('settings.notObject');
    return { ...DEFAULT_SETTINGS };
  }

  const settings: KioskSettings = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(settingsFields, key)) {
      log('settings.keyUnknown', { key });
      continue;
    }
    const parsed = settingsFields[key as SettingsKey].safeParse(value);
    if (!parsed.success) {
      log('settings.keyInvalid', { key });
      continue;
    }
    Object.assign(settings, { [key]: parsed.data });
  }
  return settings;
}

/** Environment variables the Electron shell reads. */
export const ENV = {
  centralUrl: 'KIOSK_CENTRAL_URL',
  terminalName: 'KIOSK_TERMINAL_NAME',
  enrollCode: 'KIOSK_ENROLL_CODE',
} as const;

export interface KioskConfig extends KioskSettings {
  /** One-time enrollment code, used only while the kiosk is not enrolled. */
  enrollCode: string | undefined;
}

/** Environment variables win over the settings file; an invalid variable is ignored and logged. */
export function resolveKioskConfig(
  settings: KioskSettings,
  env: Record<string, string | undefined>,
  log: SettingsLog,
): KioskConfig {
  const config: KioskConfig = { ...settings, enrollCode: undefined };

  const centralUrl = env[ENV.centralUrl];
  if (centralUrl !== undefined && centralUrl !== '') {
    const parsed = HttpUrl.safeParse(centralUrl);
    if (parsed.success) config.centralUrl = parsed.data;
    else log('settings.envInvalid', { key: ENV.centralUrl });
  }

  const terminalName = env[ENV.terminalName];
  if (terminalName !== undefined && terminalName !== '') {
    const parsed = settingsFields.terminalName.safeParse(terminalName);
    if (parsed.success) config.terminalName = parsed.data;
    else log('settings.envInvalid', { key: ENV.terminalName });
  }

  const enrollCode = env[ENV.enrollCode]?.trim();
  if (enrollCode) config.enrollCode = enrollCode;
  return config;
}
