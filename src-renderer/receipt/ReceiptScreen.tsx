import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { findService } from '../../src-shared/catalog/schema';
import { formatPlainCode } from '../../src-shared/codes';
import { api } from '../api/client';
import { ExampleMark } from '../catalog/ExampleNote';
import { formatDate, formatMoney, formatTerm, formatTime } from '../format';
import { useLanguage } from '../i18n';
import { wipeSession } from '../session/wipe';
import { useAccount } from '../stores/account';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { useReceipt } from '../stores/receipt';
import { DocumentsToBring } from '../catalog/DocumentsToBring';
import { OperatorContacts } from '../catalog/OperatorContacts';
import { ServiceSummaryRow } from '../catalog/ServiceSummaryRow';
import { PrintButton } from '../ui/PrintButton';
import { LookupQr } from './LookupQr';
import './receipt.css';

/** GOV.UK confirmation: the number in a panel, what happens next, what to bring, whom to ask. */
export function ReceiptScreen() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const receipt = useReceipt((s) => s.receipt);
  const catalog = useKiosk((s) => s.catalog);
  const signedIn = useAccount((s) => s.state.status === 'signedIn');
  const go = useNavigation((s) => s.go);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    headingRef.current?.focus({ preventScroll: true });
  }, []);
  if (!receipt || !catalog) return null;
  const service = findService(catalog, receipt.serviceId);
  const variant = service?.variants.find((v) => v.id === receipt.variantId);
  const operator = catalog.operator;
  const number = receipt.registrationNumber ?? receipt.localNumber;
  const lookupCode = formatPlainCode(receipt.lookupCode);

  return (
    <div className="screen">
      <div className="panel">
        <h1 ref={headingRef} tabIndex={-1} className="panel__title">
          {t('receipt.title')}
        </h1>
        <p className="panel__label">{t('receipt.numberLabel')}</p>
        <p className="panel__number" data-testid="receipt-number">
          {number}
        </p>
      </div>
      <p className="note" data-testid="receipt-local-number">
        {receipt.registrationNumber
          ? t('receipt.localNumber', { number: receipt.localNumber })
          : t('receipt.localNumberNote', { number: receipt.localNumber })}
      </p>

      <section className="lookup" aria-labelledby="lookup-title">
        <div className="lookup__text">
          <h2 id="lookup-title" className="heading-m">
            {t('receipt.lookupTitle')}
          </h2>
          <p className="lookup__label">{t('receipt.lookupLabel')}</p>
          <p className="lookup__code" data-testid="receipt-lookup-code">
            {lookupCode}
          </p>
          <p data-testid="receipt-status-where">
            {t('receipt.statusWhere', { button: t('home.status.title'), phone: operator.phone })}
          </p>
        </div>
        <LookupQr lookupCode={receipt.lookupCode} code={lookupCode} />
      </section>

      <div className="print-row">
        <PrintButton
          testId="print-receipt"
          label={t('receipt.print')}
          printingLabel={t('receipt.printing')}
          printedText={t('receipt.printed')}
          savedText={t('receipt.saved')}
          print={() => api.printReceipt({ applicationId: receipt.applicationId, language })}
        />
      </div>

      <dl className="summary-list">
        {service && (
          <ServiceSummaryRow service={service} variant={variant} />
        )}
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('catalog.price')}</dt>
          <dd className="summary-list__value">
            {formatMoney(receipt.price.amount, language)}
            <ExampleMark example={receipt.price.example} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('catalog.term')}</dt>
          <dd className="summary-list__value">
            {formatTerm(receipt.term, language)}
            <ExampleMark example={receipt.term.example} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('receipt.submittedAt')}</dt>
          <dd className="summary-list__value">
            {t('receipt.dateTime', { date: formatDate(receipt.submittedAt), time: formatTime(receipt.submittedAt) })}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('receipt.deliveryLabel')}</dt>
          <dd className={`summary-list__value delivery delivery--${receipt.delivery}`} data-testid="receipt-delivery" data-state={receipt.delivery}>
            {/* Announced when the sync delivers it; a <dd> itself cannot be a status and stay a definition. */}
            <span role="status">{t(`receipt.delivery.${receipt.delivery}`)}</span>
          </dd>
        </div>
      </dl>

      <h2 className="heading-m">{t('receipt.nextTitle')}</h2>
      <p>{t('receipt.next')}</p>
      {signedIn && (
        <p className="note" data-testid="receipt-in-cabinet">
          {t('receipt.inCabinet')}
        </p>
      )}

      {service && <DocumentsToBring service={service} />}

      <OperatorContacts operator={operator} />

      <div className="action-bar">
        <button
          type="button"
          className="button button--primary button--wide"
          data-testid="done"
          onClick={() => void wipeSession()}
        >
          {t('receipt.done')}
        </button>
        {signedIn && (
          <button type="button" className="button button--secondary" data-testid="receipt-cabinet" onClick={() => go({ name: 'cabinet' })}>
            {t('account.entry.cabinet')}
          </button>
        )}
      </div>
    </div>
  );
}
