import { KioskSettings } from '../../../src-shared/clerks/views';
import type { KioskDatabase } from '../db/database';

export type SettingName = keyof KioskSettings;

/** Settings the kiosk reads once at start (the sync's address, the printer, the scanner's folder). */
export const RESTART_SETTINGS = ['printerName', 'scannerDir', 'centralUrl'] as const satisfies readonly SettingName[];
export type RestartSetting = (typeof RESTART_SETTINGS)[number];

const SETTING_NAMES = Object.keys(KioskSettings.shape) as SettingName[];

function jsonOrNothing(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The kiosk's settings: the launch options, with what an admin changed in
 * clerk mode over them (kept in the database, so a restart keeps it). Read
 * often (every draft's expiry), so held in memory; this process alone writes them.
 */
export function createSettingsStore(
  db: KioskDatabase,
  launch: KioskSettings,
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void,
) {
  const readAll = db.prepare<[], { name: string; value: string }>('SELECT name, value FROM kiosk_settings');
  const write = db.prepare<[string, string, string]>(
    `INSERT INTO kiosk_settings (name, value, changed_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at`,
  );

  let cached: KioskSettings | null = null;

  function stored(): Partial<KioskSettings> {
    const settings: Partial<KioskSettings> = {};
    for (const row of readAll.all()) {
      const name = row.name as SettingName;
      const schema = SETTING_NAMES.includes(name) ? KioskSettings.shape[name] : null;
      const parsed = schema?.safeParse(jsonOrNothing(row.value));
      // A row this version does not read (edited by hand, or from a newer version): the launch option stays.
      if (!parsed?.success) {
        log('settings.storedIgnored', { key: row.name });
        continue;
      }
      Object.assign(settings, { [name]: parsed.data });
    }
    return settings;
  }

  return {
    /** The settings as they stand now: stored ones over the launch options. */
    current(): KioskSettings {
      cached ??= { ...launch, ...stored() };
      return { ...cached };
    },
    /** The names whose value differs from `before`, in the contract's order. */
    changedNames(before: KioskSettings, after: KioskSettings): SettingName[] {
      return SETTING_NAMES.filter((name) => before[name] !== after[name]);
    },
    /** Keeps these settings' values; in the caller's transaction, with their audit entries. */
    save(settings: Partial<KioskSettings>, now: string): void {
      for (const [name, value] of Object.entries(settings)) write.run(name, JSON.stringify(value), now);
      cached = null;
    },
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
