import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';
import type { Language } from '../../../src-shared/language';
import { createOffload } from '../../../src-main/core/offload/offload';
import { createReceiptPrinting, type ReceiptPrintingOptions } from '../../../src-main/core/printing/receipts';
import { blankRowsAtBottom, pageImage, pdfFacts, pxToMm, readQr } from './pdf-tools';
import { catalog, notoSansDir, receiptOf } from './receipt-fixtures';

const homeButtons = Object.fromEntries(
  (['ky', 'ru'] as const).map((language) => {
    const { home } = JSON.parse(readFileSync(join(import.meta.dirname, '../../../src-renderer/i18n', language, 'common.json'), 'utf8')) as {
      home: { resume: { title: string }; status: { title: string } };
    };
    return [language, { resume: home.resume.title, status: home.status.title }];
  }),
) as Record<Language, { resume: string; status: string }>;

const DPI = 200;
const ROLL_WIDTH_PT = (80 / 25.4) * 72;
const now = new Date('2026-03-02T09:30:00.000Z');
const offload = createOffload({ notoSansDir });

function printingWith(extra: Partial<ReceiptPrintingOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'receipt-printing-'));
  const events: { event: string; fields: Record<string, unknown> | undefined }[] = [];
  const printing = createReceiptPrinting({ dataDir, offload, clock: () => now, log: (event, fields) => events.push({ event, fields }), ...extra });
  return { printing, dataDir, events };
}

async function receiptPdf(receipt: Receipt, language: Language) {
  const { pdfBase64, pageCount } = await printingWith().printing.receiptPdf(catalog, receipt, language);
  const pdf = Buffer.from(pdfBase64, 'base64');
  return { pdf, pageCount, facts: pdfFacts(pdf), image: pageImage(pdf, DPI) };
}

/** One sheet of the 80 mm roll, cut right under the last line: what the printer's cutter leaves. */
function expectOneRollSheet(rendered: Awaited<ReturnType<typeof receiptPdf>>) {
  expect(rendered.pageCount).toBe(1);
  expect(rendered.facts.pages).toBe(1);
  expect(rendered.facts.pageWidth).toBeCloseTo(ROLL_WIDTH_PT, 1);
  expect(pxToMm(rendered.image.width, DPI)).toBeCloseTo(80, 0);
  // The 4 mm margin and the last line's descent; no blank tail of paper.
  expect(pxToMm(blankRowsAtBottom(rendered.image), DPI)).toBeLessThan(6.5);
  // Only embedded Noto Sans: a thermal printer has no Cyrillic of its own.
  const fontRows = rendered.facts.fonts.split('\n').slice(2).filter(Boolean);
  expect(fontRows.length).toBeGreaterThanOrEqual(2);
  for (const row of fontRows) expect(row).toMatch(/\+NotoSans-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
}

/** A scanner reads the bare lookup code from the printed QR code, which is at least 25 mm wide. */
function expectQrOf(rendered: Awaited<ReturnType<typeof receiptPdf>>, lookupCode: string) {
  const qr = readQr(rendered.image);
  expect(qr?.data).toBe(lookupCode);
  expect(pxToMm(qr!.width, DPI)).toBeGreaterThanOrEqual(25);
}

const SEEN: Record<Language, { absent: string[]; present: string[] }> = {
  ky: {
    present: [
      'Кыргыз Республикасынын Мамлекеттик каттоо кызматы',
      'Арыздын дүмүрчөгү',
      'Терминалдын ички номери K7Q2-000123',
      'Каттоо номери кызмат арызды алганда берилет.',
      'Текшерүү коду ACDE-FGHJ-KMNP',
      'Кызмат ID-карта алуу Кадимки тартипте',
      'Берилген убакыт 02.03.2026, саат 15:30',
      'Баасы 510 сом',
      'Мөөнөтү 12 иш күнү',
      'Өзүңүз менен алып келиңиз',
      '• ПИН (жеке идентификациялык номер) 14 сандан турган номер',
      '• Төлөмдү тастыктаган квитанция',
      // The button is named as the home screen names it.
      `Каалаган терминалдын башкы экранында «${homeButtons.ky.status}» баскычын басып, текшерүү кодун териңиз.`,
      'Телефон: 119',
      'Эл. почта: support@grs.gov.kg',
      'Иш убактысы: Дүйшөмбү–жума, 9:00–18:00',
    ],
    absent: ['Квитанция о приёме заявления', 'Получение ID-карты', '(мисал)', 'Арыздын номери'],
  },
  ru: {
    present: [
      'Государственная регистрационная служба Кыргызской Республики',
      'Квитанция о приёме заявления',
      'Местный номер терминала K7Q2-000123',
      'Регистрационный номер будет присвоен, когда служба получит заявление.',
      'Код проверки ACDE-FGHJ-KMNP',
      'Услуга Получение ID-карты В обычном порядке',
      'Время подачи 02.03.2026 в 15:30',
      'Стоимость 510 сом',
      'Срок 12 рабочих дней',
      'Возьмите с собой',
      '• ПИН (персональный идентификационный номер) 14-значный номер',
      '• Квитанция об оплате',
      `На главном экране любого терминала нажмите «${homeButtons.ru.status}» и введите код проверки.`,
      'Телефон: 119',
      'Эл. почта: support@grs.gov.kg',
      'Часы работы: Понедельник–пятница, 9:00–18:00',
    ],
    absent: ['Арыздын дүмүрчөгү', 'ID-карта алуу', '(пример)', 'Номер заявления'],
  },
};

describe('the application receipt on the 80 mm roll', () => {
  for (const language of ['ky', 'ru'] as const) {
    it(`prints the number, the lookup code, the service, price, term, date and how to check the status, in ${language}`, async () => {
      const rendered = await receiptPdf(receiptOf(), language);
      for (const text of SEEN[language].present) expect(rendered.facts.text).toContain(text);
      for (const text of SEEN[language].absent) expect(rendered.facts.text).not.toContain(text);
      expectOneRollSheet(rendered);
      expectQrOf(rendered, 'ACDEFGHJKMNP');
    });
  }

  it('keeps the Kyrgyz letters Ң Ө Ү as they were written', async () => {
    const { facts } = await receiptPdf(receiptOf(), 'ky');
    for (const letter of ['ң', 'ө', 'ү', 'Ө']) expect(facts.text).toContain(letter);
    expect(facts.text).toContain('Арыздын абалын кантип билүүгө болот');
  });

  it('prints the registration number once the office gave one, without the note about it', async () => {
    const receipt = receiptOf({ registrationNumber: 'ГРС-2026-004217', delivery: 'accepted' });
    const ky = await receiptPdf(receipt, 'ky');
    expect(ky.facts.text).toContain('Арыздын номери ГРС-2026-004217');
    expect(ky.facts.text).not.toContain('K7Q2-000123');
    expect(ky.facts.text).not.toContain('Каттоо номери кызмат арызды алганда берилет.');
    const ru = await receiptPdf(receipt, 'ru');
    expect(ru.facts.text).toContain('Номер заявления ГРС-2026-004217');
    expect(ru.facts.text).not.toContain('Местный номер терминала');
  });

  it('marks figures no public source gave, writes tyiyn and thousands, and dates in Bishkek time', async () => {
    const receipt = receiptOf({
      serviceId: 'marriage-registration',
      variantId: 'standard',
      price: { amount: 1716.5, example: true },
      term: { value: 1, unit: 'months', example: false },
      // 02:15 the next morning in Bishkek (UTC+6).
      submittedAt: '2026-03-02T20:15:00.000Z',
    });
    const ru = await receiptPdf(receipt, 'ru');
    expect(ru.facts.text).toContain('Регистрация брака');
    expect(ru.facts.text).toContain('Стоимость 1 716,50 сом (пример)');
    expect(ru.facts.text).toContain('Срок 1 месяц');
    expect(ru.facts.text).not.toContain('1 месяц (пример)');
    expect(ru.facts.text).toContain('Цифры с пометкой «пример» приблизительные.');
    expect(ru.facts.text).toContain('Время подачи 03.03.2026 в 02:15');
    const ky = await receiptPdf(receipt, 'ky');
    expect(ky.facts.text).toContain('Баасы 1 716,50 сом (мисал)');
    expect(ky.facts.text).toContain('Мөөнөтү 1 ай');
    expect(ky.facts.text).toContain('03.03.2026, саат 02:15');
    expect(ky.facts.text).toContain('«Мисал» деп белгиленген сандар болжолдуу.');
  });

  it('grows the sheet with the longest list of documents and still prints on one', async () => {
    const service = [...catalog.services].sort((a, b) => b.documents.length - a.documents.length)[0]!;
    const variant = service.variants.at(-1)!;
    const rendered = await receiptPdf(receiptOf({ serviceId: service.id, variantId: variant.id, lookupCode: 'YXWVUTRQPNMK' }), 'ru');
    const short = await receiptPdf(receiptOf({ serviceId: 'id-card-delivery' }), 'ru');
    expect(rendered.facts.pageHeight).toBeGreaterThan(short.facts.pageHeight);
    for (const document of service.documents) expect(rendered.facts.text).toContain(`• ${document.name.ru}`);
    expect(rendered.facts.text).toContain(variant.name.ru);
    expectOneRollSheet(rendered);
    expectOneRollSheet(short);
    expectQrOf(rendered, 'YXWVUTRQPNMK');
  });

  it('refuses a receipt whose service the catalog does not have with service.unknown', async () => {
    const { printing } = printingWith();
    await expect(printing.receiptPdf(catalog, receiptOf({ serviceId: 'no-such-service' }), 'ky')).rejects.toMatchObject({ code: 'service.unknown' });
  });
});

describe('printing the receipt', () => {
  it('hands the PDF to the injected printer with a job name of the local number and language', async () => {
    const jobs: { name: string; pdf: Buffer; paper: { widthMm: number; heightMm: number } | undefined }[] = [];
    const { printing, dataDir, events } = printingWith({
      printPdf: async (pdf, job) => {
        jobs.push({ name: job.name, pdf, paper: job.paper });
        return 'printed';
      },
    });
    expect(await printing.printReceipt(catalog, receiptOf(), 'ru')).toEqual({ outcome: 'printed' });
    expect(jobs.map((job) => job.name)).toEqual(['receipt-K7Q2-000123-ru']);
    // The printer is told where to cut the roll: the sheet's own size, rounded up to a millimetre.
    const { pageHeight } = pdfFacts(jobs[0]!.pdf);
    expect(jobs[0]!.paper).toEqual({ widthMm: 80, heightMm: Math.ceil((pageHeight / 72) * 25.4) });
    expect(pdfFacts(jobs[0]!.pdf).text).toContain('Квитанция о приёме заявления');
    expect(readQr(pageImage(jobs[0]!.pdf, DPI))?.data).toBe('ACDEFGHJKMNP');
    expect(readdirSync(dataDir)).toEqual([]);
    expect(events).toEqual([{ event: 'receipt.printed', fields: { applicationId: receiptOf().applicationId, language: 'ru', outcome: 'printed' } }]);
  });

  it('saves the receipt in the printouts folder when there is no printer', async () => {
    const { printing, dataDir } = printingWith();
    expect(await printing.printReceipt(catalog, receiptOf(), 'ky')).toEqual({ outcome: 'saved' });
    const saved = readdirSync(join(dataDir, 'printouts'));
    expect(saved).toEqual(['2026-03-02T09-30-00-000Z-receipt-K7Q2-000123-ky.pdf']);
    const pdf = readFileSync(join(dataDir, 'printouts', saved[0]!));
    expect(pdfFacts(pdf).text).toContain('Текшерүү коду ACDE-FGHJ-KMNP');
  });

  it('answers internal and logs a code when the printer fails', async () => {
    const { printing, events } = printingWith({
      printPdf: async () => {
        throw Object.assign(new Error('lp: printer on fire'), { code: 'EPIPE' });
      },
    });
    const failed = printing.printReceipt(catalog, receiptOf(), 'ky');
    await expect(failed).rejects.toBeInstanceOf(KioskError);
    await expect(failed).rejects.toMatchObject({ code: 'internal' });
    expect(events).toEqual([{ event: 'receipt.printFailed', fields: { applicationId: receiptOf().applicationId, language: 'ky', code: 'EPIPE' } }]);
  });
});
