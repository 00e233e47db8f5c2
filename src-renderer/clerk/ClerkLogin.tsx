import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { AccountField, type FieldInputHints } from '../account/AccountField';
import { useClerk } from '../stores/clerk';
import { apiErrorMessage } from '../ui/api-error-message';
import { ErrorSummary, type ErrorSummaryItem } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';

/** Digits only: the on-screen keyboard opens its number pad. */
const DIGITS: FieldInputHints = { inputMode: 'numeric', maxLength: 12 };

/**
 * Clerk ID and PIN, checked by the core offline against the list the
 * central service provisioned. A refusal clears the PIN, never the ID; a
 * lock says for how many minutes.
 */
export function ClerkLogin() {
  const { t } = useTranslation();
  const [clerkId, setClerkId] = useState('');
  const [pin, setPin] = useState('');
  const [missing, setMissing] = useState({ clerkId: false, pin: false });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const nowMissing = { clerkId: clerkId.trim() === '', pin: pin === '' };
    setMissing(nowMissing);
    setAttempt((n) => n + 1);
    if (nowMissing.clerkId || nowMissing.pin) {
      setProblem(null);
      return;
    }
    setBusy(true);
    try {
      const state = await api.clerkLogin({ clerkId: clerkId.trim(), pin });
      setPin('');
      useClerk.getState().apply(state);
      useClerk.getState().go({ name: 'calls' });
    } catch (error) {
      setProblem(apiProblemOf(error));
      setPin('');
      setBusy(false);
    }
  };

  const summary: ErrorSummaryItem[] = [
    ...(missing.clerkId ? [{ targetId: 'clerk-id', text: t('clerk.login.idMissing') }] : []),
    ...(missing.pin ? [{ targetId: 'clerk-pin', text: t('clerk.login.pinMissing') }] : []),
    ...(problem ? [{ targetId: 'clerk-pin', text: apiErrorMessage(t, problem.code, problem.params) }] : []),
  ];

  return (
    <div className="screen clerk-screen" data-testid="clerk-login">
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      <ScreenHeading focusOnMount={summary.length === 0}>{t('clerk.login.title')}</ScreenHeading>
      <p className="lead">{t('clerk.login.lead')}</p>
      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <AccountField
          id="clerk-id"
          testId="clerk-login-id"
          label={t('clerk.login.id')}
          error={missing.clerkId ? t('clerk.login.idMissing') : null}
          value={clerkId}
          onChange={(value) => setClerkId(value.replace(/\D/g, ''))}
          hints={DIGITS}
          className="input--number"
        />
        <AccountField
          id="clerk-pin"
          testId="clerk-login-pin"
          label={t('clerk.login.pin')}
          error={missing.pin ? t('clerk.login.pinMissing') : null}
          value={pin}
          onChange={(value) => setPin(value.replace(/\D/g, ''))}
          hints={DIGITS}
          className="input--number"
          secret
        />
        <div className="action-bar">
          <button type="submit" className="button button--primary button--wide" data-testid="clerk-login-submit" aria-disabled={busy}>
            {busy ? t('clerk.login.checking') : t('clerk.login.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
