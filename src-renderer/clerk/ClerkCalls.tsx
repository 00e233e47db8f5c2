import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { useClerk } from '../stores/clerk';
import { ScreenHeading } from '../ui/ScreenHeading';
import { ClerkProblem, useWhen } from './parts';
import { useLoaded } from './loading';

/** Citizens who pressed "call a clerk": the number they were shown, where they were, since when. */
export function ClerkCalls() {
  const { t } = useTranslation();
  const when = useWhen();
  const waiting = useClerk((s) => s.waitingCalls);
  const calls = useLoaded(() => api.getClerkCalls({}));
  const [answerProblem, setAnswerProblem] = useState<ApiProblem | null>(null);
  const { reload } = calls;

  // A call came or was answered elsewhere: read the list again (the first reading is the screen's own).
  const seenWaiting = useRef(waiting);
  useEffect(() => {
    if (seenWaiting.current === waiting) return;
    seenWaiting.current = waiting;
    reload();
  }, [waiting, reload]);

  const answer = async (id: string) => {
    setAnswerProblem(null);
    try {
      await api.answerClerkCall({ id });
    } catch (error) {
      setAnswerProblem(apiProblemOf(error));
    }
    reload();
  };

  const list = calls.data?.calls ?? [];
  return (
    <div className="screen clerk-screen" data-testid="clerk-calls">
      <ScreenHeading>{t('clerk.calls.title')}</ScreenHeading>
      <ClerkProblem problem={calls.problem ?? answerProblem} />
      {calls.data && list.length === 0 && (
        <p className="lead" data-testid="clerk-calls-none">
          {t('clerk.calls.none')}
        </p>
      )}
      <ul className="clerk-list">
        {list.map((call) => (
          <li key={call.id} className="clerk-card clerk-call" data-testid="clerk-call">
            <p className="clerk-call__number" aria-label={t('clerk.calls.number', { number: call.number })}>
              {call.number}
            </p>
            <p className="clerk-card__text">
              {t('clerk.calls.where', { screen: t(`clerk.calls.screens.${call.screen}`, { defaultValue: call.screen }) })}
              <br />
              {t('clerk.calls.since', { when: when(call.calledAt) })}
            </p>
            <button type="button" className="button button--primary" data-testid="clerk-call-answer" onClick={() => void answer(call.id)}>
              {t('clerk.calls.answer', { number: call.number })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
