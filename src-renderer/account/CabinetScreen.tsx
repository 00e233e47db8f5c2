import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDraft, CabinetApplication, CabinetResponse, Notice } from '../../src-shared/accounts/wire';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { formatDate } from '../format';
import { useLanguage } from '../i18n';
import { lookupCodeForDisplay } from '../status/explanations';
import { useApplication } from '../stores/application';
import { useCabinet } from '../stores/cabinet';
import { useNavigation, type CabinetMessage } from '../stores/navigation';
import { ScreenHeading } from '../ui/ScreenHeading';
import { AccountProblem } from './AccountUnavailable';
import { CabinetLoadProblem, cabinetReading, useCabinetData, useServiceName } from './cabinet-data';
import { MyData } from './MyData';
import '../status/status.css';
import './account.css';

function ApplicationsSection({ applications }: { applications: CabinetApplication[] }) {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const serviceName = useServiceName();
  return (
    <section className="cabinet-section" aria-labelledby="cabinet-applications-title" data-testid="cabinet-applications">
      <h2 id="cabinet-applications-title" className="heading-m">
        {t('account.cabinet.applicationsTitle')}
      </h2>
      {applications.length === 0 ? (
        <p className="note">{t('account.cabinet.noApplications')}</p>
      ) : (
        <ul className="cabinet-list">
          {applications.map((application) => {
            const reading = cabinetReading(application.state);
            return (
              <li key={application.applicationId}>
                <button
                  type="button"
                  className="cabinet-card"
                  data-testid={`cabinet-application-${application.lookupCode}`}
                  data-state={application.state}
                  onClick={() => go({ name: 'cabinetApplication', applicationId: application.applicationId })}
                >
                  <span className="cabinet-card__title">{serviceName(application.serviceId, application.variantId)}</span>
                  <span className={`state-chip state-chip--${reading.tone}`}>{t(reading.titleKey)}</span>
                  <span className="cabinet-card__meta">
                    {application.submittedAt && (
                      <span className="cabinet-card__fact">{t('account.cabinet.submittedOn', { date: formatDate(application.submittedAt) })}</span>
                    )}
                    <span className="cabinet-card__fact">
                      {application.registrationNumber
                        ? t('account.cabinet.registrationNumber', { number: application.registrationNumber })
                        : t('account.cabinet.lookupCode', { code: lookupCodeForDisplay(application.lookupCode) })}
                    </span>
                  </span>
                  <span className="cabinet-card__more" aria-hidden="true">
                    {t('account.cabinet.more')} ›
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function DraftsSection({ drafts }: { drafts: AccountDraft[] }) {
  const { t } = useTranslation();
  const serviceName = useServiceName();
  const [opening, setOpening] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const open = async (draftId: string) => {
    setOpening(draftId);
    setProblem(null);
    try {
      const draft = await api.openAccountDraft({ draftId });
      const opened = await useApplication.getState().reopen(draft, { restored: true });
      if (!opened) throw new Error('form gone');
    } catch (error) {
      const refused = apiProblemOf(error);
      setProblem(refused.code === 'internal' ? { code: 'form.unknown', params: {} } : refused);
      setOpening(null);
    }
  };
  return (
    <section className="cabinet-section" aria-labelledby="cabinet-drafts-title" data-testid="cabinet-drafts">
      <h2 id="cabinet-drafts-title" className="heading-m">
        {t('account.cabinet.draftsTitle')}
      </h2>
      {problem && <AccountProblem problem={problem} testId="draft-error" />}
      {drafts.length === 0 ? (
        <p className="note">{t('account.cabinet.noDrafts')}</p>
      ) : (
        <>
          <ul className="cabinet-list">
            {drafts.map((draft) => (
              <li key={draft.id} className="cabinet-row" data-testid={`cabinet-draft-${draft.serviceId}`}>
                <div className="cabinet-row__text">
                  <span className="cabinet-card__title">{serviceName(draft.serviceId, draft.variantId)}</span>
                  <span className="cabinet-card__meta">{t('account.cabinet.draftSaved', { date: formatDate(draft.updatedAt) })}</span>
                </div>
                <button
                  type="button"
                  className="button button--primary"
                  data-testid="cabinet-draft-open"
                  aria-disabled={opening !== null}
                  onClick={() => opening === null && void open(draft.id)}
                >
                  {opening === draft.id ? t('account.cabinet.opening') : t('account.cabinet.continueDraft')}
                </button>
              </li>
            ))}
          </ul>
          <p className="note">{t('account.cabinet.draftFilesNote')}</p>
        </>
      )}
    </section>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const [marking, setMarking] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const unread = notice.readAt === null;
  const markRead = async () => {
    setMarking(true);
    setProblem(null);
    try {
      await api.markNoticeRead({ noticeId: notice.id });
      useCabinet.getState().noticeRead(notice.id, new Date().toISOString());
    } catch (error) {
      setProblem(apiProblemOf(error));
    }
    setMarking(false);
  };
  return (
    <li className={`notice-item${unread ? ' notice-item--unread' : ''}`} data-testid="cabinet-notice" data-read={!unread}>
      <h3 className="notice-item__title">
        {unread && <span className="notice-item__badge">{t('account.cabinet.newNotice')}</span>} {pick(notice.title)}
      </h3>
      <p className="cabinet-card__meta">{formatDate(notice.sentAt)}</p>
      <p className="notice-item__body">{pick(notice.body)}</p>
      {problem && <AccountProblem problem={problem} testId="notice-error" />}
      {unread && (
        <button type="button" className="button button--secondary button--small" data-testid="notice-mark-read" aria-disabled={marking} onClick={() => !marking && void markRead()}>
          {t('account.cabinet.markRead')}
        </button>
      )}
    </li>
  );
}

function NoticesSection({ notices }: { notices: Notice[] }) {
  const { t } = useTranslation();
  const unread = notices.filter((n) => n.readAt === null).length;
  return (
    <section className="cabinet-section" aria-labelledby="cabinet-notices-title" data-testid="cabinet-notices">
      <h2 id="cabinet-notices-title" className="heading-m">
        {t('account.cabinet.noticesTitle')}
        {unread > 0 && <span className="count-badge">{t('account.cabinet.unreadCount', { count: unread })}</span>}
      </h2>
      {notices.length === 0 ? (
        <p className="note">{t('account.cabinet.noNotices')}</p>
      ) : (
        <ul className="notice-list">
          {notices.map((notice) => (
            <NoticeItem key={notice.id} notice={notice} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ManageSection() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  return (
    <section className="cabinet-section" aria-labelledby="cabinet-manage-title">
      <h2 id="cabinet-manage-title" className="heading-m">
        {t('account.cabinet.manageTitle')}
      </h2>
      <div className="manage-list">
        <button type="button" className="button button--secondary" data-testid="go-change-password" onClick={() => go({ name: 'changePassword' })}>
          {t('account.password.changeTitle')}
        </button>
        <button type="button" className="button button--secondary" data-testid="go-report-misuse" onClick={() => go({ name: 'reportMisuse' })}>
          {t('account.misuse.link')}
        </button>
        <button type="button" className="button button--secondary button--danger" data-testid="go-delete-account" onClick={() => go({ name: 'deleteAccount' })}>
          {t('account.delete.link')}
        </button>
      </div>
    </section>
  );
}

function Sections({ cabinet }: { cabinet: CabinetResponse }) {
  return (
    <div className="cabinet" data-testid="cabinet">
      <div className="cabinet__main">
        {cabinet.notices.some((n) => n.readAt === null) && <NoticesSection notices={cabinet.notices} />}
        <ApplicationsSection applications={cabinet.applications} />
        <DraftsSection drafts={cabinet.drafts} />
        {!cabinet.notices.some((n) => n.readAt === null) && <NoticesSection notices={cabinet.notices} />}
      </div>
      <div className="cabinet__side">
        <MyData account={cabinet.account} />
        <ManageSection />
      </div>
    </div>
  );
}

/**
 * The personal cabinet: my applications with their statuses, applications
 * kept to finish later, notices from the service, my data, and what can be
 * done with the account. Unread notices come first; "Чыгуу" is in the header.
 */
export function CabinetScreen({ message }: { message?: CabinetMessage }) {
  const { t } = useTranslation();
  const { cabinet, loading } = useCabinetData();
  const go = useNavigation((s) => s.go);
  return (
    <div className="screen account-screen">
      <ScreenHeading>{t('account.cabinet.title')}</ScreenHeading>
      {message && (
        <div className="banner banner--success" role="status" data-testid="cabinet-message" data-message={message}>
          <p className="banner__text">{t(`account.cabinet.message.${message}`)}</p>
        </div>
      )}
      {cabinet && (
        <p className="lead" data-testid="cabinet-greeting">
          {t('account.cabinet.greeting', { name: cabinet.account.fullName, login: cabinet.account.login })}
        </p>
      )}
      <div className="cabinet-start">
        <button type="button" className="button button--primary" data-testid="cabinet-new-application" onClick={() => go({ name: 'home' })}>
          {t('account.cabinet.newApplication')}
        </button>
      </div>
      <CabinetLoadProblem />
      {!cabinet && loading.phase === 'loading' && (
        <p className="note" role="status">
          {t('account.loading')}
        </p>
      )}
      {cabinet && <Sections cabinet={cabinet} />}
    </div>
  );
}
