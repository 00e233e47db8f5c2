import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSync } from '../stores/sync';
import { useSyncDetails } from '../stores/syncDetails';
import { ModalDialog, closeAndRefocus } from '../ui/ModalDialog';
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
  const state = useSync((s) => s.state);
  const details = syncDetails(state);
  const say = (m: SyncMessage) => t(m.key, m.params);

  useEffect(() => {
    // What the header showed may be a minute old: ask the core for its state now.
    void useSync.getState().refresh();
  }, []);

  const close = () => closeAndRefocus(() => useSyncDetails.getState().close(), SYNC_CHIP_ID);

  return (
    <ModalDialog
      titleId="sync-details-title"
      describedBy="sync-details-reassurance"
      className="sync-details"
      testId="sync-details"
      data={{ 'data-connection': details.connection }}
      onClose={close}
      closeOnBackdrop
    >
      <h2 id="sync-details-title" tabIndex={-1} className="heading-l sync-details__title">
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
    </ModalDialog>
  );
}

/** The connection and the outbox in words, opened from the header's chip. */
export function SyncDetailsDialog() {
  const open = useSyncDetails((s) => s.open);
  return open ? <SyncDetailsBox /> : null;
}
