import { useTranslation } from 'react-i18next';
import { findService } from '../../src-shared/catalog/schema';
import { visibleFields, visiblePages } from '../../src-shared/forms/engine';
import { useLanguage } from '../i18n';
import { ContinueLaterButton } from '../resume/ContinueLaterButton';
import { useApplication } from '../stores/application';
import { useKiosk } from '../stores/kiosk';
import { BackLink } from '../ui/BackLink';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';
import { answerForDisplay, personsForDisplay } from './answers';
import { ServiceSummaryRow } from '../catalog/ServiceSummaryRow';

/** "Check your answers": every visible answer with "Change", consent, Submit. */
export function ReviewScreen() {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  const { form, answers, serviceId, variantId, consent, consentError, submitting } = useApplication();
  const { change, back, setConsent, submit } = useApplication.getState();
  if (!form || !catalog) return null;
  const service = serviceId ? findService(catalog, serviceId) : undefined;
  const variant = service?.variants.find((v) => v.id === variantId);

  return (
    <div className="screen">
      <BackLink onBack={back} />
      {consentError && (
        <ErrorSummary items={[{ targetId: 'consent-input', text: t('review.consentError') }]} attempt={consentError} />
      )}
      <ScreenHeading focusOnMount={!consentError}>{t('review.title')}</ScreenHeading>
      <p className="lead">{t('review.lead')}</p>

      {service && (
        <dl className="summary-list">
          <ServiceSummaryRow service={service} variant={variant} />
        </dl>
      )}

      {visiblePages(form, answers).map((page) => (
        <section key={page.id} aria-labelledby={`review-${page.id}`}>
          <h2 id={`review-${page.id}`} className="heading-m">
            {pick(page.title)}
          </h2>
          <dl className="summary-list">
            {visibleFields(form, page, answers).map((field) => (
              <div key={field.id} className="summary-list__row">
                <dt className="summary-list__key">{pick(field.label)}</dt>
                <dd className="summary-list__value" data-testid={`review-value-${field.id}`}>
                  {field.type === 'person' && personsForDisplay(t, language, field, answers[field.id]).length > 0 ? (
                    <ol className="person-list">
                      {personsForDisplay(t, language, field, answers[field.id]).map((line, index) => (
                        <li key={index} data-testid={`review-value-${field.id}-${index}`}>
                          {line}
                        </li>
                      ))}
                    </ol>
                  ) : (
                    answerForDisplay(t, language, field, answers[field.id])
                  )}
                </dd>
                <dd className="summary-list__action">
                  <button
                    type="button"
                    className="link-button"
                    data-testid={`review-change-${field.id}`}
                    aria-label={t('review.changeLabel', { label: pick(field.label) })}
                    onClick={() => change(field.id)}
                  >
                    {t('review.change')}
                  </button>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}

      <section aria-labelledby="consent-title" className={`consent${consentError ? ' field--error' : ''}`}>
        <h2 id="consent-title" className="heading-m">
          {t('review.consentTitle')}
        </h2>
        {consentError && (
          <p id="consent-error" className="field-error" data-testid="error-consent">
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {t('review.consentError')}
          </p>
        )}
        <label className="checkbox-card" htmlFor="consent-input">
          <input
            id="consent-input"
            type="checkbox"
            data-testid="consent"
            checked={consent}
            aria-invalid={consentError ? true : undefined}
            aria-describedby={consentError ? 'consent-error' : undefined}
            onChange={(e) => setConsent(e.target.checked)}
          />
          <span className="checkbox-card__text">{t('review.consent')}</span>
        </label>
      </section>

      <div className="action-bar">
        <button
          type="button"
          className="button button--primary button--wide"
          data-testid="submit"
          aria-disabled={submitting}
          onClick={() => void submit()}
        >
          {submitting ? t('review.submitting') : t('review.submit')}
        </button>
        <ContinueLaterButton />
      </div>
    </div>
  );
}
