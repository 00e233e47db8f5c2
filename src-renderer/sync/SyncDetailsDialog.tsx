import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useIdle } from '../stores/idle';
import { useSync } from '../stores/sync';
import { useSyncDetails } from '../stores/syncDetails';
import { trapFocus } from '../ui/focus-trap';
import { syncDetails, type SyncMessage } from './reading';
import { SYNC_CHIP_ID } from './SyncStatus';

function Fact({ testId, text, tone }: { testId: string; text: string; tone?: 'attention' }) {
  return (
    <li className={tone ? `sync-details__fact sync-details__fact--${tone}` : 'sync-details__fact'} data-testid={testId}>
      {text}
    </li>
  );
}

function SyncDetailsBox() {
  const { t } = useTranslation();
  const warning = useIdle((s) => s.warningDeadline !== null);
  const state = useSync((s) => s.state);
  const boxRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const details = syncDetails(state);
  const say = (m: SyncMessage) => t(m.key, m.params);

  useEffect(() => {
    titleRef.current?.focus();
    // What the header showed may be a minute old: ask the core for its state now.
    void useSync.getState().refresh();
  }, []);

  const close = () => {
    // The page behind stops being inert in this render: only then can the chip take focus again.
    flushSync(() => useSyncDetails.getState().close());
    document.getElementById(SYNC_CHIP_ID)?.focus();
  };

  return (
    <div
      className="modal-backdrop"
      inert={warning}
      onClick={(event) => {
        // A tap beside the box closes it, as people expect on a touch screen.
        if (event.target === event.currentTarget) close();
      }}
    >
      <div
        ref={boxRef}
        className="modal sync-details"
        role="dialog"
        aria-modal="true"
        aria-labelledby="sync-details-title"
        aria-describedby="sync-details-reassurance"
        data-testid="sync-details"
        data-connection={details.connection}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            close();
          } else {
            trapFocus(event, boxRef.current);
          }
        }}
      >
        <h2 ref={titleRef} id="sync-details-title" tabIndex={-1} className="heading-l sync-details__title">
          {t('sync.title')}
        </h2>
        <p id="sync-details-reassurance" className="sync-details__reassurance" data-testid="sync-reassurance">
          {say(details.reassurance)}
        </p>
        <ul className="sync-details__facts">
          <Fact testId="sync-offline-since" text={say(details.link)} tone={details.connection === 'online' ? undefined : 'attention'} />
          <Fact testId="sync-waiting" text={say(details.waiting)} />
          <Fact testId="sync-last-success" text={say(details.lastSuccess)} />
          {details.flagged && <Fact testId="sync-flagged" text={say(details.flagged)} tone="attention" />}
          {details.lastError && <Fact testId="sync-last-error" text={say(details.lastError)} tone="attention" />}
        </ul>
        <button type="button" className="button button--primary sync-details__close" data-testid="sync-details-close" onClick={close}>
          {t('sync.close')}
        </button>
      </div>
    </div>
  );
}

/** The connection and the outbox in words, opened from the header's chip. */
export function SyncDetailsDialog() {
  const open = useSyncDetails((s) => s.open);
  return open ? <SyncDetailsBox /> : null;
}
