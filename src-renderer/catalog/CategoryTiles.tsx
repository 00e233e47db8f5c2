import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';

/** The catalog's categories as big tiles: the first choice a citizen makes. */
export function CategoryTiles() {
  const { pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  const go = useNavigation((s) => s.go);
  if (!catalog) return null;
  return (
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
  );
}
