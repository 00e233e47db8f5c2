import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_QUERY_CHARS } from '../../src-shared/catalog/search';
import { useSearch } from '../stores/search';

/** One big field at the top of the home screen: type a word, in either language or in Latin letters. */
export function SearchBox() {
  const { t } = useTranslation();
  const query = useSearch((s) => s.query);
  const setQuery = useSearch((s) => s.setQuery);
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <form
      role="search"
      className="search"
      onSubmit={(event) => {
        // Results already follow the typing; Enter only puts the keyboard away.
        event.preventDefault();
        inputRef.current?.blur();
      }}
    >
      <label htmlFor="catalog-search" className="search__label">
        {t('search.label')}
      </label>
      <p id="catalog-search-hint" className="search__hint">
        {t('search.hint')}
      </p>
      <div className="search__row">
        <input
          id="catalog-search"
          ref={inputRef}
          className="input search__input"
          data-testid="search-input"
          type="text"
          inputMode="search"
          enterKeyHint="search"
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={MAX_QUERY_CHARS}
          aria-describedby="catalog-search-hint"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        {query !== '' && (
          <button
            type="button"
            className="button button--secondary search__clear"
            data-testid="search-clear"
            onClick={() => {
              setQuery('');
              inputRef.current?.focus();
            }}
          >
            {t('search.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
