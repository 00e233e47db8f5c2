import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { ScreenHeading } from '../ui/ScreenHeading';
import { CategoryTiles } from './CategoryTiles';
import { SearchPanel } from './SearchPanel';

/** The catalog's categories are the home screen: one tap to what a citizen came for. */
export function HomeScreen() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const operator = useKiosk((s) => s.catalog?.operator);
  return (
    <div className="screen screen--home">
      <ScreenHeading focusOnMount={false}>{t('home.title')}</ScreenHeading>
      <p className="lead">{t('home.lead')}</p>
      <SearchPanel>
        <section aria-labelledby="categories-title" data-testid="home-catalog">
          <h2 id="categories-title" className="heading-m">
            {t('catalog.categoriesTitle')}
          </h2>
          <CategoryTiles />
        </section>
      </SearchPanel>
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
