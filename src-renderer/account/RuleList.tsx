import { useTranslation } from 'react-i18next';
import type { RuleCheck } from './registration';

/**
 * The rules of a login or a password, shown before anything is typed and
 * ticked off while typing. Each line says in words whether it is met, so a
 * screen reader (and a person who cannot tell the colours apart) hears it too.
 */
export function RuleList({ rules, messageKey, testId, params }: { rules: RuleCheck[]; messageKey: string; testId: string; params?: Record<string, number> }) {
  const { t } = useTranslation();
  return (
    <ul className="rules" data-testid={testId}>
      {rules.map(({ rule, state }) => (
        <li key={rule} className={`rules__item rules__item--${state}`} data-rule={rule} data-state={state}>
          <span className="rules__mark" aria-hidden="true">
            {state === 'met' ? '✓' : state === 'unmet' ? '✗' : '•'}
          </span>
          <span>
            {state !== 'pending' && <span className="visually-hidden">{t(`account.rules.${state}`)} </span>}
            {t(`${messageKey}.${rule}`, params)}
          </span>
        </li>
      ))}
    </ul>
  );
}
