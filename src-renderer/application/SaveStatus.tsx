import { useTranslation } from 'react-i18next';
import { useApplication } from '../stores/application';

const KEYS = { saving: 'form.saving', saved: 'form.saved', failed: 'form.saveFailed' } as const;

export function SaveStatus() {
  const { t } = useTranslation();
  const state = useApplication((s) => s.saveState);
  return (
    <p className={`save-state save-state--${state}`} data-testid="save-state" data-state={state} aria-live="polite">
      {state === 'idle' ? '' : t(KEYS[state])}
    </p>
  );
}
