import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { findService } from '../../src-shared/catalog/schema';
import type { StatusEntry } from '../../src-shared/applications/status';
import type { StatusReport } from '../../src-shared/contract';
import type { Localized } from '../../src-shared/language';
import { formatDate, formatTime } from '../format';
import { useLanguage } from '../i18n';
import { OperatorContacts } from '../catalog/OperatorContacts';
import { ServiceSummaryRow } from '../catalog/ServiceSummaryRow';
import { useKiosk } from '../stores/kiosk';
import { currentReason, historyOldestFirst, lookupCodeForDisplay, readingOf, showsOfflineNote, type StateReading } from './explanations';

export function useDateTime() {
  const { t } = useTranslation();
  return (at: string) => t('receipt.dateTime', { date: formatDate(at), time: formatTime(at) });
}

/** The state in words, what it means for the citizen, and the reason given with it: in a box whose colour agrees. */
export function StatusStateBox({ reading, reason }: { reading: StateReading; reason: Localized | null }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  return (
    <div className={`status-state status-state--${reading.tone}`}>
      <p className="status-state__label">{t('status.stateLabel')}</p>
      <p className="status-state__title" data-testid="status-state">
        {t(reading.titleKey)}
      </p>
      <p className="status-state__next" data-testid="status-next">
        {t(reading.nextKey)}
      </p>
      {reason && (
        <p className="status-state__reason" data-testid="status-reason">
          <strong>{t(reading.reasonKey)}:</strong> {pick(reason)}
        </p>
      )}
    </div>
  );
}

/** How the application got where it is, oldest step first; nothing when there is no step yet. */
export function StatusHistory({ history: given }: { history: readonly StatusEntry[] }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const dateTime = useDateTime();
  const history = historyOldestFirst(given);
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="status-history-title">
      <h2 id="status-history-title" className="heading-m">
        {t('status.historyTitle')}
      </h2>
      <ol className="timeline" data-testid="status-history">
        {history.map((step, index) => (
          <li key={`${step.at}-${index}`} className="timeline__step" data-state={step.state}>
            <span className="timeline__when">{dateTime(step.at)}</span>
            <span className="timeline__state">{t(readingOf(step.state).titleKey)}</span>
            {step.reason && (
              <span className="timeline__reason">
                {t(readingOf(step.state).reasonKey)}: {pick(step.reason)}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Where the application stands, what that means for the citizen, and how it got there. */
export function StatusResult({ report, onAgain }: { report: StatusReport; onAgain: () => void }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const catalog = useKiosk((s) => s.catalog);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  const service = catalog ? findService(catalog, report.serviceId) : undefined;
  const variant = service?.variants.find((v) => v.id === report.variantId);
  const reading = readingOf(report.state);
  const reason = currentReason(report);

  return (
    <section
      className="status-result"
      aria-labelledby="status-title"
      data-testid="status-result"
      data-state={report.state}
      data-source={report.source}
    >
      <h1 ref={headingRef} id="status-title" tabIndex={-1} className="heading-xl">
        {t('status.resultTitle')}
      </h1>

      {showsOfflineNote(report) && (
        <div className="banner banner--warning" data-testid="status-offline-note">
          <p className="banner__text">
            {t('status.offlineNote', { date: formatDate(report.knownAt), time: formatTime(report.knownAt) })}
          </p>
        </div>
      )}

      <StatusStateBox reading={reading} reason={reason} />

      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('status.codeLabel')}</dt>
          <dd className="summary-list__value status-code" data-testid="status-code">
            {lookupCodeForDisplay(report.lookupCode)}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('status.registrationNumber')}</dt>
          <dd className="summary-list__value" data-testid="status-registration-number">
            {report.registrationNumber ?? t('status.noRegistrationNumber')}
          </dd>
        </div>
        {service && <ServiceSummaryRow service={service} variant={variant} />}
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('receipt.submittedAt')}</dt>
          <dd className="summary-list__value" data-testid="status-submitted">
            {dateTime(report.submittedAt)}
          </dd>
        </div>
      </dl>

      <StatusHistory history={report.history} />

      {catalog && <OperatorContacts operator={catalog.operator} />}

      <div className="action-bar">
        <button type="button" className="button button--primary button--wide" data-testid="status-again" onClick={onAgain}>
          {t('status.again')}
        </button>
      </div>
    </section>
  );
}
