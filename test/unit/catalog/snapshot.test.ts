import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalog, findForm, findService } from '../../../src-shared/catalog/schema';
import type { FieldDefinition } from '../../../src-shared/forms/schema';

/** The bundled snapshot a kiosk that has never been online starts from. */
const file = fileURLToPath(new URL('../../../assets/catalog/catalog.json', import.meta.url));
const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
const catalog = Catalog.parse(raw);

const CATEGORIES = ['passports', 'civil-status', 'address', 'real-estate', 'vehicles', 'certificates'];

/**
 * Figures with a public source (shared/DOMAIN.md): service → variant → price
 * and, where the source gives one, term. Every other figure is an example.
 */
const SOURCED: Record<string, Record<string, { price?: number; term?: { value: number; unit: string } }>> = {
  'id-card': {
    standard: { price: 510, term: { value: 12, unit: 'workingDays' } },
    'fast-8-days': { price: 1300, term: { value: 8, unit: 'workingDays' } },
    'urgent-4-days': { price: 1640, term: { value: 4, unit: 'workingDays' } },
    'urgent-2-days': { price: 1865, term: { value: 2, unit: 'workingDays' } },
    'express-3-hours': { price: 4140, term: { value: 3, unit: 'hours' } },
  },
  'foreign-passport': { standard: { price: 885, term: { value: 18, unit: 'workingDays' } } },
  'id-card-delivery': { standard: { price: 100, term: { value: 3, unit: 'workingDays' } } },
  'driving-licence': { standard: { price: 540 } },
  'vehicle-reregistration': { standard: { price: 1716 } },
  'real-estate-rights': { individual: { price: 833 }, 'legal-entity': { price: 1800 } },
  'marriage-registration': { standard: { term: { value: 1, unit: 'months' } } },
  'pin-assignment': { standard: { term: { value: 3, unit: 'workingDays' } } },
};

const KYRGYZ_LETTERS = /[ҢңӨөҮү]/;

interface Text {
  path: string;
  ky: string;
  ru: string;
}

/** Every Localized value in the snapshot, with where it sits. */
function localizedTexts(value: unknown, path = '$'): Text[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => localizedTexts(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.ky === 'string' && typeof record.ru === 'string') {
    return [{ path, ky: record.ky, ru: record.ru }];
  }
  return keys.flatMap((key) => localizedTexts(record[key], `${path}.${key}`));
}

function fieldsOf(formId: string): FieldDefinition[] {
  const form = findForm(catalog, formId);
  if (!form) throw new Error(`no form ${formId}`);
  return form.pages.flatMap((page) => page.fields);
}

describe('bundled catalog snapshot', () => {
  it('has a dated version and the operator contacts', () => {
    expect(catalog.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect(catalog.operator.phone.trim()).not.toBe('');
    expect(catalog.operator.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/);
  });

  it('has the six categories, each with at least three services, and at least 28 services', () => {
    expect(catalog.categories.map((c) => c.id).sort()).toEqual([...CATEGORIES].sort());
    for (const category of CATEGORIES) {
      const count = catalog.services.filter((s) => s.categoryId === category).length;
      expect(count, category).toBeGreaterThanOrEqual(3);
    }
    expect(catalog.services.length).toBeGreaterThanOrEqual(28);
  });

  it('keeps service, form and variant ids unique', () => {
    const serviceIds = catalog.services.map((s) => s.id);
    expect(new Set(serviceIds).size, 'service ids').toBe(serviceIds.length);
    const formIds = catalog.forms.map((f) => f.id);
    expect(new Set(formIds).size, 'form ids').toBe(formIds.length);
    for (const service of catalog.services) {
      const variantIds = service.variants.map((v) => v.id);
      expect(new Set(variantIds).size, service.id).toBe(variantIds.length);
    }
  });

  it('gives every service its own form, ending with the contacts page', () => {
    const formIds = catalog.services.map((s) => s.formId);
    // No two services share a form: each has its own application.
    expect(new Set(formIds).size).toBe(formIds.length);
    for (const service of catalog.services) {
      const form = findForm(catalog, service.formId)!;
      expect(form, service.id).toBeDefined();
      const contacts = form.pages.find((p) => p.id === 'contacts');
      expect(contacts, `${form.id}: contacts page`).toBeDefined();
      expect(contacts!.fields.map((f) => [f.id, f.type]), form.id).toEqual([
        ['phone', 'phone'],
        ['email', 'email'],
      ]);
      // The id-card form keeps its older page order, which the end-to-end test walks.
      if (form.id !== 'id-card') expect(form.pages.at(-1)!.id, form.id).toBe('contacts');
    }
  });

  it('describes every service for the kiosk: short names, documents with what to bring', () => {
    for (const service of catalog.services) {
      // Names go on big touch buttons.
      expect(service.name.ky.length, `${service.id} ky name`).toBeLessThanOrEqual(45);
      expect(service.name.ru.length, `${service.id} ru name`).toBeLessThanOrEqual(45);
      expect(service.documents.length, service.id).toBeGreaterThanOrEqual(1);
      expect(service.sources.length, service.id).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives every service a form, and every condition names a field of its form', () => {
    for (const service of catalog.services) {
      const form = findForm(catalog, service.formId);
      expect(form, service.id).toBeDefined();
      const ids = new Set(fieldsOf(service.formId).map((f) => f.id));
      for (const page of form!.pages) {
        for (const condition of [page.showIf, ...page.fields.map((f) => f.showIf)]) {
          if (condition) expect(ids.has(condition.field), `${form!.id}: ${condition.field}`).toBe(true);
        }
      }
    }
    // Every form is used by some service; none is left over.
    for (const form of catalog.forms) {
      expect(catalog.services.some((s) => s.formId === form.id), form.id).toBe(true);
    }
  });

  it('keeps forms to small pages of valid fields', () => {
    for (const form of catalog.forms) {
      expect(form.version, form.id).toBe(1);
      for (const page of form.pages) {
        expect(page.fields.length, `${form.id}/${page.id}`).toBeLessThanOrEqual(5);
        for (const field of page.fields) {
          expect(field.id, `${form.id}/${field.id}`).toMatch(/^[a-z][a-zA-Z0-9]*$/);
          if (field.type === 'choice') expect(field.options!.length).toBeGreaterThanOrEqual(2);
          if (field.showIf) {
            const target = fieldsOf(form.id).find((f) => f.id === field.showIf!.field)!;
            if (target.type === 'choice') {
              const values = target.options!.map((o) => o.value);
              for (const value of field.showIf.equals) expect(values, `${form.id}/${field.id}`).toContain(value);
            }
            if (target.type === 'yesno') {
              for (const value of field.showIf.equals) expect(['yes', 'no']).toContain(value);
            }
          }
        }
      }
    }
  });

  it('writes every text in both languages, Kyrgyz not left in Russian', () => {
    const texts = localizedTexts(raw);
    expect(texts.length).toBeGreaterThan(100);
    for (const text of texts) {
      expect(text.ky.trim(), text.path).not.toBe('');
      expect(text.ru.trim(), text.path).not.toBe('');
      expect(KYRGYZ_LETTERS.test(text.ru), `${text.path}: Kyrgyz letters in ru "${text.ru}"`).toBe(false);
    }
    const mustDiffer = [
      ...catalog.categories.flatMap((c) => [c.name, c.description]),
      ...catalog.services.flatMap((s) => [s.name, s.summary, s.description, s.provider, ...s.variants.map((v) => v.name)]),
      ...catalog.forms.flatMap((f) => [f.title, ...f.pages.flatMap((p) => [p.title, ...p.fields.map((x) => x.label)])]),
    ];
    for (const text of mustDiffer) expect(text.ky, text.ru).not.toBe(text.ru);
    // Descriptions are sentences: a Kyrgyz one always has a Kyrgyz letter somewhere.
    for (const service of catalog.services) {
      expect(KYRGYZ_LETTERS.test(service.description.ky + service.summary.ky), service.id).toBe(true);
    }
  });

  it('has the id-card form the end-to-end test walks through', () => {
    expect(findService(catalog, 'id-card')?.formId).toBe('id-card');
    const form = findForm(catalog, 'id-card')!;
    const shape = form.pages.map((page) => ({
      page: page.id,
      fields: page.fields.map((f) => [f.id, f.type, f.optional === true]),
    }));
    expect(shape).toEqual([
      {
        page: 'applicant',
        fields: [
          ['surname', 'text', false],
          ['givenName', 'text', false],
          ['patronymic', 'text', true],
          ['pin', 'pin', false],
          ['birthDate', 'date', false],
        ],
      },
      { page: 'contacts', fields: [['phone', 'phone', false], ['email', 'email', true]] },
      { page: 'reason', fields: [['reason', 'choice', false], ['lostCircumstances', 'longtext', false]] },
    ]);
    const fields = fieldsOf('id-card');
    expect(fields.find((f) => f.id === 'birthDate')?.notFuture).toBe(true);
    expect(fields.find((f) => f.id === 'reason')?.options?.map((o) => o.value)).toEqual([
      'first',
      'age',
      'lost',
      'damaged',
      'nameChange',
    ]);
    expect(fields.find((f) => f.id === 'lostCircumstances')?.showIf).toEqual({ field: 'reason', equals: ['lost'] });
  });

  it('asks marriage applicants to be adults', () => {
    const birthDates = fieldsOf('marriage-registration').filter((f) => f.type === 'date');
    expect(birthDates.length).toBe(2);
    for (const field of birthDates) expect(field.minAgeYears, field.id).toBe(18);
  });

  it('carries the sourced figures as facts and marks every other figure as an example', () => {
    for (const [serviceId, variants] of Object.entries(SOURCED)) {
      const service = findService(catalog, serviceId);
      expect(service, serviceId).toBeDefined();
      for (const variantId of Object.keys(variants)) {
        expect(service!.variants.some((v) => v.id === variantId), `${serviceId}/${variantId}`).toBe(true);
      }
    }
    for (const service of catalog.services) {
      expect(service.sources.every((s) => s.accessed === '2026-11-24'), service.id).toBe(true);
      // A figure given as a fact names where it came from.
      const hasFact = service.variants.some((v) => !v.price.example || !v.term.example);
      if (hasFact) expect(service.sources.some((s) => s.url !== undefined), `${service.id}: a fact without a source`).toBe(true);
      for (const variant of service.variants) {
        const where = `${service.id}/${variant.id}`;
        const sourced = SOURCED[service.id]?.[variant.id];
        if (sourced?.price !== undefined) {
          expect(variant.price, where).toEqual({ amount: sourced.price, example: false });
        } else {
          expect(variant.price.example, `${where} price`).toBe(true);
        }
        if (sourced?.term !== undefined) {
          expect(variant.term, where).toEqual({ ...sourced.term, example: false });
        } else {
          expect(variant.term.example, `${where} term`).toBe(true);
        }
      }
    }
  });
});
