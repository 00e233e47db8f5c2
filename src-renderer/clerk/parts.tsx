import { useTranslation } from 'react-i18next';
import { findService } from '../../src-shared/catalog/schema';
import type { ApiProblem } from '../api/client';
import { formatDate, formatTime } from '../format';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { apiErrorMessage } from '../ui/api-error-message';

/** A refused or failed call on a clerk screen, in words; `testId` lets a test read it. */
export function ClerkProblem({ problem, testId = 'clerk-problem' }: { problem: ApiProblem | null; testId?: string }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <div className="banner banner--error" role="alert" data-testid={testId} data-code={problem.code}>
      <p className="banner__text">{apiErrorMessage(t, problem.code, problem.params)}</p>
    </div>
  );
}

/** An instant as a clerk reads it: date and time in Bishkek. */
export function useWhen(): (instant: string) => string {
  const { t } = useTranslation();
  return (instant) => t('clerk.dateTime', { date: formatDate(instant), time: formatTime(instant) });
}

/** The service's name in the screen's language, or its id if the catalog no longer has it. */
export function useServiceName(): (serviceId: string) => string {
  const { pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  return (serviceId) => {
    const service = catalog ? findService(catalog, serviceId) : undefined;
    return service ? pick(service.name) : serviceId;
  };
}

/** One "key: value" row of a clerk card. */
export function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="summary-list__row">
      <dt className="summary-list__key">{label}</dt>
      <dd className="summary-list__value" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
