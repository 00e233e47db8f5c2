import { useTranslation } from 'react-i18next';
import { findForm, findService } from '../../src-shared/catalog/schema';
import { api } from '../api/client';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { PrintButton } from '../ui/PrintButton';
import { ScreenHeading } from '../ui/ScreenHeading';
import { BlankField, ConditionNote } from './BlankField';
import './sample-form.css';

/**
 * The blank application form of a service, shown as the sheet it prints
 * (laid out from the same form definition as the PDF, no PDF viewer), and
 * sent to the kiosk's printer on request.
 */
export function SampleFormScreen({ serviceId }: { serviceId: string }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  const go = useNavigation((s) => s.go);
  const service = catalog ? findService(catalog, serviceId) : undefined;
  const form = catalog && service ? findForm(catalog, service.formId) : undefined;
  const back = () => go({ name: 'service', serviceId });

  if (!catalog || !service || !form) {
    return (
      <div className="screen">
        <BackLink onBack={back} />
        <ScreenHeading>{t('sampleForm.unavailable')}</ScreenHeading>
      </div>
    );
  }

  return (
    <div className="screen">
      <BackLink onBack={back} />
      <ScreenHeading>{t('sampleForm.title')}</ScreenHeading>
      <p className="lead">{t('sampleForm.lead')}</p>

      <article className="paper" aria-label={t('sampleForm.paperLabel', { service: pick(service.name) })} data-testid="sample-form-paper">
        <p className="paper__operator">{pick(catalog.operator.name)}</p>
        <p className="paper__kind">{t('sampleForm.application')}</p>
        <h2 className="paper__service">{pick(service.name)}</h2>
        <p className="paper__form-title">{pick(form.title)}</p>
        <p className="paper__sample">{t('sampleForm.sample')}</p>
        {form.pages.map((page, index) => (
          <section key={page.id} className="paper__section" aria-labelledby={`sample-page-${page.id}`}>
            <h3 id={`sample-page-${page.id}`} className="paper__heading">
              {index + 1}. {pick(page.title)}
            </h3>
            {page.intro && <p className="paper__intro">{pick(page.intro)}</p>}
            {page.showIf && <ConditionNote form={form} condition={page.showIf} />}
            {page.fields.map((field) => (
              <BlankField key={field.id} field={field} form={form} />
            ))}
          </section>
        ))}
        <div className="paper__signatures">
          <p className="paper__signature">{t('sampleForm.signature')}</p>
          <p className="paper__signature">
            {t('sampleForm.date')} ({t('sampleForm.datePattern')})
          </p>
        </div>
      </article>

      <div className="action-bar">
        <PrintButton
          primary
          testId="print-sample-form"
          label={t('sampleForm.print')}
          printingLabel={t('sampleForm.printing')}
          printedText={t('sampleForm.printed')}
          savedText={t('sampleForm.saved')}
          print={() => api.printSampleForm({ serviceId, language })}
        />
      </div>
    </div>
  );
}
