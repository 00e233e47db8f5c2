import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { ModalDialog } from '../ui/ModalDialog';
import { ScreenHeading } from '../ui/ScreenHeading';
import { ClerkProblem } from './parts';

function ConfirmExit({ onCancel, onExited }: { onCancel(): void; onExited(problem: ApiProblem | null): void }) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const exit = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await api.exitKioskMode({});
      onExited(null);
    } catch (error) {
      onExited(apiProblemOf(error));
    }
  };
  return (
    // The safe answer has the focus: Enter by habit does not leave kiosk mode.
    <ModalDialog
      titleId="clerk-exit-title"
      describedBy="clerk-exit-text"
      className="clerk-dialog"
      testId="clerk-exit-dialog"
      role="alertdialog"
      initialFocus={cancelRef}
      onClose={onCancel}
    >
      <h2 id="clerk-exit-title" tabIndex={-1} className="heading-l">
        {t('clerk.maintenance.confirmTitle')}
      </h2>
      <p id="clerk-exit-text" className="modal__text">
        {t('clerk.maintenance.confirmText')}
      </p>
      <div className="clerk-dialog__actions">
        <button ref={cancelRef} type="button" className="button button--secondary" data-testid="clerk-exit-cancel" onClick={onCancel}>
          {t('clerk.maintenance.cancel')}
        </button>
        <button type="button" className="button button--danger" data-testid="clerk-exit-confirm" aria-disabled={busy} onClick={() => void exit()}>
          {t('clerk.maintenance.confirm')}
        </button>
      </div>
    </ModalDialog>
  );
}

/** Leaving kiosk mode for maintenance (admin only): the shell shows the desktop or closes the browser. */
export function ClerkMaintenance() {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [exiting, setExiting] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="screen clerk-screen" data-testid="clerk-maintenance">
      <ScreenHeading>{t('clerk.maintenance.title')}</ScreenHeading>
      <p className="lead">{t('clerk.maintenance.lead')}</p>
      <ClerkProblem problem={problem} />
      {exiting ? (
        <p className="panel panel--info" role="status" data-testid="clerk-exiting">
          {t('clerk.maintenance.exiting')}
        </p>
      ) : (
        <button ref={openerRef} type="button" className="button button--danger" data-testid="clerk-exit" onClick={() => setAsking(true)}>
          {t('clerk.maintenance.exit')}
        </button>
      )}
      {asking && (
        <ConfirmExit
          onCancel={() => {
            setAsking(false);
            openerRef.current?.focus();
          }}
          onExited={(failed) => {
            setAsking(false);
            setProblem(failed);
            setExiting(failed === null);
          }}
        />
      )}
    </div>
  );
}
