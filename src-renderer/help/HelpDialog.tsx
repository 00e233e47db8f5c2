import { useTranslation } from 'react-i18next';
import { guardedScreen } from '../account/guard';
import { OperatorContacts } from '../catalog/OperatorContacts';
import { useAccount } from '../stores/account';
import { useHelp } from '../stores/help';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { apiErrorMessage } from '../ui/api-error-message';
import { ModalDialog, closeAndRefocus } from '../ui/ModalDialog';
import { HELP_BUTTON_ID } from './HelpButton';
import './help.css';

/** The call's number, large: the clerk comes to whoever shows it. */
function CallNumber({ number }: { number: number }) {
  const { t } = useTranslation();
  return (
    <div className="help-call" role="status" data-testid="clerk-call-number">
      <p className="help-call__label">{t('help.call.yourNumber')}</p>
      <p className="help-call__number">{number}</p>
      <p className="help-call__text">{t('help.call.coming')}</p>
    </div>
  );
}

function HelpDialogBox() {
  const { t } = useTranslation();
  const account = useAccount((s) => s.state);
  const leavingAccount = useAccount((s) => s.leaving);
  const screen = guardedScreen(useNavigation((s) => s.screen), account, leavingAccount);
  const operator = useKiosk((s) => s.catalog?.operator);
  const call = useHelp((s) => s.call);
  const calling = useHelp((s) => s.calling);
  const failure = useHelp((s) => s.failure);
  const close = () => closeAndRefocus(() => useHelp.getState().close(), HELP_BUTTON_ID);

  return (
    <ModalDialog
      titleId="help-dialog-title"
      describedBy="help-step"
      className="help-dialog"
      testId="help-dialog"
      data={{ 'data-screen': screen.name }}
      onClose={close}
      closeOnBackdrop
    >
      <h2 id="help-dialog-title" tabIndex={-1} className="heading-l">
        {t('help.title')}
      </h2>
      <section className="help-dialog__step" aria-labelledby="help-step-title">
        <h3 id="help-step-title" className="heading-m help-dialog__subtitle">
          {t('help.stepTitle')}
        </h3>
        <p id="help-step" data-testid="help-step">
          {t(`help.screens.${screen.name}`)}
        </p>
      </section>
      <section className="help-dialog__clerk" aria-labelledby="help-clerk-title">
        <h3 id="help-clerk-title" className="heading-m help-dialog__subtitle">
          {t('help.call.title')}
        </h3>
        {call ? (
          <CallNumber number={call.number} />
        ) : (
          <>
            <p>{t('help.call.text')}</p>
            <button
              type="button"
              className="button button--primary help-dialog__call"
              data-testid="call-clerk"
              disabled={calling}
              onClick={() => void useHelp.getState().callClerk(screen.name)}
            >
              {calling ? t('help.call.calling') : t('help.call.button')}
            </button>
          </>
        )}
        {failure && (
          <p className="field-error" role="alert" data-testid="call-clerk-error">
            {apiErrorMessage(t, failure.code, failure.params)}
          </p>
        )}
      </section>
      {operator && (
        <div className="help-dialog__contacts">
          <OperatorContacts operator={operator} titleId="help-contacts-title" />
        </div>
      )}
      <button type="button" className="button button--secondary" data-testid="help-close" onClick={close}>
        {t('help.close')}
      </button>
    </ModalDialog>
  );
}

/** What this step needs, the office's contacts and a call for a clerk: from the header, on every screen. */
export function HelpDialog() {
  const open = useHelp((s) => s.open);
  return open ? <HelpDialogBox /> : null;
}
