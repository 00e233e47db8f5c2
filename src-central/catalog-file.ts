import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Catalog } from '../src-shared/catalog/schema';

/** The snapshot shipped with the project, resolved from the working directory. */
export const DEFAULT_CATALOG_PATH = 'assets/catalog/catalog.json';

export function loadCatalogFile(path: string = DEFAULT_CATALOG_PATH): Catalog {
  return Catalog.parse(JSON.parse(readFileSync(resolve(path), 'utf8')));
}
