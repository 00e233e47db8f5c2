import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isSignedIn, useAccount } from '../stores/account';
import { useApplication } from '../stores/application';
import { signedInClerk } from '../clerk/clerk-state';
import { useClerk } from '../stores/clerk';
import { useDisplay } from '../stores/display';
import { useHelp } from '../stores/help';
import { useIdle } from '../stores/idle';
import { DEFAULT_IDLE_SECONDS, MIN_IDLE_WARNING_SECONDS, useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { useSearch } from '../stores/search';
import { useSession } from '../stores/session';
import { useSyncDetails } from '../stores/syncDetails';
import { decideIdle } from './idle-rules';
import { wipeSession } from './wipe';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'input', 'wheel'] as const;

/** Nothing to protect on an untouched home screen (no search typed, no dialog open) in the kiosk's own language. */
function useWatching(): boolean {
  const onHome = useNavigation((s) => s.screen.name === 'home');
  const hasDraft = useApplication((s) => s.draftId !== null);
  const languageChanged = useSession((s) => s.language !== s.defaultLanguage);
  const searched = useSearch((s) => s.query !== '');
  // An open sync dialog is closed by the timeout too, so the next person finds the home screen.
  const syncDetailsOpen = useSyncDetails((s) => s.open);
  // A signed-in citizen's name is in the header even on the home screen.
  const signedIn = useAccount((s) => isSignedIn(s.state));
  // Larger text, high contrast, the help dialog and a clerk's call number are this citizen's: the next one starts plain.
  const displayChanged = useDisplay((s) => s.textSize !== 'normal' || s.highContrast);
  const helped = useHelp((s) => s.open || s.call !== null);
  // Clerk mode ends on idle like a citizen's session: its screens and a clerk's session are never "untouched".
  const clerk = useClerk((s) => s.screen !== null || signedInClerk(s.state) !== null);
  return !onHome || hasDraft || languageChanged || searched || syncDetailsOpen || signedIn || displayChanged || helped || clerk;
}

/**
 * WCAG 2.2.1: warn before the timeout, give at least 20 seconds and one big
 * button to extend, as many times as needed; at zero the session is wiped.
 */
export function IdleWarning() {
  const { t } = useTranslation();
  const status = useKiosk((s) => s.status);
  const deadline = useIdle((s) => s.warningDeadline);
  const watching = useWatching();
  const lastActivity = useRef(Date.now());
  const [secondsLeft, setSecondsLeft] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const idleMs = (status?.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000;
  const warningMs = Math.max(status?.idleWarningSeconds ?? 30, MIN_IDLE_WARNING_SECONDS) * 1000;

  useEffect(() => {
    const mark = () => {
      // While the warning shows, only its button extends the session.
      if (useIdle.getState().warningDeadline === null) lastActivity.current = Date.now();
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, mark, { capture: true, passive: true });
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, mark, { capture: true });
    };
  }, []);

  useEffect(() => {
    const tick = () => {
      const now = Date.now();
      if (!watching) lastActivity.current = now;
      const decision = decideIdle({
        now,
        lastActivity: lastActivity.current,
        idleMs,
        warningMs,
        deadline: useIdle.getState().warningDeadline,
        watching,
      });
      if (decision.kind === 'warn') {
        useIdle.getState().warn(decision.deadline);
        setSecondsLeft(Math.ceil(warningMs / 1000));
      } else if (decision.kind === 'countdown') {
        setSecondsLeft(decision.secondsLeft);
      } else if (decision.kind === 'expire') {
        void wipeSession();
      }
    };
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [watching, idleMs, warningMs]);

  useEffect(() => {
    if (deadline !== null) buttonRef.current?.focus();
  }, [deadline]);

  if (deadline === null) return null;

  const extend = () => {
    lastActivity.current = Date.now();
    useIdle.getState().extend();
  };

  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-countdown"
        data-testid="idle-warning"
        onKeyDown={(event) => {
          // The one button is the only thing to reach: keep focus on it.
          if (event.key === 'Tab') {
            event.preventDefault();
            buttonRef.current?.focus();
          }
        }}
      >
        <h2 id="idle-title" className="heading-l">
          {t('idle.title')}
        </h2>
        <p id="idle-countdown" className="modal__text">
          {t('idle.countdown', { count: secondsLeft })}
        </p>
        <p className="modal__seconds" aria-hidden="true">
          {secondsLeft}
        </p>
        <button
          ref={buttonRef}
          type="button"
          className="button button--primary button--wide"
          data-testid="idle-continue"
          onClick={extend}
        >
          {t('idle.continue')}
        </button>
      </div>
    </div>
  );
}
