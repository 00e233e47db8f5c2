import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOOKUP_CODE_LENGTH } from '../../src-shared/codes';
import type { StatusReport } from '../../src-shared/contract';
import { api } from '../api/client';
import { useIdle } from '../stores/idle';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { CodeEntry } from '../ui/CodeEntry';
import { codeProblemMessage, useCodeCheck } from '../ui/code-problem';
import { codeShape, typedCodeForDisplay } from '../ui/typed-code';
import { useScannerTyping } from './scanner-typing';
import { StatusResult } from './StatusResult';
import './status.css';

const SHAPE = codeShape(LOOKUP_CODE_LENGTH);
const INPUT_ID = 'status-code-input';

/** "Check status": the lookup code from the receipt, typed or scanned, and where the application stands. */
export function StatusScreen() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const { typed, setTyped, problem, setProblem, attempt, busy, check } = useCodeCheck(LOOKUP_CODE_LENGTH);
  const [report, setReport] = useState<StatusReport | null>(null);

  const submit = () =>
    check(async (lookupCode) => {
      setReport(await api.checkStatus({ lookupCode }));
      return null;
    });

  const checkAnother = (start = '') => {
    setReport(null);
    setProblem(null);
    setTyped(start);
  };

  useScannerTyping((char) => {
    // Not while a check runs, nor behind the "are you still there?" warning.
    if (busy || useIdle.getState().warningDeadline !== null) return false;
    if (report) {
      checkAnother(typedCodeForDisplay(char));
    } else {
      setTyped((current) => typedCodeForDisplay(current + char));
      document.getElementById(INPUT_ID)?.focus();
    }
    return true;
  });

  return (
    <div className="screen">
      <BackLink onBack={() => go({ name: 'home' })} />
      {report ? (
        <StatusResult report={report} onAgain={() => checkAnother()} />
      ) : (
        <CodeEntry
          id="status-code"
          label={t('status.label')}
          hint={t('status.hint', { shape: SHAPE, label: t('receipt.lookupLabel') })}
          submitLabel={t('status.submit')}
          busyLabel={t('status.checking')}
          value={typed}
          onChange={setTyped}
          onSubmit={() => void submit()}
          error={problem ? codeProblemMessage(t, problem, { empty: 'status.errorEmpty', shape: 'status.errorShape' }, SHAPE) : null}
          errorAttempt={attempt}
          busy={busy}
          testIds={{ input: 'status-code-input', submit: 'status-submit', error: 'status-error' }}
        />
      )}
    </div>
  );
}
