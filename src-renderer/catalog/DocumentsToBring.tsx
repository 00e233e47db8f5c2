import { useTranslation } from 'react-i18next';
import type { Service } from '../../src-shared/catalog/schema';
import { useLanguage } from '../i18n';

/** "What to bring": the same list on the service page and on the receipt. */
export function DocumentsToBring({ service }: { service: Service }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title" className="heading-m">
        {t('catalog.documentsTitle')}
      </h2>
      <ul className="documents">
        {service.documents.map((document, index) => (
          <li key={index}>
            <span className="documents__name">{pick(document.name)}</span>
            {document.note && <span className="documents__note">{pick(document.note)}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
