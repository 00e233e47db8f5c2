import { useTranslation } from 'react-i18next';
import { useApplication } from '../stores/application';

/** "Continue later" beside Continue and Submit: saves, and gives a code to come back with. */
export function ContinueLaterButton() {
  const { t } = useTranslation();
  const suspending = useApplication((s) => s.suspending);
  return (
    <button
      type="button"
      className="button button--secondary"
      data-testid="continue-later"
      aria-disabled={suspending}
      onClick={() => void useApplication.getState().continueLater()}
    >
      {suspending ? t('resume.suspending') : t('resume.continueLater')}
    </button>
  );
}
