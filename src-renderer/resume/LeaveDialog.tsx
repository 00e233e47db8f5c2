import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiProblemOf, type ApiProblem } from '../api/client';
import { wipeSession } from '../session/wipe';
import { useAccount } from '../stores/account';
import { useAlert } from '../stores/alert';
import { useApplication } from '../stores/application';
import { useLeave } from '../stores/leave';
import { apiErrorMessage } from '../ui/api-error-message';
import { ModalDialog, closeAndRefocus } from '../ui/ModalDialog';
import './resume.css';

/** The exit button's id: focus goes back there when the dialog closes. */
export const EXIT_BUTTON_ID = 'exit-button';

function LeaveDialogBox() {
  const { t } = useTranslation();
  const signedIn = useAccount((s) => s.state.status === 'signedIn');
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<ApiProblem | null>(null);

  const backToForm = () => closeAndRefocus(() => useLeave.getState().close(), EXIT_BUTTON_ID);
  const continueLater = () => {
    useLeave.getState().close();
    void useApplication.getState().continueLater();
  };
  const saveToAccount = async () => {
    setDeleting(true);
    setFailure(null);
    if (await useApplication.getState().saveToAccount({ thenShow: false })) {
      await wipeSession();
      return;
    }
    // The refusal went to the banner behind the dialog: say it here instead.
    const { apiError, params } = useAlert.getState();
    useAlert.getState().dismiss();
    setFailure({ code: apiError ?? 'internal', params });
    setDeleting(false);
  };
  const deleteAnswers = async () => {
    setDeleting(true);
    setFailure(null);
    try {
      await useApplication.getState().discard();
      await wipeSession();
    } catch (error) {
      setFailure(apiProblemOf(error));
      setDeleting(false);
    }
  };

  return (
    <ModalDialog titleId="leave-title" describedBy="leave-text" className="leave-dialog" testId="leave-dialog" onClose={backToForm}>
      <h2 id="leave-title" tabIndex={-1} className="heading-l">
        {t('leave.title')}
      </h2>
      <p id="leave-text" className="modal__text">
        {signedIn ? t('leave.textAccount') : t('leave.text')}
      </p>
      {failure && (
        <p className="field-error" role="alert" data-testid="leave-error">
          {apiErrorMessage(t, failure.code, failure.params)}
        </p>
      )}
      <div className="leave-dialog__actions">
        {signedIn && (
          <button
            type="button"
            className="button button--primary"
            data-testid="leave-save-account"
            disabled={deleting}
            onClick={() => void saveToAccount()}
          >
            {t('leave.saveToAccount')}
          </button>
        )}
        <button
          type="button"
          className={`button ${signedIn ? 'button--secondary' : 'button--primary'}`}
          data-testid="leave-continue-later"
          disabled={deleting}
          onClick={continueLater}
        >
          {t('leave.continueLater')}
        </button>
        <button
          type="button"
          className="button button--secondary button--danger"
          data-testid="leave-delete"
          disabled={deleting}
          onClick={() => void deleteAnswers()}
        >
          {deleting ? t('leave.deleting') : t('leave.delete')}
        </button>
        <button type="button" className="button button--secondary" data-testid="leave-cancel" onClick={backToForm}>
          {t('leave.cancel')}
        </button>
      </div>
    </ModalDialog>
  );
}

/** Exit while an application is open: keep it with a code, delete it, or go back to it. */
export function LeaveDialog() {
  const open = useLeave((s) => s.open);
  return open ? <LeaveDialogBox /> : null;
}
