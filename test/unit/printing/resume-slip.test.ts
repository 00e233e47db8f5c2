import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../../src-shared/language';
import { createOffload } from '../../../src-main/core/offload/offload';
import { createReceiptPrinting, type ReceiptPrintingOptions } from '../../../src-main/core/printing/receipts';
import { blankRowsAtBottom, pageImage, pdfFacts, pxToMm } from './pdf-tools';
import { catalog, draft, notoSansDir, ticket } from './receipt-fixtures';

const DPI = 200;
const now = new Date('2026-03-02T09:30:00.000Z');
const offload = createOffload({ notoSansDir });

function printingWith(extra: Partial<ReceiptPrintingOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'resume-slip-'));
  const events: string[] = [];
  const printing = createReceiptPrinting({ dataDir, offload, clock: () => now, log: (event) => events.push(event), ...extra });
  return { printing, dataDir, events };
}

const SEEN: Record<Language, string[]> = {
  ky: [
    'Арызды кийинчерээк улантуу',
    'Улантуу коду RTX4-9MWK',
    // Expires 21:00 UTC on 31 March: already 1 April in Bishkek.
    'Код 01.04.2026 чейин жарактуу',
    'Кызмат Мүлккө укукту каттоо Юридикалык жактар үчүн',
    'Ушул терминалдын башкы экранында «Арызды улантуу» баскычын басып, кодду териңиз.',
    'Бул талон колунда болгон ар бир адам арызыңызды ача алат. Аны сактап, эч кимге бербеңиз.',
  ],
  ru: [
    'Продолжить заявление позже',
    'Код для продолжения RTX4-9MWK',
    'Код действителен до 01.04.2026',
    'Услуга Регистрация прав на недвижимость Для юридических лиц',
    'На главном экране этого терминала нажмите «Продолжить заявление» и введите код.',
    'Любой, у кого окажется этот талон, может открыть ваше заявление. Храните его и никому не передавайте.',
  ],
};

describe('the slip with a resume code', () => {
  for (const language of ['ky', 'ru'] as const) {
    it(`prints the code, the service, until when and how to continue, on one 80 mm sheet, in ${language}`, async () => {
      const { printing } = printingWith();
      const { pdfBase64, pageCount } = await printing.resumeSlipPdf(catalog, draft, ticket, language);
      const pdf = Buffer.from(pdfBase64, 'base64');
      const facts = pdfFacts(pdf);
      for (const text of SEEN[language]) expect(facts.text).toContain(text);
      for (const text of SEEN[language === 'ky' ? 'ru' : 'ky']) expect(facts.text).not.toContain(text);
      // Date only: the time of expiry is not the citizen's concern.
      expect(facts.text).not.toMatch(/\d\d:\d\d/);
      expect(pageCount).toBe(1);
      expect(facts.pages).toBe(1);
      expect(facts.pageWidth).toBeCloseTo((80 / 25.4) * 72, 1);
      const image = pageImage(pdf, DPI);
      expect(pxToMm(blankRowsAtBottom(image), DPI)).toBeLessThan(6.5);
      const fontRows = facts.fonts.split('\n').slice(2).filter(Boolean);
      for (const row of fontRows) expect(row).toMatch(/\+NotoSans-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    });
  }

  it('leaves out the variant of a service that has only one', async () => {
    const { printing } = printingWith();
    const single = { ...draft, serviceId: 'marriage-registration', variantId: 'standard' };
    const { pdfBase64 } = await printing.resumeSlipPdf(catalog, single, ticket, 'ru');
    const { text } = pdfFacts(Buffer.from(pdfBase64, 'base64'));
    expect(text).toContain('Услуга Регистрация брака На главном экране');
    expect(text).not.toContain('В обычном порядке');
  });

  it('saves the slip without its code in the file name when there is no printer', async () => {
    const { printing, dataDir, events } = printingWith();
    expect(await printing.printResumeSlip(catalog, draft, ticket, 'ky')).toEqual({ outcome: 'saved' });
    const saved = readdirSync(join(dataDir, 'printouts'));
    expect(saved).toEqual(['2026-03-02T09-30-00-000Z-resume-slip-ky.pdf']);
    expect(pdfFacts(readFileSync(join(dataDir, 'printouts', saved[0]!))).text).toContain('RTX4-9MWK');
    expect(events).toEqual(['resumeSlip.printed']);
  });

  it('hands the slip to the injected printer', async () => {
    const names: string[] = [];
    const { printing } = printingWith({
      printPdf: async (pdf, job) => {
        names.push(job.name);
        expect(pdfFacts(pdf).text).toContain('Код для продолжения RTX4-9MWK');
        return 'printed';
      },
    });
    expect(await printing.printResumeSlip(catalog, draft, ticket, 'ru')).toEqual({ outcome: 'printed' });
    expect(names).toEqual(['resume-slip-ru']);
  });

  it('refuses a ticket of another draft', async () => {
    const { printing } = printingWith();
    const other = { ...ticket, draftId: '11111111-2222-4333-8444-555555555555' };
    await expect(printing.resumeSlipPdf(catalog, draft, other, 'ky')).rejects.toMatchObject({ code: 'resume.notFound' });
  });
});
