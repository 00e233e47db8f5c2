import { Catalog } from '../../src-shared/catalog/schema';
import type { FormDefinition } from '../../src-shared/forms/schema';
import type { CentralDatabase } from '../database';
import { allCatalogVersions, catalogFeedHead } from './versions';

/** What ingestion needs to know of the catalog history. */
export interface CatalogHistory {
  /** The catalog an envelope names, or the latest when it names none we know. */
  catalogFor(version: string): Catalog;
  /** A form by id and version, from any published catalog. */
  form(formId: string, version: number): FormDefinition | undefined;
}

export function isCatalogHistory(value: Catalog | CatalogHistory): value is CatalogHistory {
  return typeof (value as CatalogHistory).catalogFor === 'function';
}

/** One catalog alone: what callers that know a single catalog pass. */
export function singleCatalogHistory(catalog: Catalog): CatalogHistory {
  return {
    catalogFor: () => catalog,
    form: (formId, version) => catalog.forms.find((f) => f.id === formId && f.version === version),
  };
}

/**
 * Every published catalog, parsed once and re-read when another process
 * (the admin CLI) publishes: the feed head is checked on each use.
 */
export function createPublishedCatalogs(db: CentralDatabase, fallback: Catalog): CatalogHistory {
  let head = -1;
  let byVersion = new Map<string, Catalog>();
  let latest = fallback;

  function refresh(): void {
    const current = catalogFeedHead(db);
    if (current === head) return;
    const next = new Map<string, Catalog>();
    let newest = fallback;
    for (const stored of allCatalogVersions(db)) {
      // Stored versions were validated when published; one that no longer parses is skipped, not fatal.
      const parsed = Catalog.safeParse(JSON.parse(stored.json));
      if (!parsed.success) continue;
      next.set(stored.version, parsed.data);
      newest = parsed.data;
    }
    byVersion = next;
    latest = newest;
    head = current;
  }

  return {
    catalogFor(version) {
      refresh();
      return byVersion.get(version) ?? latest;
    },
    form(formId, version) {
      refresh();
      for (const catalog of [latest, ...byVersion.values()]) {
        const form = catalog.forms.find((f) => f.id === formId && f.version === version);
        if (form) return form;
      }
      return fallback.forms.find((f) => f.id === formId && f.version === version);
    },
  };
}
