import { create } from 'zustand';
import type { Catalog } from '../../src-shared/catalog/schema';
import { createCatalogIndex, MAX_QUERY_CHARS, type CatalogIndex } from '../../src-shared/catalog/search';

/** What the citizen typed into the catalog search: part of the session, gone on exit and idle. */
interface SearchState {
  query: string;
  setQuery(query: string): void;
  reset(): void;
}

const initial = { query: '' };

export const useSearch = create<SearchState>()((set) => ({
  ...initial,
  setQuery: (query) => set({ query: query.slice(0, MAX_QUERY_CHARS) }),
  reset: () => set(initial),
}));

const indexes = new WeakMap<Catalog, CatalogIndex>();

/** Built once per catalog version the kiosk holds, not on every visit to the home screen. */
export function catalogIndexOf(catalog: Catalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = createCatalogIndex(catalog);
    indexes.set(catalog, index);
  }
  return index;
}
