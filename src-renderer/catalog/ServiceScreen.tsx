import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findForm, findService, type ServiceVariant } from '../../src-shared/catalog/schema';
import { api, errorCodeOf } from '../api/client';
import { formatMoney, formatTerm } from '../format';
import { useLanguage } from '../i18n';
import { useAlert } from '../stores/alert';
import { useApplication } from '../stores/application';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { ScreenHeading } from '../ui/ScreenHeading';
import { ExampleMark } from './ExampleNote';
import { DocumentsToBring } from './DocumentsToBring';
import { OperatorContacts } from './OperatorContacts';

function VariantFigures({ variant }: { variant: ServiceVariant }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <span className="variant-figures">
      <span>
        <span className="variant-figures__key">{t('catalog.price')}: </span>
        <strong>{formatMoney(variant.price.amount, language)}</strong>
        <ExampleMark example={variant.price.example} />
      </span>
      <span>
        <span className="variant-figures__key">{t('catalog.term')}: </span>
        <strong>{formatTerm(variant.term, language)}</strong>
        <ExampleMark example={variant.term.example} />
      </span>
    </span>
  );
}

export function ServiceScreen({ serviceId }: { serviceId: string }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  const go = useNavigation((s) => s.go);
  const application = useApplication();
  const service = catalog ? findService(catalog, serviceId) : undefined;
  const single = service?.variants.length === 1 ? service.variants[0] : undefined;
  const [chosen, setChosen] = useState<string | null>(
    single?.id ?? (application.serviceId === serviceId ? application.variantId : null),
  );
  const [missingChoice, setMissingChoice] = useState(false);
  const [starting, setStarting] = useState(false);

  if (!catalog || !service) {
    return (
      <div className="screen">
        <BackLink onBack={() => go({ name: 'home' })} />
        <ScreenHeading>{t('catalog.notFound')}</ScreenHeading>
      </div>
    );
  }
  const anyExample = service.variants.some((v) => v.price.example || v.term.example);

  const start = async () => {
    if (!chosen) {
      setMissingChoice(true);
      document.getElementById(`variant-input-${service.variants[0]?.id ?? ''}`)?.focus();
      return;
    }
    const form = findForm(catalog, service.formId);
    if (!form) {
      useAlert.getState().show('form.unknown');
      return;
    }
    // Coming back from the form's first page: carry on with the same application.
    if (application.draftId && application.serviceId === serviceId && application.variantId === chosen) {
      go({ name: 'form' });
      return;
    }
    setStarting(true);
    try {
      // The core lets go of the draft open before (deleted when it never got a resume code).
      const draft = await api.createDraft({ serviceId, variantId: chosen });
      useApplication.getState().open(draft, form);
      useAlert.getState().dismiss();
      go({ name: 'form' });
    } catch (error) {
      useAlert.getState().show(errorCodeOf(error));
      setStarting(false);
    }
  };

  return (
    <div className="screen">
      <BackLink onBack={() => go({ name: 'services', categoryId: service.categoryId })} />
      <ScreenHeading>{pick(service.name)}</ScreenHeading>
      <p className="lead">{pick(service.description)}</p>
      <p className="provider">
        <span className="provider__key">{t('catalog.provider')}: </span>
        {pick(service.provider)}
      </p>

      {single ? (
        <section aria-labelledby="variants-title">
          <h2 id="variants-title" className="heading-m">
            {t('catalog.variantsTitle')}
          </h2>
          <div className="variant-card variant-card--static" data-testid={`variant-${single.id}`}>
            <span className="variant-card__name">{pick(single.name)}</span>
            <VariantFigures variant={single} />
          </div>
        </section>
      ) : (
        <fieldset className={`fieldset fieldset--section${missingChoice ? ' field--error' : ''}`} aria-describedby={missingChoice ? 'variant-error' : undefined}>
          <legend className="heading-m">{t('catalog.chooseVariant')}</legend>
          {missingChoice && (
            <p id="variant-error" className="field-error" role="alert" data-testid="error-variant">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {t('catalog.chooseVariantError')}
            </p>
          )}
          <div className="radio-cards">
            {service.variants.map((variant) => (
              <label key={variant.id} className="radio-card variant-card">
                <input
                  type="radio"
                  name="variant"
                  id={`variant-input-${variant.id}`}
                  value={variant.id}
                  checked={chosen === variant.id}
                  data-testid={`variant-${variant.id}`}
                  onChange={() => {
                    setChosen(variant.id);
                    setMissingChoice(false);
                  }}
                />
                <span className="radio-card__body">
                  <span className="variant-card__name">{pick(variant.name)}</span>
                  <VariantFigures variant={variant} />
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {anyExample && <p className="note">{t('catalog.exampleNote')}</p>}

      <DocumentsToBring service={service} />
      <OperatorContacts operator={catalog.operator} />

      <div className="action-bar">
        <button
          type="button"
          className="button button--primary button--wide"
          data-testid="start-application"
          disabled={starting}
          onClick={() => void start()}
        >
          {t('catalog.start')}
        </button>
        <button
          type="button"
          className="button button--secondary button--wide"
          data-testid="sample-form"
          onClick={() => go({ name: 'sampleForm', serviceId })}
        >
          {t('sampleForm.open')}
        </button>
      </div>
    </div>
  );
}
