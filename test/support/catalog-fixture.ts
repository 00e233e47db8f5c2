import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog } from '../../src-shared/catalog/schema';

const both = (text: string) => ({ ky: `${text} (ky)`, ru: `${text} (ru)` });

/** A small catalog with one service and a two-page form, enough to drive drafts, submit and sync. */
export const fixtureCatalog: Catalog = Catalog.parse({
  version: 'fixture-1',
  publishedAt: '2026-11-24T00:00:00Z',
  operator: { name: both('Operator'), phone: '+996 312 000000', email: 'info@example.kg', hours: both('9-18'), address: both('Bishkek') },
  categories: [{ id: 'passports', name: both('Passports'), description: both('Passports and ID cards') }],
  services: [
    {
      id: 'id-card',
      categoryId: 'passports',
      name: both('ID card'),
      summary: both('Summary'),
      description: both('Description'),
      provider: both('Provider'),
      variants: [
        { id: 'normal', name: both('Normal'), price: { amount: 510, example: false }, term: { value: 12, unit: 'workingDays', example: false } },
        { id: 'urgent', name: both('Urgent'), price: { amount: 1300, example: false }, term: { value: 8, unit: 'workingDays', example: false } },
      ],
      documents: [{ name: both('Birth certificate') }],
      formId: 'id-card',
      sources: [{ title: 'test', accessed: '2026-11-24' }],
    },
  ],
  forms: [
    {
      id: 'id-card',
      version: 1,
      title: both('ID card application'),
      pages: [
        {
          id: 'applicant',
          title: both('Applicant'),
          fields: [
            { id: 'surname', type: 'text', label: both('Surname') },
            { id: 'pin', type: 'pin', label: both('PIN') },
            { id: 'birthDate', type: 'date', label: both('Birth date'), notFuture: true },
          ],
        },
        {
          id: 'reason',
          title: both('Reason'),
          fields: [
            {
              id: 'reason',
              type: 'choice',
              label: both('Reason'),
              options: [
                { value: 'first', label: both('First') },
                { value: 'lost', label: both('Lost') },
              ],
            },
            { id: 'lostCircumstances', type: 'longtext', label: both('How was it lost'), showIf: { field: 'reason', equals: ['lost'] } },
            { id: 'phone', type: 'phone', label: both('Phone'), optional: true },
          ],
        },
      ],
    },
  ],
});

/**
 * The fixture catalog with `fields` added to the last page of each form:
 * attachment tests add their file fields there, after everything required.
 */
export function fixtureCatalogWithLastPageFields(fields: unknown[]): Catalog {
  return Catalog.parse({
    ...fixtureCatalog,
    forms: fixtureCatalog.forms.map((form) => ({
      ...form,
      pages: form.pages.map((page, index) => (index === form.pages.length - 1 ? { ...page, fields: [...page.fields, ...fields] } : page)),
    })),
  });
}

/** Answers the fixture form accepts. */
export const validAnswers = {
  surname: 'Асанова',
  pin: '12505199012345',
  birthDate: '1990-05-25',
  reason: 'first',
};

export function writeFixtureCatalog(catalog: Catalog = fixtureCatalog): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-catalog-'));
  const path = join(dir, 'catalog.json');
  writeFileSync(path, JSON.stringify(catalog));
  return path;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
