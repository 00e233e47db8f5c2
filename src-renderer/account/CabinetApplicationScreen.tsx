import { useTranslation } from 'react-i18next';
import { currentReason, lookupCodeForDisplay } from '../status/explanations';
import { StatusHistory, StatusStateBox, useDateTime } from '../status/StatusResult';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { ScreenHeading } from '../ui/ScreenHeading';
import { CabinetLoadProblem, cabinetReading, useCabinetData, useServiceName } from './cabinet-data';
import '../status/status.css';
import './account.css';

/** One application of the cabinet: where it stands, in the status screen's words, and its history. */
export function CabinetApplicationScreen({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const { cabinet } = useCabinetData();
  const serviceName = useServiceName();
  const dateTime = useDateTime();
  const application = cabinet?.applications.find((a) => a.applicationId === applicationId);
  const reason =
    application && application.state !== 'notReceived' ? currentReason({ state: application.state, history: application.history }) : null;

  return (
    <div className="screen account-screen">
      <BackLink onBack={() => go({ name: 'cabinet' })} />
      <CabinetLoadProblem />
      {application && (
        <section data-testid="cabinet-application" data-state={application.state}>
          <ScreenHeading>{serviceName(application.serviceId, application.variantId)}</ScreenHeading>
          <StatusStateBox reading={cabinetReading(application.state)} reason={reason} />
          <dl className="summary-list">
            <div className="summary-list__row">
              <dt className="summary-list__key">{t('status.registrationNumber')}</dt>
              <dd className="summary-list__value" data-testid="cabinet-application-number">
                {application.registrationNumber ?? t('status.noRegistrationNumber')}
              </dd>
            </div>
            <div className="summary-list__row">
              <dt className="summary-list__key">{t('status.codeLabel')}</dt>
              <dd className="summary-list__value status-code">{lookupCodeForDisplay(application.lookupCode)}</dd>
            </div>
            {application.submittedAt && (
              <div className="summary-list__row">
                <dt className="summary-list__key">{t('receipt.submittedAt')}</dt>
                <dd className="summary-list__value">{dateTime(application.submittedAt)}</dd>
              </div>
            )}
          </dl>
          <StatusHistory history={application.history} />
        </section>
      )}
      <div className="action-bar">
        <button type="button" className="button button--primary button--wide" data-testid="back-to-cabinet" onClick={() => go({ name: 'cabinet' })}>
          {t('account.cabinet.backToCabinet')}
        </button>
      </div>
    </div>
  );
}
