import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../src-shared/language';
import { HeaderAccount } from '../account/AccountEntry';
import { DisplayControls } from '../a11y/DisplayControls';
import { ClerkCallChip } from '../help/ClerkCallChip';
import { HelpButton } from '../help/HelpButton';
import { useLanguage } from '../i18n';
import { EXIT_BUTTON_ID } from '../resume/LeaveDialog';
import { isSignedIn, useAccount } from '../stores/account';
import { useApplication } from '../stores/application';
import { useKiosk } from '../stores/kiosk';
import { useLeave } from '../stores/leave';
import { useNavigation } from '../stores/navigation';
import { useSession } from '../stores/session';
import { SyncStatus } from '../sync/SyncStatus';
import { wipeSession } from './wipe';

/** Kyrgyz or Russian, one tap away on every screen: the citizen's header and the clerk's band. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useSession((s) => s.language);
  const setLanguage = useSession((s) => s.setLanguage);
  const choose = (next: Language) => {
    // The screen switches at once; a failed call only means a restart would come back in the old language.
    setLanguage(next).catch(() => {});
  };
  return (
    <div className="language-switch" role="group" aria-label={t('header.languageGroup')}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="header-button"
          aria-pressed={language === code}
          data-testid={`lang-${code}`}
          onClick={() => choose(code)}
        >
          {t(`languages.${code}`)}
        </button>
      ))}
    </div>
  );
}

export function Header() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const operator = useKiosk((s) => s.catalog?.operator);
  const onHome = useNavigation((s) => s.screen.name === 'home');
  // Signed in, "Чыгуу" stays in sight on every screen, the home screen too (agreement 2.7).
  const signedIn = useAccount((s) => isSignedIn(s.state));
  // With an application open, exit asks first: keep it with a code, or delete it.
  const draftOpen = useApplication((s) => s.draftId !== null);
  const exit = () => (draftOpen ? useLeave.getState().show() : void wipeSession());
  return (
    <header className="header">
      <div className="header__inner">
        <div className="header__top">
          <p className="header__operator">{operator ? pick(operator.name) : t('app.title')}</p>
          <ClerkCallChip />
          <SyncStatus />
        </div>
        <div className="header__bottom">
          <LanguageSwitch />
          <DisplayControls />
          <div className="header__session">
            <HelpButton />
            <HeaderAccount />
            {(!onHome || signedIn) && (
              <>
                <button
                  type="button"
                  id={EXIT_BUTTON_ID}
                  className="header-button header-button--exit"
                  data-testid="exit"
                  aria-describedby="exit-hint"
                  aria-haspopup={draftOpen ? 'dialog' : undefined}
                  onClick={exit}
                >
                  {t('header.exit')}
                </button>
                <span id="exit-hint" className="visually-hidden">
                  {draftOpen ? t('header.exitHintDraft') : signedIn ? t('header.exitHintAccount') : t('header.exitHint')}
                </span>
              </>
            )}
          </div>
        </div>
      </div>
    </header>
  );
}
