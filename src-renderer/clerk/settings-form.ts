import { kioskSettingsProblems, SETTING_LIMITS, tidyKioskSettings } from '../../src-shared/clerks/settings-rules';
import type { KioskSettings } from '../../src-shared/clerks/views';
import type { FieldError } from '../../src-shared/errors';

/** The settings as the form holds them: every box is text; an empty optional box means "none". */
export type SettingsForm = { [K in keyof KioskSettings]: string };
export type SettingsField = keyof KioskSettings;
type NumberField = keyof typeof SETTING_LIMITS;

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  'defaultLanguage',
  'idleSeconds',
  'idleWarningSeconds',
  'printerName',
  'scannerDir',
  'draftRetentionDays',
  'applicationRetentionDays',
  'centralUrl',
  'terminalName',
];

export function isNumberField(field: SettingsField): field is NumberField {
  return Object.hasOwn(SETTING_LIMITS, field);
}

export function settingsToForm(settings: KioskSettings): SettingsForm {
  const form = {} as SettingsForm;
  for (const field of SETTINGS_FIELDS) {
    const value = settings[field];
    form[field] = value === null ? '' : String(value);
  }
  return form;
}

/**
 * The form judged by the rules the core applies on save
 * (src-shared/clerks/settings-rules.ts), so every problem shows under its
 * field at once; a number box with anything but digits is out of its range.
 */
export function formToSettings(form: SettingsForm): { settings: KioskSettings } | { problems: FieldError[] } {
  const problems: FieldError[] = [];
  const number = (field: NumberField): number => {
    const text = form[field].trim();
    if (/^\d{1,6}$/.test(text)) return Number(text);
    const { min, max } = SETTING_LIMITS[field];
    problems.push({ field, code: 'settings.range', params: { min, max } });
    // Stands in for the unreadable box, so the rules below judge only the others.
    return min;
  };
  const settings = tidyKioskSettings({
    defaultLanguage: form.defaultLanguage === 'ru' ? 'ru' : 'ky',
    idleSeconds: number('idleSeconds'),
    idleWarningSeconds: number('idleWarningSeconds'),
    printerName: form.printerName,
    scannerDir: form.scannerDir,
    draftRetentionDays: number('draftRetentionDays'),
    applicationRetentionDays: number('applicationRetentionDays'),
    centralUrl: form.centralUrl,
    terminalName: form.terminalName,
  });
  problems.push(...kioskSettingsProblems(settings));
  if (problems.length === 0) return { settings };
  const order = (problem: FieldError) => SETTINGS_FIELDS.indexOf(problem.field as SettingsField);
  return { problems: problems.sort((a, b) => order(a) - order(b)) };
}
