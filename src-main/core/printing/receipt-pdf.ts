import type { Operator, Service } from '../../../src-shared/catalog/schema';
import { formatPlainCode } from '../../../src-shared/codes';
import type { Receipt } from '../../../src-shared/contract';
import type { Language } from '../../../src-shared/language';
import type { RenderedPdf } from './application-pdf';
import { space, stack, type Block } from './blocks';
import type { NotoSans } from './fonts';
import { formatBishkekDate, formatBishkekTime, formatMoney, formatTerm } from './format';
import { qrCode } from './qr';
import { MM, renderRoll, rollHeader, rollInfo, type RollLayout } from './roll';
import { ROLL_TEXTS, type RollTexts } from './texts';
import type { TextStyle } from './writer';

/** What the receipt prints: the application as submitted, and the catalog's words for it. */
export interface ReceiptPdfInput {
  receipt: Receipt;
  /** The receipt's service, for its names and the documents to bring. */
  service: Service;
  operator: Operator;
  language: Language;
  fonts: NotoSans;
  createdAt: Date;
}

export const RECEIPT_STYLE = {
  operator: { size: 8 },
  title: { size: 13, weight: 'bold' },
  label: { size: 8 },
  number: { size: 13, weight: 'bold' },
  note: { size: 7.5 },
  code: { size: 20, weight: 'bold' },
  serviceName: { size: 10, weight: 'bold' },
  variantName: { size: 9 },
  value: { size: 10 },
  heading: { size: 9.5, weight: 'bold' },
  body: { size: 9 },
} satisfies Record<string, TextStyle>;

/** Quiet zone included; the symbol itself comes to about 27 mm, which a phone or a hand scanner reads at arm's length. */
export const RECEIPT_QR_WIDTH = 38 * MM;

function withExampleMark(text: string, example: boolean, texts: RollTexts): string {
  return example ? `${text} ${texts.example}` : text;
}

function numberPart(roll: RollLayout, receipt: Receipt, texts: RollTexts): Block {
  const style = RECEIPT_STYLE;
  if (receipt.registrationNumber) {
    return stack([roll.text(texts.applicationNumber, style.label), roll.text(receipt.registrationNumber, style.number)], 1);
  }
  return stack([
    roll.text(texts.localNumber, style.label),
    roll.text(receipt.localNumber, style.number),
    space(2),
    roll.text(texts.registrationNumberLater, style.note),
  ], 1);
}

function applicationPart(roll: RollLayout, input: ReceiptPdfInput, texts: RollTexts): Block {
  const { receipt, service, language } = input;
  const style = RECEIPT_STYLE;
  const variant = service.variants.find((candidate) => candidate.id === receipt.variantId);
  const anyExample = receipt.price.example || receipt.term.example;
  const submitted = texts.dateTime(formatBishkekDate(receipt.submittedAt), formatBishkekTime(receipt.submittedAt));
  return stack([
    stack([
      roll.text(texts.service, style.label),
      roll.text(service.name[language], style.serviceName),
      roll.text(variant ? variant.name[language] : '', style.variantName),
    ], 1),
    roll.field(texts.submittedAt, submitted, style.label, style.value),
    roll.field(texts.price, withExampleMark(formatMoney(receipt.price.amount, language), receipt.price.example, texts), style.label, style.value),
    roll.field(texts.term, withExampleMark(formatTerm(receipt.term, language), receipt.term.example, texts), style.label, style.value),
    anyExample ? roll.text(texts.exampleNote, style.note) : space(0),
  ], 6);
}

function documentsPart(roll: RollLayout, input: ReceiptPdfInput, texts: RollTexts): Block {
  const { language } = input;
  const items = input.service.documents.map((document) => ({ text: document.name[language], note: document.note?.[language] }));
  return stack([roll.text(texts.documentsToBring, RECEIPT_STYLE.heading), roll.bullets(items, RECEIPT_STYLE.body, RECEIPT_STYLE.note)], 4);
}

function statusPart(roll: RollLayout, input: ReceiptPdfInput, texts: RollTexts): Block {
  const { operator, language } = input;
  const style = RECEIPT_STYLE;
  return stack([
    roll.text(texts.statusTitle, style.heading),
    space(1),
    roll.text(texts.statusHow, style.body),
    space(2),
    roll.text(texts.phone(operator.phone), style.body),
    roll.text(texts.email(operator.email), style.body),
    roll.text(texts.hours(operator.hours[language]), style.body),
  ], 1);
}

/** The application receipt on the 80 mm roll: the number, the lookup code as text and QR, what was applied for, what next. */
export function renderReceiptPdf(input: ReceiptPdfInput): Promise<RenderedPdf> {
  const { receipt, operator, language } = input;
  const texts = ROLL_TEXTS[language];
  const style = RECEIPT_STYLE;
  const heading = {
    operator,
    title: texts.receiptTitle,
    serviceName: input.service.name[language],
    language,
    createdAt: input.createdAt,
  };
  return renderRoll(input.fonts, rollInfo(heading), (roll) =>
    stack([
      ...rollHeader(roll, heading, style),
      numberPart(roll, receipt, texts),
      roll.separator(),
      roll.text(texts.lookupCode, style.label, 'center'),
      roll.code(formatPlainCode(receipt.lookupCode), style.code),
      space(2),
      roll.qr(qrCode(receipt.lookupCode), RECEIPT_QR_WIDTH),
      roll.separator(),
      applicationPart(roll, input, texts),
      roll.separator(),
      documentsPart(roll, input, texts),
      roll.separator(),
      statusPart(roll, input, texts),
    ], 2),
  );
}
