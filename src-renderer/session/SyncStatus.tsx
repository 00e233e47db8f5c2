import { useTranslation } from 'react-i18next';
import { useSync } from '../stores/sync';

/** Said in words (a dot's colour alone would tell nothing to many). */
export function SyncStatus() {
  const { t } = useTranslation();
  const state = useSync((s) => s.state);
  const online = state?.online === true && state.enrolled;
  const parts = [state ? t(online ? 'sync.online' : 'sync.offline') : t('sync.unknown')];
  if (state && state.waiting > 0) parts.push(t('sync.waiting', { count: state.waiting }));
  return (
    <p className="sync-state" role="status" data-testid="sync-state" data-online={String(online)} data-waiting={state?.waiting ?? 0}>
      <span aria-hidden="true" className={`sync-state__dot ${online ? 'sync-state__dot--online' : 'sync-state__dot--offline'}`} />
      <span>{parts.join(' · ')}</span>
    </p>
  );
}
