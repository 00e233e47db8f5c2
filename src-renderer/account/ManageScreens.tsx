import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH, checkPassword } from '../../src-shared/accounts/rules';
import type { FieldError } from '../../src-shared/errors';
import { ApiCallError, api, apiProblemOf, type ApiProblem } from '../api/client';
import { formatDate, formatTime } from '../format';
import { wipeSession } from '../session/wipe';
import { useAccount } from '../stores/account';
import { useCabinet } from '../stores/cabinet';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';
import { AccountField } from './AccountField';
import { AccountProblem } from './AccountUnavailable';
import { accountFieldMessage } from './messages';
import { passwordRules } from './registration';
import { RuleList } from './RuleList';
import './account.css';

const LATIN = { 'data-osk-alphabet': 'latin', autoCapitalize: 'off', inputMode: 'text' } as const;

function useLogin(): string {
  return useAccount((s) => (s.state.status === 'signedIn' ? s.state.account.login : s.state.status === 'termsPending' ? s.state.login : ''));
}

/** The account's session is over once it is locked or deleted: the renderer forgets it at once. */
function signedOutHere(): void {
  useAccount.getState().apply({ status: 'signedOut' });
  useCabinet.getState().reset();
}

/** Current password and a new one, the new one judged by the shared rules as it is typed. */
export function ChangePasswordScreen() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const login = useLogin();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const found: FieldError[] = [];
    if (current === '') found.push({ field: 'currentPassword', code: 'account.currentMissing' });
    const nextProblem = next === '' ? 'required' : checkPassword(next, login);
    if (nextProblem) found.push({ field: 'newPassword', code: nextProblem, params: { min: PASSWORD_MIN_LENGTH } });
    setProblem(null);
    setErrors(found);
    if (found.length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await api.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      go({ name: 'cabinet', message: 'passwordChanged' });
    } catch (error) {
      setBusy(false);
      const refused = apiProblemOf(error);
      setCurrent('');
      if (refused.code === 'account.passwordWrong') {
        setErrors([{ field: 'currentPassword', code: 'account.passwordWrong' }]);
      } else if (refused.code === 'account.invalid' && error instanceof ApiCallError && error.fields.length > 0) {
        setErrors(error.fields.map((f) => ({ ...f, field: f.field === 'password' ? 'newPassword' : f.field })));
      } else {
        setProblem(refused);
      }
      setAttempt((n) => n + 1);
    }
  };

  const messageOf = (field: string) => {
    const error = errors.find((e) => e.field === field);
    if (!error) return null;
    return error.code.startsWith('account.') ? t(`account.password.${error.code.slice('account.'.length)}`) : accountFieldMessage(t, error);
  };
  const summary = errors.map((error) => ({
    targetId: error.field === 'currentPassword' ? 'current-password' : 'new-password',
    text: messageOf(error.field) ?? '',
  }));

  return (
    <div className="screen account-screen">
      <BackLink onBack={() => go({ name: 'cabinet' })} />
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      {problem && <AccountProblem problem={problem} />}
      <ScreenHeading focusOnMount={summary.length === 0}>{t('account.password.changeTitle')}</ScreenHeading>
      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <AccountField
          id="current-password"
          testId="current-password"
          label={t('account.password.current')}
          error={messageOf('currentPassword')}
          value={current}
          onChange={(value) => {
            setCurrent(value);
            setErrors((shown) => shown.filter((e) => e.field !== 'currentPassword'));
          }}
          hints={LATIN}
          secret
        />
        <AccountField
          id="new-password"
          testId="new-password"
          label={t('account.password.new')}
          error={messageOf('newPassword')}
          value={next}
          onChange={(value) => {
            setNext(value);
            setErrors((shown) => shown.filter((e) => e.field !== 'newPassword' || (value !== '' && checkPassword(value, login) !== null)));
          }}
          hints={LATIN}
          secret
        >
          <RuleList rules={passwordRules(next, login)} messageKey="account.rules.password" testId="password-rules" params={{ min: PASSWORD_MIN_LENGTH }} />
        </AccountField>
        <div className="action-bar">
          <button type="submit" className="button button--primary button--wide" data-testid="change-password-submit" aria-disabled={busy}>
            {busy ? t('account.saving') : t('account.password.changeSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}

/**
 * "Someone else used my account / my password leaked" (agreement 2.7): what
 * happens said before it happens, and one button to do it. The account is
 * locked at once everywhere; only a clerk who has seen the passport opens it.
 */
export function ReportMisuseScreen() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const report = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    useAccount.getState().expectSignOut();
    try {
      await api.reportMisuse({});
      signedOutHere();
      go({ name: 'misuseReported' });
    } catch (error) {
      useAccount.getState().stayed();
      setProblem(apiProblemOf(error));
      setBusy(false);
    }
  };
  return (
    <div className="screen account-screen">
      <BackLink onBack={() => go({ name: 'cabinet' })} />
      {problem && <AccountProblem problem={problem} />}
      <ScreenHeading>{t('account.misuse.title')}</ScreenHeading>
      <p className="lead">{t('account.misuse.lead')}</p>
      <h2 className="heading-m">{t('account.misuse.whatHappens')}</h2>
      <ul className="consequences" data-testid="misuse-consequences">
        <li>{t('account.misuse.locked')}</li>
        <li>{t('account.misuse.sessions')}</li>
        <li>{t('account.misuse.clerk')}</li>
        <li>{t('account.misuse.applications')}</li>
      </ul>
      <div className="warning-text">
        <span className="warning-text__icon" aria-hidden="true">
          !
        </span>
        <p className="warning-text__text">
          <span className="visually-hidden">{t('resumeTicket.warningPrefix')} </span>
          {t('account.misuse.warning')}
        </p>
      </div>
      <div className="action-bar">
        <button type="button" className="button button--primary button--danger-fill button--wide" data-testid="misuse-confirm" aria-disabled={busy} onClick={() => void report()}>
          {busy ? t('account.saving') : t('account.misuse.confirm')}
        </button>
        <button type="button" className="button button--secondary" data-testid="misuse-cancel" onClick={() => go({ name: 'cabinet' })}>
          {t('account.cancel')}
        </button>
      </div>
    </div>
  );
}

/** After the report: locked, signed out, and where to go with the passport. */
export function MisuseReportedScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen account-screen">
      <div className="panel panel--info" data-testid="misuse-reported">
        <FocusedTitle>{t('account.misuse.doneTitle')}</FocusedTitle>
        <p className="panel__label">{t('account.misuse.doneText')}</p>
      </div>
      <p className="lead">{t('account.misuse.doneNext')}</p>
      <DoneBar />
    </div>
  );
}

/**
 * Deleting the account (agreement 2.10): what happens now, during the
 * month and after it, in plain words; then the password again, so nobody
 * deletes an account left open by someone else.
 */
export function DeleteAccountScreen() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    setProblem(null);
    if (password === '') {
      setError('currentMissing');
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    useAccount.getState().expectSignOut();
    try {
      const { restoreUntil } = await api.deleteAccount({ password });
      setPassword('');
      signedOutHere();
      go({ name: 'accountDeleted', restoreUntil });
    } catch (caught) {
      useAccount.getState().stayed();
      setBusy(false);
      setPassword('');
      const refused = apiProblemOf(caught);
      if (refused.code === 'account.passwordWrong') setError('passwordWrong');
      else setProblem(refused);
      setAttempt((n) => n + 1);
    }
  };

  const message = error ? t(`account.password.${error}`) : null;
  return (
    <div className="screen account-screen">
      <BackLink onBack={() => go({ name: 'cabinet' })} />
      {message && <ErrorSummary items={[{ targetId: 'delete-password', text: message }]} attempt={attempt} />}
      {problem && <AccountProblem problem={problem} />}
      <ScreenHeading focusOnMount={!message}>{t('account.delete.title')}</ScreenHeading>
      <h2 className="heading-m">{t('account.delete.whatHappens')}</h2>
      <ol className="consequences consequences--timeline" data-testid="delete-consequences">
        <li>
          <strong>{t('account.delete.nowTitle')}</strong> {t('account.delete.now')}
        </li>
        <li>
          <strong>{t('account.delete.monthTitle')}</strong> {t('account.delete.month')}
        </li>
        <li>
          <strong>{t('account.delete.afterTitle')}</strong> {t('account.delete.after')}
        </li>
      </ol>
      <p className="note">{t('account.delete.applications')}</p>
      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <AccountField
          id="delete-password"
          testId="delete-password"
          label={t('account.delete.passwordLabel')}
          hint={t('account.delete.passwordHint')}
          error={message}
          value={password}
          onChange={(value) => {
            setPassword(value);
            setError(null);
          }}
          hints={LATIN}
          secret
        />
        <div className="action-bar">
          <button type="submit" className="button button--primary button--danger-fill button--wide" data-testid="delete-confirm" aria-disabled={busy}>
            {busy ? t('account.saving') : t('account.delete.confirm')}
          </button>
          <button type="button" className="button button--secondary" data-testid="delete-cancel" onClick={() => go({ name: 'cabinet' })}>
            {t('account.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** After deleting: until when it can be restored, and how; the session has ended. */
export function AccountDeletedScreen({ restoreUntil }: { restoreUntil: string }) {
  const { t } = useTranslation();
  return (
    <div className="screen account-screen">
      <div className="panel panel--info" data-testid="account-deleted">
        <FocusedTitle>{t('account.delete.doneTitle')}</FocusedTitle>
        <p className="panel__label">{t('account.delete.restoreUntilLabel')}</p>
        <p className="panel__number" data-testid="restore-until">
          {t('account.delete.restoreUntil', { date: formatDate(restoreUntil), time: formatTime(restoreUntil) })}
        </p>
      </div>
      <h2 className="heading-m">{t('account.delete.howRestore')}</h2>
      <ol className="steps">
        <li>{t('account.delete.restoreStepHome', { button: t('account.entry.login') })}</li>
        <li>{t('account.delete.restoreStepLink', { link: t('account.signIn.restoreLink') })}</li>
        <li>{t('account.delete.restoreStepCredentials')}</li>
      </ol>
      <p className="note">{t('account.delete.afterMonth')}</p>
      <DoneBar />
    </div>
  );
}

function FocusedTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="panel__title">
      {children}
    </h1>
  );
}

/** "Done": the kiosk is left clean for the next person. */
function DoneBar() {
  const { t } = useTranslation();
  return (
    <div className="action-bar">
      <button type="button" className="button button--primary button--wide" data-testid="account-done" onClick={() => void wipeSession()}>
        {t('receipt.done')}
      </button>
    </div>
  );
}
