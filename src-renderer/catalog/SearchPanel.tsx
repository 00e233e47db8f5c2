import { useEffect, useState, type ReactNode } from 'react';
import '../styles/search.css';
import { useSearch } from '../stores/search';
import { SearchBox } from './SearchBox';
import { SearchResults } from './SearchResults';

/** Results follow the typing, but not on every key: a pause this long. */
export const SEARCH_DEBOUNCE_MS = 150;

/** The query once typing pauses; an emptied field shows the categories at once. */
function useSettledQuery(): string {
  const query = useSearch((s) => s.query);
  const [settled, setSettled] = useState(query);
  useEffect(() => {
    if (query.trim() === '') {
      setSettled('');
      return;
    }
    const timer = setTimeout(() => setSettled(query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);
  return settled;
}

/** The search box above the catalog (`children`, the category tiles), which results replace while there is a query. */
export function SearchPanel({ children }: { children: ReactNode }) {
  const settled = useSettledQuery();
  return (
    <>
      <SearchBox />
      <div className="search-panel__results">
        {settled.trim() === '' ? children : <SearchResults query={settled}>{children}</SearchResults>}
      </div>
    </>
  );
}
