import { useTranslation } from 'react-i18next';
import { HomeAccountPanel } from '../account/AccountEntry';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { ScreenHeading } from '../ui/ScreenHeading';
import { CategoryTiles } from './CategoryTiles';
import { SearchPanel } from './SearchPanel';

/** Beside the catalog: for those who came back with a code, not for a new service. */
function Shortcuts() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  return (
    <nav className="home-shortcuts" aria-label={t('home.shortcutsLabel')}>
      <button type="button" className="shortcut" data-testid="home-resume" onClick={() => go({ name: 'resume' })}>
        <span className="shortcut__title">{t('home.resume.title')}</span>
        <span className="shortcut__text">{t('home.resume.text')}</span>
      </button>
      <button type="button" className="shortcut" data-testid="home-status" onClick={() => go({ name: 'status' })}>
        <span className="shortcut__title">{t('home.status.title')}</span>
        <span className="shortcut__text">{t('home.status.text')}</span>
      </button>
    </nav>
  );
}

/** The catalog's categories are the home screen: one tap to what a citizen came for. */
export function HomeScreen() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const operator = useKiosk((s) => s.catalog?.operator);
  return (
    <div className="screen screen--home">
      <div className="home-intro">
        <ScreenHeading focusOnMount={false}>{t('home.title')}</ScreenHeading>
        <p className="lead">{t('home.lead')}</p>
      </div>
      <div className="home-side">
        <Shortcuts />
        <HomeAccountPanel />
      </div>
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
