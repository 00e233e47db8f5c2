import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResumeTicket } from '../../src-shared/contract';
import { api } from '../api/client';
import { formatDate, formatTime } from '../format';
import { useLanguage } from '../i18n';
import { wipeSession } from '../session/wipe';
import { useKiosk } from '../stores/kiosk';
import { PrintButton } from '../ui/PrintButton';
import './resume.css';

/**
 * After "Continue later": the code in a panel, until when it works, where
 * to type it, and to keep it to oneself. Shown once; "Done" ends the session.
 */
export function ResumeTicketScreen({ ticket }: { ticket: ResumeTicket }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const terminal = useKiosk((s) => s.status?.terminalName);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <div className="screen">
      <div className="panel panel--info">
        <h1 ref={headingRef} tabIndex={-1} className="panel__title">
          {t('resumeTicket.title')}
        </h1>
        <p className="panel__label">{t('resumeTicket.codeLabel')}</p>
        <p className="resume-code" data-testid="resume-code">
          {ticket.code}
        </p>
        <p className="panel__label" data-testid="resume-expires">
          {t('resumeTicket.expires', { date: formatDate(ticket.expiresAt), time: formatTime(ticket.expiresAt) })}
        </p>
      </div>

      <div className="print-row">
        <PrintButton
          testId="print-resume-slip"
          label={t('resumeTicket.print')}
          printingLabel={t('resumeTicket.printing')}
          printedText={t('resumeTicket.printed')}
          savedText={t('resumeTicket.saved')}
          print={() => api.printResumeSlip({ draftId: ticket.draftId, code: ticket.code, language })}
        />
      </div>

      <div className="warning-text" data-testid="resume-private">
        <span className="warning-text__icon" aria-hidden="true">
          !
        </span>
        <p className="warning-text__text">
          <span className="visually-hidden">{t('resumeTicket.warningPrefix')} </span>
          {t('resumeTicket.keepPrivate')}
        </p>
      </div>

      <h2 className="heading-m">{t('resumeTicket.howTitle')}</h2>
      <ol className="steps" data-testid="resume-where">
        <li>{terminal ? t('resumeTicket.stepTerminalNamed', { terminal }) : t('resumeTicket.stepTerminal')}</li>
        <li>{t('resumeTicket.stepHome', { button: t('home.resume.title') })}</li>
        <li>{t('resumeTicket.stepCode', { submit: t('resume.submit') })}</li>
      </ol>
      <p className="note">{t('resumeTicket.note')}</p>

      <div className="action-bar">
        <button
          type="button"
          className="button button--primary button--wide"
          data-testid="resume-done"
          onClick={() => void wipeSession()}
        >
          {t('resumeTicket.done')}
        </button>
      </div>
    </div>
  );
}
