import type { Operator, Service } from '../../../src-shared/catalog/schema';
import type { Draft, ResumeTicket } from '../../../src-shared/contract';
import type { Language } from '../../../src-shared/language';
import type { RenderedPdf } from './application-pdf';
import { space, stack } from './blocks';
import type { NotoSans } from './fonts';
import { formatBishkekDate } from './format';
import { RECEIPT_STYLE } from './receipt-pdf';
import { renderRoll, rollHeader, rollInfo } from './roll';
import { ROLL_TEXTS } from './texts';

/** What the resume slip prints: the code, which draft it opens, until when and how. */
export interface ResumeSlipPdfInput {
  ticket: ResumeTicket;
  draft: Pick<Draft, 'variantId'>;
  service: Service;
  operator: Operator;
  language: Language;
  fonts: NotoSans;
  createdAt: Date;
}

/** The slip a citizen takes away to continue a draft later at this kiosk. */
export function renderResumeSlipPdf(input: ResumeSlipPdfInput): Promise<RenderedPdf> {
  const { ticket, service, operator, language } = input;
  const texts = ROLL_TEXTS[language];
  const style = RECEIPT_STYLE;
  const variant = service.variants.find((candidate) => candidate.id === input.draft.variantId);
  const heading = { operator, title: texts.slipTitle, serviceName: service.name[language], language, createdAt: input.createdAt };
  return renderRoll(input.fonts, rollInfo(heading), (roll) =>
    stack([
      ...rollHeader(roll, heading, style),
      roll.text(texts.resumeCode, style.label, 'center'),
      roll.code(ticket.code, { ...style.code, size: 26 }),
      roll.text(texts.validUntil(formatBishkekDate(ticket.expiresAt)), style.value, 'center'),
      roll.separator(),
      roll.text(texts.service, style.label),
      roll.text(service.name[language], style.serviceName),
      roll.text(variant && service.variants.length > 1 ? variant.name[language] : '', style.variantName),
      roll.separator(),
      roll.text(texts.slipHow, style.body),
      space(4),
      roll.text(texts.slipKeepSafe, style.heading),
    ], 2),
  );
}
