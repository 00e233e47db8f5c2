import { useTranslation } from 'react-i18next';

/**
 * Accepting the terms is its own act: a box nobody ticks for the citizen,
 * always within reach at the bottom of the screen. It is not locked until
 * the text has been scrolled to its end: that would stop people who use a
 * screen reader, a switch or a magnifier (who move through a page in other
 * ways) and would prove no reading anyway; the text is on the same page,
 * in full, before the box.
 */
export function TermsAcceptance({ accepted, error, onChange }: { accepted: boolean; error: boolean; onChange(accepted: boolean): void }) {
  const { t } = useTranslation();
  return (
    <div className={`terms-acceptance${error ? ' field--error' : ''}`}>
      {error && (
        <p id="terms-accept-error" className="field-error" data-testid="terms-accept-error">
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {t('account.terms.acceptError')}
        </p>
      )}
      <label className="checkbox-card" htmlFor="terms-accept">
        <input
          id="terms-accept"
          type="checkbox"
          data-testid="terms-accept"
          checked={accepted}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'terms-accept-error' : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span className="checkbox-card__text">{t('account.terms.accept')}</span>
      </label>
    </div>
  );
}
