import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/client';
import { useNavigation } from '../stores/navigation';
import { accountProblemMessage } from './messages';

/**
 * Accounts live in the central service: without a connection this screen
 * cannot work, and says so plainly; applications still can be made, so the
 * way on is offered as the main button.
 */
export function OfflineNotice() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  return (
    <div className="notice notice--offline" role="alert" data-testid="account-offline">
      <h2 className="notice__title">{t('account.offline.title')}</h2>
      <p>{t('account.offline.text')}</p>
      <p>{t('account.offline.guest')}</p>
      <button type="button" className="button button--primary button--wide" data-testid="continue-as-guest" onClick={() => go({ name: 'home' })}>
        {t('account.offline.continueAsGuest')}
      </button>
    </div>
  );
}

/** A refused account call: the offline notice for `account.offline`, else the message in a banner. */
export function AccountProblem({ problem, testId = 'account-error' }: { problem: ApiProblem; testId?: string }) {
  const { t } = useTranslation();
  if (problem.code === 'account.offline') return <OfflineNotice />;
  return (
    <div className="banner banner--error" role="alert" data-testid={testId} data-code={problem.code}>
      <p className="banner__text">{accountProblemMessage(t, problem)}</p>
    </div>
  );
}
