import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAlert } from '../stores/alert';
import { apiErrorMessage } from './api-error-message';

/** A failed call in plain words; what was typed stays where it was. */
export function ApiErrorBanner() {
  const { t } = useTranslation();
  const code = useAlert((s) => s.apiError);
  const params = useAlert((s) => s.params);
  const dismiss = useAlert((s) => s.dismiss);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The citizen tapped a button at the bottom: bring the message into sight.
    if (code) ref.current?.scrollIntoView({ block: 'start' });
  }, [code]);
  if (!code) return null;
  return (
    <div ref={ref} className="banner banner--error" role="alert" data-testid="api-error">
      <p className="banner__text">{apiErrorMessage(t, code, params)}</p>
      <button type="button" className="button button--secondary button--small" onClick={dismiss}>
        {t('errors.dismiss')}
      </button>
    </div>
  );
}
