import { useTranslation } from 'react-i18next';
import { useSync } from '../stores/sync';

/**
 * The service revoked this kiosk: said on every screen, because nothing
 * submitted here leaves the kiosk until a clerk acts. Submitting still
 * works; the outbox keeps the applications.
 */
export function RevokedBanner() {
  const { t } = useTranslation();
  const revoked = useSync((s) => s.state?.revoked === true);
  if (!revoked) return null;
  return (
    <div className="banner banner--warning revoked-banner" role="status" data-testid="kiosk-revoked">
      <p className="banner__text">
        <strong>{t('sync.revoked.title')}</strong> <span className="revoked-banner__text">{t('sync.revoked.text')}</span>
      </p>
    </div>
  );
}
