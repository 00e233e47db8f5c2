import { z } from 'zod';
import { Localized } from '../language';
import { FormDefinition } from '../forms/schema';

/** Where a figure came from, so an operator can check and replace it. */
export const Source = z.object({
  title: z.string().min(1),
  url: z.string().url().optional(),
  /** The day the figure was read from the source, YYYY-MM-DD. */
  accessed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type Source = z.infer<typeof Source>;

export const Price = z.object({
  /** In som (KGS); tyiyn as decimals. */
  amount: z.number().nonnegative(),
  /** True where no public source gave this figure. */
  example: z.boolean(),
});
export type Price = z.infer<typeof Price>;

export const TERM_UNITS = ['workingDays', 'days', 'hours', 'months'] as const;
export const Term = z.object({
  value: z.number().positive(),
  unit: z.enum(TERM_UNITS),
  example: z.boolean(),
});
export type Term = z.infer<typeof Term>;

export const ServiceVariant = z.object({
  id: z.string().min(1),
  name: Localized,
  price: Price,
  term: Term,
});
export type ServiceVariant = z.infer<typeof ServiceVariant>;

export const RequiredDocument = z.object({
  name: Localized,
  note: Localized.optional(),
});
export type RequiredDocument = z.infer<typeof RequiredDocument>;

export const Service = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  categoryId: z.string().min(1),
  name: Localized,
  /** One line under the name in lists. */
  summary: Localized,
  description: Localized,
  /** Who provides it (the agency is data, never hard-coded). */
  provider: Localized,
  variants: z.array(ServiceVariant).min(1),
  documents: z.array(RequiredDocument).min(1),
  formId: z.string().min(1),
  sources: z.array(Source).min(1),
  /** Other words citizens use for it ("прописка", "права"), found by search but never shown. */
  synonyms: z.object({ ky: z.array(z.string()), ru: z.array(z.string()) }).optional(),
});
export type Service = z.infer<typeof Service>;

export const Category = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: Localized,
  description: Localized,
});
export type Category = z.infer<typeof Category>;

export const Operator = z.object({
  name: Localized,
  phone: z.string().min(1),
  email: z.string().min(1),
  hours: Localized,
  address: Localized,
});
export type Operator = z.infer<typeof Operator>;

/** A whole catalog version as the central service publishes it. */
export const Catalog = z
  .object({
    version: z.string().min(1),
    publishedAt: z.string().datetime({ offset: true }),
    operator: Operator,
    categories: z.array(Category).min(1),
    services: z.array(Service).min(1),
    forms: z.array(FormDefinition).min(1),
  })
  .superRefine((catalog, ctx) => {
    const categories = new Set(catalog.categories.map((c) => c.id));
    const forms = new Set(catalog.forms.map((f) => f.id));
    const seen = new Set<string>();
    for (const service of catalog.services) {
      if (seen.has(service.id)) ctx.addIssue({ code: 'custom', message: `service ${service.id} appears twice` });
      seen.add(service.id);
      if (!categories.has(service.categoryId)) {
        ctx.addIssue({ code: 'custom', message: `service ${service.id} names unknown category ${service.categoryId}` });
      }
      if (!forms.has(service.formId)) {
        ctx.addIssue({ code: 'custom', message: `service ${service.id} names unknown form ${service.formId}` });
      }
    }
  });
export type Catalog = z.infer<typeof Catalog>;

export function findService(catalog: Catalog, serviceId: string): Service | undefined {
  return catalog.services.find((s) => s.id === serviceId);
}

export function findForm(catalog: Catalog, formId: string): FormDefinition | undefined {
  return catalog.forms.find((f) => f.id === formId);
}
