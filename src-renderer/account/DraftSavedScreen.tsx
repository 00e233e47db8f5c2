import { useTranslation } from 'react-i18next';
import { wipeSession } from '../session/wipe';
import { useNavigation } from '../stores/navigation';
import { ScreenHeading } from '../ui/ScreenHeading';
import './account.css';

/** After "Save to my account": where the application waits, and that attached files stay at this kiosk. */
export function DraftSavedScreen({ withoutFiles }: { withoutFiles: boolean }) {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  return (
    <div className="screen account-screen" data-testid="draft-saved-to-account">
      <div className="panel panel--info">
        <ScreenHeading>{t('account.draftSaved.title')}</ScreenHeading>
        <p className="panel__label">{t('account.draftSaved.where', { section: t('account.cabinet.draftsTitle') })}</p>
      </div>
      {withoutFiles && (
        <div className="warning-text" data-testid="draft-saved-files">
          <span className="warning-text__icon" aria-hidden="true">
            !
          </span>
          <p className="warning-text__text">
            <span className="visually-hidden">{t('resumeTicket.warningPrefix')} </span>
            {t('account.draftSaved.files')}
          </p>
        </div>
      )}
      <div className="action-bar">
        <button type="button" className="button button--primary button--wide" data-testid="go-cabinet" onClick={() => go({ name: 'cabinet' })}>
          {t('account.entry.cabinet')}
        </button>
        <button type="button" className="button button--secondary" data-testid="account-done" onClick={() => void wipeSession()}>
          {t('account.draftSaved.done')}
        </button>
      </div>
    </div>
  );
}
