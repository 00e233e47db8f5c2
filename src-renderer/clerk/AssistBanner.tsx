import { useTranslation } from 'react-i18next';
import { useClerk, useSignedInClerk } from '../stores/clerk';

/**
 * Over the citizen's screens while a clerk helps: the citizen sees who is
 * helping, and the clerk has the way back to the clerk view.
 */
export function AssistBanner() {
  const { t } = useTranslation();
  const clerk = useSignedInClerk();
  if (!clerk) return null;
  return (
    <div className="clerk-assist" role="region" aria-label={t('clerk.assist.label')} data-testid="clerk-assist">
      <p className="clerk-assist__text">{t('clerk.assist.text', { name: clerk.name })}</p>
      <button type="button" className="header-button clerk-band__end" data-testid="clerk-assist-back" onClick={() => useClerk.getState().go({ name: 'find' })}>
        {t('clerk.assist.back')}
      </button>
    </div>
  );
}
