import { KioskSettings } from '../../src-shared/clerks/views';

/** The settings as the form holds them: every box is text; an empty optional box means "none". */
export type SettingsForm = { [K in keyof KioskSettings]: string };
export type SettingsField = keyof KioskSettings;

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

const NUMBER_FIELDS: ReadonlySet<SettingsField> = new Set(['idleSeconds', 'idleWarningSeconds', 'draftRetentionDays', 'applicationRetentionDays']);
const OPTIONAL_FIELDS: ReadonlySet<SettingsField> = new Set(['printerName', 'scannerDir', 'centralUrl']);

export function isNumberField(field: SettingsField): boolean {
  return NUMBER_FIELDS.has(field);
}

export function isOptionalField(field: SettingsField): boolean {
  return OPTIONAL_FIELDS.has(field);
}

export function settingsToForm(settings: KioskSettings): SettingsForm {
  const form = {} as SettingsForm;
  for (const field of SETTINGS_FIELDS) {
    const value = settings[field];
    form[field] = value === null ? '' : String(value);
  }
  return form;
}

/** A box's text as the contract's value: digits to a number, an empty optional box to null, other text trimmed. */
function valueOf(field: SettingsField, text: string): unknown {
  const trimmed = text.trim();
  if (OPTIONAL_FIELDS.has(field) && trimmed === '') return null;
  if (NUMBER_FIELDS.has(field)) return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return trimmed;
}

/**
 * The form checked with the contract's own schema before it is sent; each
 * field found wrong is named once (its message says what it takes).
 */
export function formToSettings(form: SettingsForm): { settings: KioskSettings } | { invalid: SettingsField[] } {
  const candidate: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) candidate[field] = valueOf(field, form[field]);
  const parsed = KioskSettings.safeParse(candidate);
  if (parsed.success) return { settings: parsed.data };
  const invalid = new Set<SettingsField>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (SETTINGS_FIELDS as readonly string[]).includes(field)) invalid.add(field as SettingsField);
  }
  return { invalid: SETTINGS_FIELDS.filter((field) => invalid.has(field)) };
}
