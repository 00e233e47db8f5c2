import { Fragment, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextRange } from '../../src-shared/catalog/search';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { catalogIndexOf } from '../stores/search';

/** A screen holds about this many; a longer list means the citizen should type one more letter. */
const RESULTS_SHOWN = 20;

/** The text with the matched pieces wrapped in <mark>. */
function Highlighted({ text, ranges }: { text: string; ranges: TextRange[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { start, end } of ranges) {
    if (start > at) parts.push(<Fragment key={`t${at}`}>{text.slice(at, start)}</Fragment>);
    parts.push(
      <mark key={`m${start}`} className="search-mark">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(<Fragment key={`t${at}`}>{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}

/**
 * The services that match, best first, in place of the category tiles. When
 * nothing matches, it says so and shows the categories (the `children`) to
 * browse instead.
 */
export function SearchResults({ query, children }: { query: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { language, pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  const go = useNavigation((s) => s.go);
  const results = useMemo(() => (catalog ? catalogIndexOf(catalog).search(query) : []), [catalog, query]);
  if (!catalog) return null;

  if (results.length === 0) {
    return (
      <>
        <div className="search-empty" data-testid="search-nothing-found" role="status">
          <p className="search-empty__title">{t('search.nothingFound', { query: query.trim() })}</p>
          <p>{t('search.nothingFoundHint')}</p>
        </div>
        {children}
      </>
    );
  }

  const services = new Map(catalog.services.map((service) => [service.id, service]));
  return (
    <section aria-labelledby="search-results-title" data-testid="search-results">
      <h2 id="search-results-title" className="heading-m">
        {t('search.resultsTitle')}
      </h2>
      <p className="search-count" role="status">
        {t('search.found', { count: results.length })}
      </p>
      <ul className="service-list">
        {results.slice(0, RESULTS_SHOWN).map((result) => {
          const service = services.get(result.serviceId);
          if (!service) return null;
          return (
            <li key={service.id}>
              <button
                type="button"
                className="service-item"
                data-testid={`search-result-${service.id}`}
                onClick={() => go({ name: 'service', serviceId: service.id })}
              >
                <span className="service-item__title">
                  <Highlighted text={pick(service.name)} ranges={result.highlights.name[language]} />
                </span>
                <span className="service-item__text">
                  <Highlighted text={pick(service.summary)} ranges={result.highlights.summary[language]} />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {results.length > RESULTS_SHOWN && <p className="search-more">{t('search.typeMore')}</p>}
    </section>
  );
}
