import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Enrollment } from '../../src-shared/clerks/views';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { AccountField } from '../account/AccountField';
import { useSignedInClerk } from '../stores/clerk';
import { useKiosk } from '../stores/kiosk';
import { useSync } from '../stores/sync';
import { ScreenHeading } from '../ui/ScreenHeading';
import { useLoaded } from './loading';
import { ClerkProblem, Fact, useWhen } from './parts';

function EnrollmentFacts({ enrollment }: { enrollment: Enrollment }) {
  const { t } = useTranslation();
  const when = useWhen();
  const state = enrollment.revoked ? 'revoked' : enrollment.enrolled ? 'enrolled' : 'notEnrolled';
  return (
    <dl className="summary-list" data-testid="clerk-enrollment-facts" data-state={state}>
      <Fact label={t('clerk.enrollment.state')} value={t(`clerk.enrollment.states.${state}`)} testId="clerk-enrollment-state" />
      <Fact label={t('clerk.enrollment.office')} value={enrollment.officeName ?? t('clerk.settings.none')} />
      <Fact label={t('clerk.enrollment.terminal')} value={enrollment.terminalName} />
      {enrollment.enrolledAt && <Fact label={t('clerk.enrollment.enrolledAt')} value={when(enrollment.enrolledAt)} />}
      {enrollment.kioskId && <Fact label={t('clerk.enrollment.kioskId')} value={enrollment.kioskId} />}
    </dl>
  );
}

/** The one-time code from the operator and the name this terminal goes by in the office. */
function EnrollForm({ onEnrolled }: { onEnrolled(enrollment: Enrollment): void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [terminalName, setTerminalName] = useState(() => useKiosk.getState().status?.terminalName ?? '');
  const [missing, setMissing] = useState({ code: false, terminalName: false });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const enroll = async () => {
    if (busy) return;
    const now = { code: code.trim() === '', terminalName: terminalName.trim() === '' };
    setMissing(now);
    if (now.code || now.terminalName) return;
    setBusy(true);
    setProblem(null);
    try {
      const enrollment = await api.enrollKiosk({ code: code.trim(), terminalName: terminalName.trim() });
      setCode('');
      void useSync.getState().refresh();
      onEnrolled(enrollment);
    } catch (error) {
      setProblem(apiProblemOf(error));
    }
    setBusy(false);
  };

  return (
    <form
      noValidate
      autoComplete="off"
      data-testid="clerk-enroll-form"
      onSubmit={(event) => {
        event.preventDefault();
        void enroll();
      }}
    >
      <ClerkProblem problem={problem} />
      <AccountField
        id="clerk-enroll-code"
        testId="clerk-enroll-code"
        label={t('clerk.enrollment.code')}
        hint={t('clerk.enrollment.codeHint')}
        error={missing.code ? t('clerk.enrollment.codeMissing') : null}
        value={code}
        onChange={setCode}
        hints={{ 'data-osk-alphabet': 'latin', autoCapitalize: 'off', maxLength: 64 }}
      />
      <AccountField
        id="clerk-enroll-terminal"
        testId="clerk-enroll-terminal"
        label={t('clerk.enrollment.terminal')}
        hint={t('clerk.enrollment.terminalHint')}
        error={missing.terminalName ? t('clerk.enrollment.terminalMissing') : null}
        value={terminalName}
        onChange={setTerminalName}
        hints={{ maxLength: 100 }}
      />
      <div className="action-bar">
        <button type="submit" className="button button--primary button--wide" data-testid="clerk-enroll-submit" aria-disabled={busy}>
          {t('clerk.enrollment.submit')}
        </button>
      </div>
    </form>
  );
}

function Enrolled({ enrollment }: { enrollment: Enrollment }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="panel panel--info" role="status" data-testid="clerk-enrolled">
        <h2 className="panel__title">{t('clerk.enrollment.done')}</h2>
        <p>{t('clerk.enrollment.doneText')}</p>
      </div>
      <EnrollmentFacts enrollment={enrollment} />
    </>
  );
}

/** Enrollment on a kiosk never enrolled (or revoked), before any clerk exists here: the code is the authority. */
export function EnrollWithoutClerk() {
  const { t } = useTranslation();
  const [enrolled, setEnrolled] = useState<Enrollment | null>(null);
  return (
    <div className="screen clerk-screen" data-testid="clerk-enroll">
      <ScreenHeading>{t('clerk.enrollment.title')}</ScreenHeading>
      {enrolled ? <Enrolled enrollment={enrolled} /> : (
        <>
          <p className="lead">{t('clerk.enrollment.leadFirst')}</p>
          <EnrollForm onEnrolled={setEnrolled} />
        </>
      )}
    </div>
  );
}

/** The kiosk's enrollment as a clerk sees it; enrolling again (another code) is an admin's, or anyone's once revoked. */
export function ClerkEnrollment() {
  const { t } = useTranslation();
  const clerk = useSignedInClerk();
  const loaded = useLoaded(() => api.getEnrollment({}));
  const [enrolled, setEnrolled] = useState<Enrollment | null>(null);
  const current = enrolled ?? loaded.data;
  const mayEnroll = current !== null && (clerk?.role === 'admin' || !current.enrolled || current.revoked);
  return (
    <div className="screen clerk-screen" data-testid="clerk-enrollment">
      <ScreenHeading>{t('clerk.enrollment.title')}</ScreenHeading>
      <ClerkProblem problem={loaded.problem} />
      {enrolled ? <Enrolled enrollment={enrolled} /> : current && <EnrollmentFacts enrollment={current} />}
      {mayEnroll && !enrolled && (
        <>
          <h2 className="heading-l">{t('clerk.enrollment.again')}</h2>
          <EnrollForm onEnrolled={setEnrolled} />
        </>
      )}
    </div>
  );
}
