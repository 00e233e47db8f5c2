import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { parseFieldPath, topFieldId, visibleFields, visiblePages } from '../../src-shared/forms/engine';
import type { FieldError } from '../../src-shared/errors';
import type { FieldDefinition } from '../../src-shared/forms/schema';
import { useLanguage } from '../i18n';
import { ContinueLaterButton } from '../resume/ContinueLaterButton';
import { useApplication } from '../stores/application';
import { BackLink } from '../ui/BackLink';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';
import { FieldControl } from './fields/FieldControl';
import { errorTargetId, focusTargetId } from './fields/ids';
import { fieldErrorMessage } from './messages';
import { MigrationNotice } from './MigrationNotice';
import { SaveStatus } from './SaveStatus';

/** One page of the form: its question as the heading, its fields, Continue. */
export function FormScreen() {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const { form, pageId, answers, errors, errorAttempt, restored, focusFieldId, migration, migrationAnnounced } = useApplication();
  const { setAnswer, continueFromPage, back, focusHandled } = useApplication.getState();

  useEffect(() => {
    if (!focusFieldId || !form) return;
    const field = form.pages.flatMap((p) => p.fields).find((f) => f.id === focusFieldId);
    if (field) document.getElementById(focusTargetId(field))?.focus();
    focusHandled();
  }, [focusFieldId, form, focusHandled]);

  const pages = form ? visiblePages(form, answers) : [];
  const page = pages.find((p) => p.id === pageId) ?? form?.pages.find((p) => p.id === pageId);
  if (!form || !page) {
    return (
      <div className="screen">
        <ScreenHeading>{t('form.unavailable')}</ScreenHeading>
      </div>
    );
  }
  const fields = visibleFields(form, page, answers);
  const byId = new Map<string, FieldDefinition>(form.pages.flatMap((p) => p.fields.map((f) => [f.id, f] as const)));
  /** The field definition an error's message uses: a person's subfield for its own errors. */
  const definitionOf = (error: FieldError) => {
    const field = byId.get(topFieldId(error.field));
    const path = parseFieldPath(error.field);
    return path.subfield !== undefined ? field?.fields?.find((f) => f.id === path.subfield) : field;
  };
  const messageAt = (path: string) => {
    const error = errors.find((e) => e.field === path);
    return error ? fieldErrorMessage(t, language, error, definitionOf(error) as FieldDefinition | undefined) : null;
  };
  const summary = errors.map((error) => {
    const field = byId.get(topFieldId(error.field));
    const path = parseFieldPath(error.field);
    const sub = definitionOf(error);
    const where = field
      ? path.index !== undefined
        ? `${pick(field.label)}, ${t('fields.person.item', { number: path.index + 1 })}, ${sub ? pick(sub.label) : ''}: `
        : `${pick(field.label)}: `
      : '';
    return {
      targetId: errorTargetId(field, error),
      text: `${where}${fieldErrorMessage(t, language, error, sub as FieldDefinition | undefined)}`,
    };
  });
  const step = pages.findIndex((p) => p.id === page.id) + 1;

  return (
    <div className="screen">
      <BackLink onBack={back} />
      {restored && (
        <div className="banner banner--info" role="status" data-testid="restored-notice">
          <p className="banner__text">{t('form.restored')}</p>
        </div>
      )}
      {errors.length > 0 && <ErrorSummary items={summary} attempt={errorAttempt} />}
      <MigrationNotice />
      <p className="caption" data-testid="progress">
        {t('form.progress', { current: step, total: pages.length })}
      </p>
      <ScreenHeading focusOnMount={errors.length === 0 && !focusFieldId && !(migration && !migrationAnnounced)}>
        {pick(page.title)}
      </ScreenHeading>
      {page.intro && <p className="lead">{pick(page.intro)}</p>}
      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          continueFromPage();
        }}
      >
        {fields.map((field) => (
          <FieldControl
            key={field.id}
            field={field}
            value={answers[field.id]}
            error={messageAt(field.id)}
            messageAt={messageAt}
            onChange={(value) => setAnswer(field.id, value)}
          />
        ))}
        <div className="action-bar">
          <button type="submit" className="button button--primary button--wide" data-testid="continue">
            {t('form.continue')}
          </button>
          <ContinueLaterButton />
          <SaveStatus />
        </div>
      </form>
    </div>
  );
}
