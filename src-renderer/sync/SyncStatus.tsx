import { useTranslation } from 'react-i18next';
import { useSync } from '../stores/sync';
import { useSyncDetails } from '../stores/syncDetails';
import { chipReading } from './reading';
import './sync.css';

/** The chip's id: focus goes back there when the details dialog closes. */
export const SYNC_CHIP_ID = 'sync-state-button';

/** Said in words (a dot's colour alone would tell nothing to many); a tap opens the details. */
export function SyncStatus() {
  const { t } = useTranslation();
  const state = useSync((s) => s.state);
  const open = useSyncDetails((s) => s.open);
  const reading = chipReading(state);
  return (
    <>
      <button
        type="button"
        id={SYNC_CHIP_ID}
        className={`sync-state sync-state--${reading.connection}`}
        data-testid="sync-state"
        data-online={String(reading.online)}
        data-waiting={reading.waiting}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-describedby="sync-state-hint"
        onClick={() => useSyncDetails.getState().show()}
      >
        <span aria-hidden="true" className="sync-state__dot" />
        {/* The words change with the link: a screen reader hears them without opening anything. */}
        <span className="sync-state__text" aria-live="polite">
          {reading.parts.map((part) => t(part.key, part.params)).join(' · ')}
        </span>
        <span aria-hidden="true" className="sync-state__more">
          ›
        </span>
      </button>
      <span id="sync-state-hint" className="visually-hidden">
        {t('sync.chip.hint')}
      </span>
    </>
  );
}
