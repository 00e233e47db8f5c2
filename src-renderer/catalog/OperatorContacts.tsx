import { useTranslation } from 'react-i18next';
import type { Operator } from '../../src-shared/catalog/schema';
import { useLanguage } from '../i18n';

/**
 * Where to call, write and go, and when the office is open: on the service
 * page, the receipt and in the help dialog (which, open over one of those
 * pages, names its own heading's id).
 */
export function OperatorContacts({ operator, titleId = 'contacts-title' }: { operator: Operator; titleId?: string }) {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  return (
    <section aria-labelledby={titleId} data-testid="operator-contacts">
      <h2 id={titleId} className="heading-m">
        {t('receipt.contactsTitle')}
      </h2>
      <dl className="contacts">
        <dt>{t('contacts.phone')}</dt>
        <dd>{operator.phone}</dd>
        <dt>{t('contacts.email')}</dt>
        <dd>{operator.email}</dd>
        <dt>{t('contacts.hours')}</dt>
        <dd>{pick(operator.hours)}</dd>
        <dt>{t('contacts.address')}</dt>
        <dd>{pick(operator.address)}</dd>
      </dl>
    </section>
  );
}
