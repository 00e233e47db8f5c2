import { useTranslation } from 'react-i18next';
import { useAccount } from '../stores/account';
import { useNavigation } from '../stores/navigation';

/** Screens with their own way in: the sign-in screens, and home (its account panel). */
const SIGN_IN_SCREENS = new Set(['home', 'login', 'register', 'restoreAccount', 'newTerms']);

/**
 * The header's way in: "Кирүү" while nobody is signed in (except where
 * the screen itself offers it), the cabinet with the login while someone is.
 */
export function HeaderAccount() {
  const { t } = useTranslation();
  const state = useAccount((s) => s.state);
  const screen = useNavigation((s) => s.screen.name);
  const go = useNavigation((s) => s.go);
  if (state.status === 'signedOut') {
    if (SIGN_IN_SCREENS.has(screen)) return null;
    return (
      <button type="button" className="header-button header-button--account" data-testid="header-login" onClick={() => go({ name: 'login' })}>
        {t('account.entry.login')}
      </button>
    );
  }
  if (state.status !== 'signedIn') return null;
  return (
    <button
      type="button"
      className="header-button header-button--account"
      data-testid="header-cabinet"
      aria-label={t('account.entry.cabinetOf', { login: state.account.login })}
      aria-current={screen === 'cabinet' ? 'page' : undefined}
      onClick={() => go({ name: 'cabinet' })}
    >
      <span className="header-button__login">{state.account.login}</span>
    </button>
  );
}

/**
 * On the home screen, below the ways back to an application: the personal
 * cabinet, and plainly that no account is needed to apply.
 */
export function HomeAccountPanel() {
  const { t } = useTranslation();
  const state = useAccount((s) => s.state);
  const go = useNavigation((s) => s.go);
  return (
    <section className="home-account" aria-labelledby="home-account-title" data-testid="home-account">
      <div className="home-account__text">
        <h2 id="home-account-title" className="home-account__title">
          {t('account.entry.title')}
        </h2>
        <p className="home-account__lead">
          {state.status === 'signedIn' ? t('account.entry.signedInAs', { login: state.account.login }) : t('account.entry.lead')}
        </p>
      </div>
      <div className="home-account__actions">
        {state.status === 'signedIn' ? (
          <button type="button" className="button button--primary" data-testid="home-cabinet" onClick={() => go({ name: 'cabinet' })}>
            {t('account.entry.cabinet')}
          </button>
        ) : (
          <>
            <button type="button" className="button button--secondary" data-testid="home-login" onClick={() => go({ name: 'login' })}>
              {t('account.entry.login')}
            </button>
            <button type="button" className="button button--secondary" data-testid="home-register" onClick={() => go({ name: 'register' })}>
              {t('account.entry.register')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
