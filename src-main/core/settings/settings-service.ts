import { kioskSettingsProblems, tidyKioskSettings } from '../../../src-shared/clerks/settings-rules';
import type { KioskSettings, SettingsView } from '../../../src-shared/clerks/views';
import type { AuditDetails } from '../../../src-shared/clerks/wire';
import { KioskError } from '../../../src-shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { KioskDatabase } from '../db/database';
import { RESTART_SETTINGS, type SettingName, type SettingsStore } from './kiosk-settings';

export interface KioskSettingsOptions {
  db: KioskDatabase;
  store: SettingsStore;
  audit: AuditLog;
  nowIso: () => string;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
  /** After a change is saved: what else must follow it at once (a purge with a shorter retention). */
  changed: (names: SettingName[]) => void;
}

/**
 * What the audit log keeps of a changed setting: numbers and the language
 * as they are; of a name, a folder or an address only whether it is set
 * (what an admin types there is theirs to know, not the log's).
 */
function auditedValue(name: SettingName, settings: KioskSettings): AuditDetails {
  const value = settings[name];
  if (typeof value === 'number' || name === 'defaultLanguage') return { value };
  return { set: value !== null };
}

/**
 * The kiosk's settings in clerk mode. Language, idle times, retention and
 * the terminal's name apply at once; printer, scanner folder and central
 * URL are read once at start, so a change to them waits for the next start
 * (`pendingRestart` says which).
 */
export function createKioskSettings(options: KioskSettingsOptions) {
  const { db, store, audit, log } = options;
  const atStart = store.current();

  function view(): SettingsView {
    const settings = store.current();
    return { settings, pendingRestart: RESTART_SETTINGS.filter((name) => settings[name] !== atStart[name]) };
  }

  return {
    /** What this run of the kiosk uses: the settings as they stand, those read at start as they were then. */
    inForce(): KioskSettings {
      const settings = store.current();
      return { ...settings, printerName: atStart.printerName, scannerDir: atStart.scannerDir, centralUrl: atStart.centralUrl };
    },
    view,
    /** Judged whole: any problem refuses the change with a field error each, and nothing is saved. */
    update(input: KioskSettings, clerkId: string): SettingsView {
      const settings = tidyKioskSettings(input);
      const problems = kioskSettingsProblems(settings);
      if (problems.length > 0) throw new KioskError('settings.invalid', problems);
      const names = store.changedNames(store.current(), settings);
      if (names.length === 0) return view();
      db.transaction(() => {
        store.save(Object.fromEntries(names.map((name) => [name, settings[name]])), options.nowIso());
        for (const name of names) {
          audit.record({ actor: { kind: 'clerk', clerkId }, action: 'settings.changed', target: name, details: auditedValue(name, settings) });
        }
      })();
      log('settings.changed', { clerkId, names: names.join(',') });
      options.changed(names);
      return view();
    },
    /** The terminal's name a clerk gave when enrolling the kiosk; in the enrollment's transaction. */
    saveTerminalName(terminalName: string): void {
      store.save({ terminalName }, options.nowIso());
    },
  };
}
export type KioskSettingsService = ReturnType<typeof createKioskSettings>;
