import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { wipeSession } from '../session/wipe';
import { useAccount } from '../stores/account';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';
import { AccountProblem } from './AccountUnavailable';
import { signedIn } from './signing-in';
import { TermsAcceptance } from './TermsAcceptance';
import { TermsDocument } from './TermsDocument';
import './account.css';

/**
 * A new edition of the terms took effect since the citizen last accepted
 * (agreement 1.2–1.5): read it in full and accept it to go on, or decline,
 * which signs out and leaves the kiosk for the next person.
 */
export function NewTermsScreen() {
  const { t } = useTranslation();
  const state = useAccount((s) => s.state);
  const [accepted, setAccepted] = useState(false);
  const [acceptError, setAcceptError] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  if (state.status !== 'termsPending') return null;
  const { terms } = state;

  const answer = async (accept: boolean) => {
    if (busy) return;
    if (accept && !accepted) {
      setAcceptError(true);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    setProblem(null);
    if (!accept) useAccount.getState().expectSignOut();
    try {
      const next = await api.answerTerms({ version: terms.version, accept });
      if (!accept || next.status === 'signedOut') {
        await wipeSession();
        return;
      }
      signedIn(next, 'termsAccepted');
    } catch (error) {
      const refused = apiProblemOf(error);
      if (!accept) {
        // Declining must end the session whatever the service said: the exit signs out in the core too.
        await wipeSession();
        return;
      }
      if (refused.code === 'account.termsOutdated') {
        // An even newer edition: the core's state now names it.
        await useAccount.getState().refresh();
        setAccepted(false);
      }
      setProblem(refused);
      setBusy(false);
    }
  };

  return (
    <div className="screen account-screen register-terms" data-testid="new-terms">
      {acceptError && <ErrorSummary items={[{ targetId: 'terms-accept', text: t('account.terms.acceptError') }]} attempt={attempt} />}
      {problem && <AccountProblem problem={problem} />}
      <ScreenHeading focusOnMount={!acceptError}>{t('account.newTerms.title')}</ScreenHeading>
      <p className="lead">{t('account.newTerms.lead', { login: state.login })}</p>
      <TermsDocument terms={terms} />
      <div className="action-bar action-bar--terms">
        <TermsAcceptance
          accepted={accepted}
          error={acceptError}
          onChange={(now) => {
            setAccepted(now);
            if (now) setAcceptError(false);
          }}
        />
        <button
          type="button"
          className="button button--primary button--wide"
          data-testid="new-terms-accept"
          aria-disabled={busy}
          onClick={() => void answer(true)}
        >
          {t('account.newTerms.accept')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          data-testid="new-terms-decline"
          aria-disabled={busy}
          onClick={() => void answer(false)}
        >
          {t('account.newTerms.decline')}
        </button>
      </div>
    </div>
  );
}
