import type { Service, ServiceVariant } from '../../src-shared/catalog/schema';

/** The cheapest variant, for "from N сом" in lists. */
export function cheapestVariant(service: Service): ServiceVariant | undefined {
  return service.variants.reduce<ServiceVariant | undefined>(
    (cheapest, variant) => (!cheapest || variant.price.amount < cheapest.price.amount ? variant : cheapest),
    undefined,
  );
}
