import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountState } from '../../src-shared/contract';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { useApplication } from '../stores/application';
import { useNavigation, type CabinetMessage } from '../stores/navigation';
import { useSync } from '../stores/sync';
import { BackLink } from '../ui/BackLink';
import { ErrorSummary, type ErrorSummaryItem } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';
import { AccountField } from './AccountField';
import { OfflineNotice } from './AccountUnavailable';
import { accountProblemMessage } from './messages';
import { signedIn } from './signing-in';
import './account.css';

type Mode = 'login' | 'restore';
type Missing = { login: boolean; password: boolean };

const LATIN = { 'data-osk-alphabet': 'latin', autoCapitalize: 'off', inputMode: 'text' } as const;

/** Back from signing in: to the application if one is open, else home. */
function backFromAccount(): void {
  const go = useNavigation.getState().go;
  go(useApplication.getState().draftId !== null ? { name: 'form' } : { name: 'home' });
}

/**
 * Login and password, for signing in or for restoring a deleted account.
 * A refusal never says whether the login exists ("login or password is
 * wrong"); what was typed stays, except the password after a wrong one.
 */
function CredentialsForm({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Missing>({ login: false, password: false });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  // The kiosk already knows the service is out of reach: say so before anything is typed.
  const offline = useSync((s) => s.state?.online === false);

  const call = async (ask: () => Promise<AccountState>, message: CabinetMessage) => {
    setBusy(true);
    setProblem(null);
    try {
      const state = await ask();
      setPassword('');
      signedIn(state, message);
    } catch (error) {
      const refused = apiProblemOf(error);
      setProblem(refused);
      if (refused.code === 'account.credentials' || refused.code === 'account.notRestorable') setPassword('');
      setAttempt((n) => n + 1);
      setBusy(false);
    }
  };

  const submit = () => {
    if (busy) return;
    const nowMissing = { login: login.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.login || nowMissing.password) {
      setProblem(null);
      setAttempt((n) => n + 1);
      return;
    }
    const credentials = { login: login.trim(), password };
    void call(
      () => (mode === 'login' ? api.login(credentials) : api.restoreAccount(credentials)),
      mode === 'login' ? 'signedIn' : 'restored',
    );
  };

  const summary: ErrorSummaryItem[] = [
    ...(missing.login ? [{ targetId: 'account-login', text: t('account.signIn.loginMissing') }] : []),
    ...(missing.password ? [{ targetId: 'account-password', text: t('account.signIn.passwordMissing') }] : []),
  ];
  // Offline and "deleted, restorable" have their own notices; every other refusal is the summary's.
  const refused = problem && problem.code !== 'account.offline' && !(problem.code === 'account.deleted' && mode === 'login');
  if (refused) summary.push({ targetId: 'account-login', text: accountProblemMessage(t, problem) });

  return (
    <div className="screen account-screen">
      <BackLink onBack={backFromAccount} />
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      {(problem?.code === 'account.offline' || (offline && problem === null)) && <OfflineNotice />}
      <ScreenHeading focusOnMount={summary.length === 0}>{t(`account.signIn.${mode}.title`)}</ScreenHeading>
      <p className="lead">{t(`account.signIn.${mode}.lead`)}</p>

      {problem?.code === 'account.deleted' && mode === 'login' && (
        <div className="notice" role="alert" data-testid="login-deleted">
          <p className="notice__title">{accountProblemMessage(t, problem)}</p>
          <button
            type="button"
            className="button button--primary"
            data-testid="login-restore"
            aria-disabled={busy}
            onClick={() => !busy && void call(() => api.restoreAccount({ login: login.trim(), password }), 'restored')}
          >
            {t('account.signIn.restoreNow')}
          </button>
        </div>
      )}

      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <AccountField
          id="account-login"
          testId="login-login"
          label={t('account.fields.login.label')}
          error={missing.login ? t('account.signIn.loginMissing') : null}
          value={login}
          onChange={(value) => {
            setLogin(value);
            if (value.trim() !== '') setMissing((m) => ({ ...m, login: false }));
          }}
          hints={LATIN}
          className="input--login"
        />
        <AccountField
          id="account-password"
          testId="login-password"
          label={t('account.fields.password.label')}
          error={missing.password ? t('account.signIn.passwordMissing') : null}
          value={password}
          onChange={(value) => {
            setPassword(value);
            if (value !== '') setMissing((m) => ({ ...m, password: false }));
          }}
          hints={LATIN}
          secret
        />
        <div className="action-bar">
          <button type="submit" className="button button--primary button--wide" data-testid="login-submit" aria-disabled={busy}>
            {busy ? t('account.signIn.checking') : t(`account.signIn.${mode}.submit`)}
          </button>
        </div>
      </form>
      <SignInHelp mode={mode} />
    </div>
  );
}

/** The other ways from here: register, restore, and what to do about a forgotten password. */
function SignInHelp({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  return (
    <section className="account-help" aria-labelledby="sign-in-help-title">
      <h2 id="sign-in-help-title" className="heading-m">
        {t('account.signIn.helpTitle')}
      </h2>
      <ul className="account-help__list">
        <li>
          <span>{t('account.signIn.noAccount')}</span>{' '}
          <button type="button" className="link-button" data-testid="go-register" onClick={() => go({ name: 'register' })}>
            {t('account.entry.register')}
          </button>
        </li>
        {mode === 'login' ? (
          <li>
            <span>{t('account.signIn.deletedAccount')}</span>{' '}
            <button type="button" className="link-button" data-testid="go-restore" onClick={() => go({ name: 'restoreAccount' })}>
              {t('account.signIn.restoreLink')}
            </button>
          </li>
        ) : (
          <li>
            <span>{t('account.signIn.notDeleted')}</span>{' '}
            <button type="button" className="link-button" data-testid="go-login" onClick={() => go({ name: 'login' })}>
              {t('account.entry.login')}
            </button>
          </li>
        )}
        <li>{t('account.signIn.forgotten')}</li>
        <li>{t('account.signIn.guest')}</li>
      </ul>
    </section>
  );
}

export function LoginScreen() {
  return <CredentialsForm mode="login" />;
}

export function RestoreAccountScreen() {
  return <CredentialsForm mode="restore" />;
}
