import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n';
import { useApplication } from '../stores/application';
import { changesByKind } from './migration';

/**
 * The form changed under a saved application: what is new, what must be
 * answered again, what went away, by the questions' labels in the chosen
 * language. It takes focus the first time; "Got it" hides it for the session.
 */
export function MigrationNotice() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const migration = useApplication((s) => s.migration);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const state = useApplication.getState();
    if (!state.migration || state.migrationAnnounced) return;
    headingRef.current?.focus({ preventScroll: true });
    state.migrationShown();
  }, [migration]);

  if (!migration) return null;

  const dismiss = () => {
    useApplication.getState().dismissMigration();
    document.querySelector<HTMLElement>('#main h1')?.focus({ preventScroll: true });
  };

  return (
    <div className="notice" role="status" aria-labelledby="migration-title" data-testid="migration-notice">
      <h2 ref={headingRef} id="migration-title" tabIndex={-1} className="notice__title">
        {t('migration.title')}
      </h2>
      <p>{t('migration.lead')}</p>
      {changesByKind(migration.changes).map((group) => (
        <section key={group.kind} className="notice__group" aria-labelledby={`migration-${group.kind}`} data-kind={group.kind}>
          <h3 id={`migration-${group.kind}`} className="notice__group-title">
            {t(`migration.${group.kind}`)}
          </h3>
          <ul className="notice__list">
            {group.changes.map((change) => (
              <li key={change.fieldId} data-testid={`migration-${group.kind}-${change.fieldId}`}>
                {pick(change.label)}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <button type="button" className="button button--secondary" data-testid="migration-dismiss" onClick={dismiss}>
        {t('migration.dismiss')}
      </button>
    </div>
  );
}
