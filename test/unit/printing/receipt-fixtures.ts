import { join } from 'node:path';
import type { Catalog } from '../../../src-shared/catalog/schema';
import type { Draft, Receipt, ResumeTicket } from '../../../src-shared/contract';
import { loadCatalogSnapshot } from '../../../src-main/core/catalog/catalog';

export const root = join(import.meta.dirname, '..', '..', '..');
export const catalog: Catalog = loadCatalogSnapshot(join(root, 'assets', 'catalog', 'catalog.json'));
export const notoSansDir = join(root, 'node_modules', '@fontsource', 'noto-sans');

/** A receipt as the kiosk makes it at submit, before the central service gave a registration number. */
export function receiptOf(overrides: Partial<Receipt> = {}): Receipt {
  return {
    applicationId: '7d3f4c2e-8a1b-4c5d-9e6f-0a1b2c3d4e5f',
    localNumber: 'K7Q2-000123',
    lookupCode: 'ACDEFGHJKMNP',
    registrationNumber: null,
    delivery: 'waiting',
    serviceId: 'id-card',
    variantId: 'standard',
    catalogVersion: catalog.version,
    formVersion: 1,
    price: { amount: 510, example: false },
    term: { value: 12, unit: 'workingDays', example: false },
    language: 'ky',
    // 15:30 in Bishkek.
    submittedAt: '2026-03-02T09:30:00.000Z',
    ...overrides,
  };
}

export const draft: Draft = {
  id: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  serviceId: 'real-estate-rights',
  variantId: 'legal-entity',
  formId: 'real-estate-rights',
  formVersion: 1,
  answers: {},
  pageId: null,
  language: 'ky',
  revision: 3,
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:10:00.000Z',
  migration: null,
  // 31 March 21:00 UTC is already 1 April in Bishkek.
  expiresAt: '2026-03-31T21:00:00.000Z',
};

export const ticket: ResumeTicket = { draftId: draft.id, code: 'RTX4-9MWK', expiresAt: draft.expiresAt };
