import { useTranslation } from 'react-i18next';
import { useHelp } from '../stores/help';

/** Once a clerk is called, the number stays in the header until the session ends. */
export function ClerkCallChip() {
  const { t } = useTranslation();
  const call = useHelp((s) => s.call);
  if (!call) return null;
  return (
    <p className="clerk-call-chip" data-testid="clerk-call-chip">
      {t('help.call.chip', { number: call.number })}
    </p>
  );
}
