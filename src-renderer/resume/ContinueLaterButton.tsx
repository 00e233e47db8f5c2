import { useTranslation } from 'react-i18next';
import { useAccount } from '../stores/account';
import { useApplication } from '../stores/application';

/** While signed in, beside "Continue later": keep the draft in the account instead of taking a code. */
function SaveToAccountButton() {
  const { t } = useTranslation();
  const saving = useApplication((s) => s.savingToAccount);
  return (
    <button
      type="button"
      className="button button--secondary"
      data-testid="save-to-account"
      aria-disabled={saving}
      onClick={() => void useApplication.getState().saveToAccount()}
    >
      {saving ? t('resume.suspending') : t('resume.saveToAccount')}
    </button>
  );
}

/** "Continue later" beside Continue and Submit: saves, and gives a code to come back with (or keeps it in the account). */
export function ContinueLaterButton() {
  const { t } = useTranslation();
  const suspending = useApplication((s) => s.suspending);
  // Not while new terms wait for an answer: the service takes nothing else until then.
  const signedIn = useAccount((s) => s.state.status === 'signedIn');
  return (
    <>
      {signedIn && <SaveToAccountButton />}
      <button
        type="button"
        className="button button--secondary"
        data-testid="continue-later"
        aria-disabled={suspending}
        onClick={() => void useApplication.getState().continueLater()}
      >
        {suspending ? t('resume.suspending') : signedIn ? t('resume.continueLaterCode') : t('resume.continueLater')}
      </button>
    </>
  );
}
