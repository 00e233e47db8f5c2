import { useTranslation } from 'react-i18next';
import { RESUME_CODE_LENGTH } from '../../src-shared/codes';
import { api } from '../api/client';
import { useApplication } from '../stores/application';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { CodeEntry } from '../ui/CodeEntry';
import { codeProblemMessage, useCodeCheck } from '../ui/code-problem';
import { codeShape } from '../ui/typed-code';

const SHAPE = codeShape(RESUME_CODE_LENGTH);

/** "Continue an application": the code from "Continue later" brings the draft back, at its page. */
export function ResumeScreen() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const { typed, setTyped, problem, attempt, busy, check } = useCodeCheck(RESUME_CODE_LENGTH);

  const submit = () =>
    check(async (code) => {
      // The core lets go of a draft open before in this session (deleted when it never got a code).
      const draft = await api.resumeDraft({ code });
      const opened = await useApplication.getState().reopen(draft, { restored: true });
      return opened ? null : { kind: 'api', code: 'form.unknown', params: {} };
    });

  return (
    <div className="screen">
      <BackLink onBack={() => go({ name: 'home' })} />
      <CodeEntry
        id="resume-code"
        label={t('resume.label')}
        hint={t('resume.hint', { shape: SHAPE })}
        submitLabel={t('resume.submit')}
        busyLabel={t('resume.checking')}
        value={typed}
        onChange={setTyped}
        onSubmit={() => void submit()}
        error={problem ? codeProblemMessage(t, problem, { empty: 'resume.errorEmpty', shape: 'resume.errorShape' }, SHAPE) : null}
        errorAttempt={attempt}
        busy={busy}
        testIds={{ input: 'resume-code-input', submit: 'resume-submit', error: 'resume-error' }}
      />
    </div>
  );
}
