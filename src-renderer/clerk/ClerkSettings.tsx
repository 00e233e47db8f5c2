import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../src-shared/clerks/views';
import { SETTING_LIMITS } from '../../src-shared/clerks/settings-rules';
import type { FieldError } from '../../src-shared/errors';
import { LANGUAGES } from '../../src-shared/language';
import { api, apiProblemOf, ApiCallError, type ApiProblem } from '../api/client';
import { AccountField } from '../account/AccountField';
import { fieldErrorMessage } from '../application/messages';
import { useLanguage } from '../i18n';
import { useSignedInClerk } from '../stores/clerk';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';
import { useLoaded } from './loading';
import { ClerkProblem, Fact } from './parts';
import { formToSettings, isNumberField, SETTINGS_FIELDS, settingsToForm, type SettingsField, type SettingsForm } from './settings-form';

const fieldId = (field: SettingsField) => `clerk-setting-${field}`;

function PendingRestart({ view }: { view: SettingsView }) {
  const { t } = useTranslation();
  if (view.pendingRestart.length === 0) return null;
  return (
    <div className="banner banner--info" role="status" data-testid="clerk-settings-restart">
      <p className="banner__text">
        {t('clerk.settings.pendingRestart', { fields: view.pendingRestart.map((field) => t(`clerk.settings.fields.${field}`)).join(', ') })}
      </p>
    </div>
  );
}

/** What a clerk without the admin role sees: the settings, read only. */
function SettingsList({ view }: { view: SettingsView }) {
  const { t } = useTranslation();
  const form = settingsToForm(view.settings);
  const shown = (field: SettingsField) =>
    field === 'defaultLanguage' ? t(`languages.${view.settings.defaultLanguage}`) : form[field] === '' ? t('clerk.settings.none') : form[field];
  return (
    <>
      <p className="lead">{t('clerk.settings.readOnly')}</p>
      <dl className="summary-list" data-testid="clerk-settings-list">
        {SETTINGS_FIELDS.map((field) => (
          <Fact key={field} label={t(`clerk.settings.fields.${field}`)} value={shown(field)} testId={`clerk-setting-value-${field}`} />
        ))}
      </dl>
    </>
  );
}

function SettingsEditor({ view, onSaved }: { view: SettingsView; onSaved(view: SettingsView): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<SettingsForm>(() => settingsToForm(view.settings));
  const { language } = useLanguage();
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const change = (field: SettingsField, value: string) => {
    setForm((now) => ({ ...now, [field]: value }));
    setSaved(false);
  };

  const save = async () => {
    if (busy) return;
    const checked = formToSettings(form);
    setAttempt((n) => n + 1);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    setBusy(true);
    setProblem(null);
    try {
      const next = await api.updateKioskSettings(checked.settings);
      setForm(settingsToForm(next.settings));
      setSaved(true);
      onSaved(next);
    } catch (error) {
      // The core's own check names the fields it refused, as this form does.
      const fields = error instanceof ApiCallError ? error.fields.filter((f) => SETTINGS_FIELDS.includes(f.field as SettingsField)) : [];
      setProblems(fields);
      setProblem(fields.length > 0 ? null : apiProblemOf(error));
    }
    setBusy(false);
  };

  const say = (problem: FieldError) => fieldErrorMessage(t, language, problem, undefined);
  const message = (field: SettingsField) => {
    const found = problems.find((problem) => problem.field === field);
    return found ? say(found) : null;
  };
  const hint = (field: SettingsField) =>
    isNumberField(field) ? t('clerk.settings.rangeHint', SETTING_LIMITS[field]) : t(`clerk.settings.hints.${field}`);

  return (
    <form
      noValidate
      autoComplete="off"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {problems.length > 0 && (
        <ErrorSummary items={problems.map((problem) => ({ targetId: fieldId(problem.field as SettingsField), text: say(problem) }))} attempt={attempt} />
      )}
      <ClerkProblem problem={problem} />
      {saved && (
        <div className="banner banner--info" role="status" data-testid="clerk-settings-saved">
          <p className="banner__text">{t('clerk.settings.saved')}</p>
        </div>
      )}
      <fieldset className="field fieldset">
        <legend className="label">{t('clerk.settings.fields.defaultLanguage')}</legend>
        <div className="radio-cards radio-cards--inline">
          {LANGUAGES.map((language) => (
            <label key={language} className="radio-card">
              <input
                type="radio"
                name="clerk-default-language"
                id={language === form.defaultLanguage ? fieldId('defaultLanguage') : undefined}
                data-testid={`clerk-setting-language-${language}`}
                checked={form.defaultLanguage === language}
                onChange={() => change('defaultLanguage', language)}
              />
              <span className="radio-card__body" lang={language}>
                {t(`languages.${language}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {SETTINGS_FIELDS.filter((field) => field !== 'defaultLanguage').map((field) => (
        <AccountField
          key={field}
          id={fieldId(field)}
          testId={fieldId(field)}
          label={t(`clerk.settings.fields.${field}`)}
          hint={hint(field)}
          error={message(field)}
          value={form[field]}
          onChange={(value) => change(field, value)}
          hints={isNumberField(field) ? { inputMode: 'numeric', maxLength: 3 } : { 'data-osk-alphabet': field === 'terminalName' ? undefined : 'latin' }}
          className={isNumberField(field) ? 'input--number' : undefined}
        />
      ))}
      <div className="action-bar">
        <button type="submit" className="button button--primary button--wide" data-testid="clerk-settings-save" aria-disabled={busy}>
          {t('clerk.settings.save')}
        </button>
      </div>
    </form>
  );
}

/** Kiosk settings: an admin changes them, a clerk reads them. */
export function ClerkSettings() {
  const { t } = useTranslation();
  const clerk = useSignedInClerk();
  const loaded = useLoaded(() => api.getKioskSettings({}));
  const [view, setView] = useState<SettingsView | null>(null);
  const current = view ?? loaded.data;
  return (
    <div className="screen clerk-screen" data-testid="clerk-settings">
      <ScreenHeading>{t('clerk.settings.title')}</ScreenHeading>
      <ClerkProblem problem={loaded.problem} />
      {current && <PendingRestart view={current} />}
      {current && (clerk?.role === 'admin' ? <SettingsEditor view={current} onSaved={setView} /> : <SettingsList view={current} />)}
    </div>
  );
}
