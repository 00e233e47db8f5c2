import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { ScreenHeading } from '../ui/ScreenHeading';

export function HomeScreen() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const operator = useKiosk((s) => s.catalog?.operator);
  const go = useNavigation((s) => s.go);
  return (
    <div className="screen screen--home">
      <ScreenHeading focusOnMount={false}>{t('home.title')}</ScreenHeading>
      <p className="lead">{t('home.lead')}</p>
      <button
        type="button"
        className="entry-button"
        data-testid="open-catalog"
        onClick={() => go({ name: 'categories' })}
      >
        <span className="entry-button__title">{t('home.openCatalog')}</span>
        <span className="entry-button__hint">{t('home.openCatalogHint')}</span>
        <span className="entry-button__arrow" aria-hidden="true">
          ›
        </span>
      </button>
      {operator && (
        <section className="help" aria-labelledby="help-title">
          <h2 id="help-title" className="heading-m">
            {t('home.helpTitle')}
          </h2>
          <p>{t('home.help', { phone: operator.phone, email: operator.email, hours: pick(operator.hours) })}</p>
        </section>
      )}
    </div>
  );
}
