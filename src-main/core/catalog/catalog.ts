import { readFileSync } from 'node:fs';
import { Catalog, findForm, findService } from '../../../src-shared/catalog/schema';
import type { FormDefinition } from '../../../src-shared/forms/schema';
import type { Service, ServiceVariant } from '../../../src-shared/catalog/schema';
import { KioskError } from '../../../src-shared/errors';

/**
 * The catalog the kiosk shows. For now the bundled snapshot; a kiosk that has
 * never been online works with it. A snapshot that does not parse is a
 * packaging fault, so it stops the start rather than showing a broken catalog.
 */
export function loadCatalogSnapshot(path: string): Catalog {
  return Catalog.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface ServiceChoice {
  service: Service;
  variant: ServiceVariant;
  form: FormDefinition;
}

export function resolveServiceChoice(catalog: Catalog, serviceId: string, variantId: string): ServiceChoice {
  const service = findService(catalog, serviceId);
  if (!service) throw new KioskError('service.unknown');
  const variant = service.variants.find((v) => v.id === variantId);
  if (!variant) throw new KioskError('variant.unknown');
  const form = findForm(catalog, service.formId);
  if (!form) throw new KioskError('form.unknown');
  return { service, variant, form };
}

/** What a draft is submitted with: its own form version, and the catalog whose service and price it goes under. */
export interface DraftChoice extends ServiceChoice {
  catalogVersion: string;
}

/**
 * The service, variant and form of a draft: the form exactly as the draft
 * was started on (from whichever held version has it), and the service and
 * price from the active catalog, or from the newest held one that still
 * offers them with that form.
 */
export function resolveDraftChoice(
  catalogs: { known(): Catalog[]; formFor(formId: string, version: number): FormDefinition | undefined },
  draft: { serviceId: string; variantId: string; formId: string; formVersion: number },
): DraftChoice {
  const form = catalogs.formFor(draft.formId, draft.formVersion);
  if (!form) throw new KioskError('form.unknown');
  let serviceSeen = false;
  for (const catalog of catalogs.known()) {
    const service = findService(catalog, draft.serviceId);
    if (!service || service.formId !== draft.formId) continue;
    serviceSeen = true;
    const variant = service.variants.find((v) => v.id === draft.variantId);
    if (variant) return { service, variant, form, catalogVersion: catalog.version };
  }
  throw new KioskError(serviceSeen ? 'variant.unknown' : 'service.unknown');
}
