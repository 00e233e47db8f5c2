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
