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

/** The published catalogs and a view of them fixed at one moment. */
export interface PublishedCatalogs extends CatalogHistory {
  /**
   * The versions as published now, looked up without asking the database
   * again: what one batch is judged against (the feed head is read once,
   * not once per item).
   */
  snapshot(): CatalogHistory;
}

function formKey(formId: string, version: number): string {
  return `${formId}\u0000${version}`;
}

/** A fixed view: catalogs by version, and every form of any of them by id and version (the latest catalog's first). */
function fixedHistory(byVersion: Map<string, Catalog>, latest: Catalog, fallback: Catalog): CatalogHistory {
  const forms = new Map<string, FormDefinition>();
  for (const catalog of [fallback, ...[...byVersion.values()].reverse(), latest]) {
    for (const form of catalog.forms) forms.set(formKey(form.id, form.version), form);
  }
  return {
    catalogFor: (version) => byVersion.get(version) ?? latest,
    form: (formId, version) => forms.get(formKey(formId, version)),
  };
}

/**
 * Every published catalog, parsed once and re-read when another process
 * (the admin CLI) publishes: the feed head is checked on each use.
 */
export function createPublishedCatalogs(db: CentralDatabase, fallback: Catalog): PublishedCatalogs {
  let head = -1;
  let view = fixedHistory(new Map(), fallback, fallback);

  function refresh(): CatalogHistory {
    const current = catalogFeedHead(db);
    if (current === head) return view;
    const byVersion = new Map<string, Catalog>();
    let newest = fallback;
    for (const stored of allCatalogVersions(db)) {
      // Stored versions were validated when published; one that no longer parses is skipped, not fatal.
      const parsed = Catalog.safeParse(JSON.parse(stored.json));
      if (!parsed.success) continue;
      byVersion.set(stored.version, parsed.data);
      newest = parsed.data;
    }
    view = fixedHistory(byVersion, newest, fallback);
    head = current;
    return view;
  }

  return {
    catalogFor: (version) => refresh().catalogFor(version),
    form: (formId, version) => refresh().form(formId, version),
    snapshot: refresh,
  };
}
