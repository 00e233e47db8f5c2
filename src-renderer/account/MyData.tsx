import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../src-shared/accounts/wire';
import { formatDate } from '../format';
import { maskPhone, maskPin } from './masking';

/**
 * What the service holds of the citizen. The ПИН and the phone are partly
 * hidden (a kiosk's screen is read over shoulders); whether a clerk has
 * confirmed the identity, and what that means, in words.
 */
export function MyData({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  return (
    <section className="cabinet-section" aria-labelledby="my-data-title" data-testid="my-data">
      <h2 id="my-data-title" className="heading-m">
        {t('account.myData.title')}
      </h2>
      <dl className="data-list">
        <div className="data-list__row">
          <dt>{t('account.fields.login.label')}</dt>
          <dd data-testid="my-data-login">{account.login}</dd>
        </div>
        <div className="data-list__row">
          <dt>{t('account.fields.fullName.label')}</dt>
          <dd data-testid="my-data-name">{account.fullName}</dd>
        </div>
        <div className="data-list__row">
          <dt>{t('account.fields.pin.label')}</dt>
          <dd data-testid="my-data-pin" aria-label={t('account.myData.pinMasked', { last: account.pin.slice(-4) })}>
            {maskPin(account.pin)}
          </dd>
        </div>
        <div className="data-list__row">
          <dt>{t('account.fields.phone.label')}</dt>
          <dd data-testid="my-data-phone" aria-label={t('account.myData.phoneMasked', { last: account.phone.slice(-3) })}>
            {maskPhone(account.phone)}
          </dd>
        </div>
        <div className="data-list__row">
          <dt>{t('account.myData.since')}</dt>
          <dd>{formatDate(account.createdAt)}</dd>
        </div>
      </dl>
      <div className={`verified verified--${account.verified ? 'yes' : 'no'}`} data-testid="my-data-verified" data-verified={account.verified}>
        <p className="verified__state">{account.verified ? t('account.myData.verified') : t('account.myData.notVerified')}</p>
        <p>{account.verified ? t('account.myData.verifiedText') : t('account.myData.notVerifiedText')}</p>
      </div>
      <p className="note">{t('account.myData.maskNote')}</p>
    </section>
  );
}
