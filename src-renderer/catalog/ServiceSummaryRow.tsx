import { useTranslation } from 'react-i18next';
import type { Service, ServiceVariant } from '../../src-shared/catalog/schema';
import { useLanguage } from '../i18n';

/** The service (and its variant, where there is a choice) as a row of a summary list. */
export function ServiceSummaryRow({ service, variant }: { service: Service; variant: ServiceVariant | undefined }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  return (
    <div className="summary-list__row">
      <dt className="summary-list__key">{t('review.service')}</dt>
      <dd className="summary-list__value">
        {pick(service.name)}
        {variant && service.variants.length > 1 ? ` — ${pick(variant.name)}` : ''}
      </dd>
    </div>
  );
}
