import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { ScreenHeading } from '../ui/ScreenHeading';

export function CategoriesScreen() {
  const { t } = useTranslation();
  const { pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  const go = useNavigation((s) => s.go);
  if (!catalog) return null;
  return (
    <div className="screen">
      <BackLink onBack={() => go({ name: 'home' })} />
      <ScreenHeading>{t('catalog.categoriesTitle')}</ScreenHeading>
      <p className="lead">{t('catalog.categoriesLead')}</p>
      <ul className="tiles">
        {catalog.categories.map((category) => (
          <li key={category.id}>
            <button
              type="button"
              className="tile"
              data-testid={`category-${category.id}`}
              onClick={() => go({ name: 'services', categoryId: category.id })}
            >
              <span className="tile__title">{pick(category.name)}</span>
              <span className="tile__text">{pick(category.description)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
