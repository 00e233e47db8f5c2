import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findForm, findService, type Catalog } from '../../../src-shared/catalog/schema';
import { KioskError } from '../../../src-shared/errors';
import { LANGUAGES } from '../../../src-shared/language';
import { loadCatalogSnapshot } from '../../../src-main/core/catalog/catalog';
import { createCore, type Core } from '../../../src-main/core/index';
import { loadNotoSans } from '../../../src-main/core/printing/fonts';
import { conditionNote, renderApplicationPdf } from '../../../src-main/core/printing/application-pdf';
import { createOffload } from '../../../src-main/core/offload/offload';
import { renderSampleForm } from '../../../src-main/core/printing/sample-form';
import { PRINTED_TEXTS } from '../../../src-main/core/printing/texts';
import { pdfFacts } from './pdf-tools';

const root = join(import.meta.dirname, '..', '..', '..');
const catalogPath = join(root, 'assets', 'catalog', 'catalog.json');
const catalog: Catalog = loadCatalogSnapshot(catalogPath);
const notoSansDir = join(root, 'node_modules', '@fontsource', 'noto-sans');
const fonts = loadNotoSans(notoSansDir);
const renderer = createOffload({ notoSansDir });
const createdAt = new Date('2026-03-02T09:30:00Z');
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the sample form as a PDF', () => {
  for (const serviceId of ['id-card', 'marriage-registration']) {
    for (const language of LANGUAGES) {
      it(`prints every heading and label of ${serviceId} in ${language}, with the page count`, async () => {
        const service = findService(catalog, serviceId)!;
        const form = findForm(catalog, service.formId)!;
        const texts = PRINTED_TEXTS[language];
        const { pdf, pageCount } = await renderSampleForm(catalog, { serviceId, language }, renderer, createdAt);
        const facts = pdfFacts(pdf);

        expect(facts.pages).toBe(pageCount);
        expect(pageCount).toBeGreaterThanOrEqual(1);
        expect(facts.title).toContain(service.name[language]);
        expect(facts.text).toContain(squash(service.name[language]));
        expect(facts.text).toContain(squash(catalog.operator.name[language]));
        for (const word of [texts.application, texts.sample, texts.signature, texts.date, texts.datePattern]) {
          expect(facts.text).toContain(word);
        }
        for (const page of form.pages) {
          expect(facts.text).toContain(squash(page.title[language]));
          for (const field of page.fields) {
            expect(facts.text).toContain(squash(field.label[language]));
            if (field.hint) expect(facts.text).toContain(squash(field.hint[language]));
            for (const option of field.options ?? []) expect(facts.text).toContain(squash(option.label[language]));
            if (field.showIf) expect(facts.text).toContain(squash(conditionNote(form, field.showIf, language)));
          }
        }
        // "1 / 3": pdftotext drops the narrow spaces around the slash.
        for (let page = 1; page <= pageCount; page++) {
          expect(facts.text.replace(/ \/ /g, '/')).toContain(texts.pageNumber(page, pageCount).replace(/ \/ /g, '/'));
        }
        // Only embedded Noto Sans: the kiosk's printer may have no Cyrillic of its own.
        const fontRows = facts.fonts.split('\n').slice(2).filter(Boolean);
        expect(fontRows.length).toBeGreaterThanOrEqual(2);
        for (const row of fontRows) expect(row).toMatch(/\+NotoSans-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
      });
    }
  }

  it('names the condition of a conditional field with its question and answers', () => {
    const form = findForm(catalog, 'id-card')!;
    const lost = form.pages.flatMap((page) => page.fields).find((field) => field.id === 'lostCircumstances')!;
    expect(conditionNote(form, lost.showIf!, 'ky')).toBe('«Себеби» суроосуна «Жоголду же уурдалды» деп жооп берсеңиз гана толтуруңуз.');
    expect(conditionNote(form, lost.showIf!, 'ru')).toBe('Заполните, только если на вопрос «Причина» вы ответили «Утеряна или похищена».');
  });

  it('extracts the Kyrgyz letters Ң Ө Ү, capital and small, as they were written', async () => {
    const service = findService(catalog, 'id-card')!;
    const form = findForm(catalog, service.formId)!;
    const letters = 'ҢӨҮ ңөү Өмүрбек Үсөнов Чоңкөл';
    const { pdf } = await renderApplicationPdf({
      service: { ...service, name: { ky: letters, ru: letters } },
      form,
      operator: catalog.operator,
      language: 'ky',
      fonts,
      createdAt,
    });
    const facts = pdfFacts(pdf);
    expect(facts.text).toContain(letters);
    expect(facts.text).toContain('Толтуруу үлгүсү');
    expect(facts.text).toContain('Сиз менен кантип байланышсак болот?');
  });

  it('lays out a filled form from the same definition, answers in the boxes', async () => {
    const service = findService(catalog, 'id-card')!;
    const { pdf } = await renderApplicationPdf({
      service,
      form: findForm(catalog, service.formId)!,
      operator: catalog.operator,
      language: 'ru',
      fonts,
      createdAt,
      answers: { surname: 'Асанова', givenName: 'Айгүл', reason: 'lost', lostCircumstances: 'В автобусе' },
    });
    const facts = pdfFacts(pdf);
    expect(facts.text).toContain('Асанова');
    expect(facts.text).toContain('В автобусе');
    expect(facts.text).not.toContain(PRINTED_TEXTS.ru.sample);
  });
});

describe('sample forms through the core', () => {
  let core: Core | null = null;
  afterEach(async () => {
    await core?.close();
    core = null;
  });

  const start = (extra: Partial<Parameters<typeof createCore>[0]> = {}) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sample-form-core-'));
    core = createCore({ dataDir, catalogSnapshotPath: catalogPath, centralUrl: null, clock: () => createdAt, ...extra });
    return { core, dataDir };
  };

  it('answers the PDF in base64 with its page count', async () => {
    const { core } = start();
    const { pdfBase64, pageCount } = await core.sampleForm({ serviceId: 'id-card', language: 'ru' });
    const facts = pdfFacts(Buffer.from(pdfBase64, 'base64'));
    expect(facts.pages).toBe(pageCount);
    expect(facts.text).toContain('Получение ID-карты');
  });

  it('refuses a service the catalog does not have with service.unknown', async () => {
    const { core } = start();
    await expect(core.sampleForm({ serviceId: 'no-such-service', language: 'ky' })).rejects.toMatchObject({ code: 'service.unknown' });
    await expect(core.printSampleForm({ serviceId: 'no-such-service', language: 'ky' })).rejects.toBeInstanceOf(KioskError);
  });

  it('hands the PDF to the injected printer with a job name of service and language', async () => {
    const jobs: { name: string; pdf: Buffer }[] = [];
    const { core } = start({
      printPdf: async (pdf, job) => {
        jobs.push({ name: job.name, pdf });
        return 'printed';
      },
    });
    expect(await core.printSampleForm({ serviceId: 'marriage-registration', language: 'ky' })).toEqual({ outcome: 'printed' });
    expect(jobs.map((job) => job.name)).toEqual(['marriage-registration-ky']);
    expect(pdfFacts(jobs[0]!.pdf).text).toContain('Никени каттоо');
  });

  it('saves the printout in the data folder when no printer is injected', async () => {
    const { core, dataDir } = start();
    expect(await core.printSampleForm({ serviceId: 'id-card', language: 'ky' })).toEqual({ outcome: 'saved' });
    const saved = readdirSync(join(dataDir, 'printouts'));
    expect(saved).toEqual(['2026-03-02T09-30-00-000Z-id-card-ky.pdf']);
    expect(pdfFacts(readFileSync(join(dataDir, 'printouts', saved[0]!))).text).toContain('ID-карта алуу');
  });
});
