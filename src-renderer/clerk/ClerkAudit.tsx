import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ScreenHeading } from '../ui/ScreenHeading';
import { useLoaded } from './loading';
import { ClerkProblem, Fact } from './parts';

/** The audit log's hash chain checked from its first entry: whole, or where it breaks. */
export function ClerkAudit() {
  const { t } = useTranslation();
  const check = useLoaded(() => api.verifyAuditLog({}));
  const result = check.data;
  const intact = result?.firstBrokenSeq === null;
  return (
    <div className="screen clerk-screen" data-testid="clerk-audit">
      <ScreenHeading>{t('clerk.audit.title')}</ScreenHeading>
      <p className="lead">{t('clerk.audit.lead')}</p>
      <ClerkProblem problem={check.problem} />
      {result && (
        <>
          <div
            className={`banner ${intact ? 'banner--info' : 'banner--error'}`}
            role={intact ? 'status' : 'alert'}
            data-testid="clerk-audit-result"
            data-intact={String(intact)}
          >
            <p className="banner__text">
              {intact ? t('clerk.audit.intact') : t('clerk.audit.broken', { seq: result.firstBrokenSeq })}
            </p>
          </div>
          <dl className="summary-list">
            <Fact label={t('clerk.audit.entries')} value={String(result.entries)} testId="clerk-audit-entries" />
            <Fact label={t('clerk.audit.syncedThrough')} value={String(result.syncedThrough)} testId="clerk-audit-synced" />
          </dl>
        </>
      )}
      <button type="button" className="button button--secondary" data-testid="clerk-audit-again" aria-disabled={check.loading} onClick={check.reload}>
        {t('clerk.audit.again')}
      </button>
    </div>
  );
}
