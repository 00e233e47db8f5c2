import type { Operator } from '../../../src-shared/catalog/schema';
import type { QrCode } from '../../../src-shared/contract';
import type { Language } from '../../../src-shared/language';
import type { RenderedPdf } from './application-pdf';
import { space, stack, type Block } from './blocks';
import type { NotoSans } from './fonts';
import { FormWriter, INK, ROLL_80MM, type DocumentInfo, type TextStyle } from './writer';

/**
 * Printouts for the kiosk's 80 mm thermal roll: one sheet as long as its
 * content, so the printer cuts right under the last line. Everything is
 * measured first (blocks know their heights), then the sheet is made that
 * long and the blocks drawn. Black only: a thermal head dithers grey into
 * dots that blur small letters.
 */
export const MM = 72 / 25.4;

export interface ListItem {
  text: string;
  note?: string | undefined;
}

export class RollLayout {
  constructor(readonly writer: FormWriter) {}

  text(content: string, style: TextStyle, align: 'left' | 'center' = 'left', indent = 0): Block {
    if (!content) return space(0);
    const { writer } = this;
    const width = writer.frame.width - indent;
    const block = writer.wrap(content, style, width);
    return {
      height: block.height,
      draw: (y) =>
        block.lines.forEach((line, index) => {
          const offset = align === 'center' ? (width - writer.widthOf(line, style)) / 2 : 0;
          writer.drawLine(line, writer.frame.left + indent + offset, y + index * block.lineHeight, style);
        }),
    };
  }

  /** A label over its value, as on the confirmation screen. */
  field(label: string, value: string, labelStyle: TextStyle, valueStyle: TextStyle): Block {
    return stack([this.text(label, labelStyle), this.text(value, valueStyle)], 1);
  }

  /** A code people read and type back: one line, centred, as large as fits up to `style.size`. */
  code(code: string, style: TextStyle): Block {
    const { writer } = this;
    const width = writer.frame.width;
    let size = style.size;
    while (size > 8 && writer.widthOf(code, { ...style, size }) > width) size -= 0.5;
    const fitted = { ...style, size };
    return {
      height: size * 1.35,
      draw: (y) => writer.drawLine(code, writer.frame.left + (width - writer.widthOf(code, fitted)) / 2, y, fitted),
    };
  }

  /** A bulleted list, notes in smaller type under their item. */
  bullets(items: ListItem[], style: TextStyle, noteStyle: TextStyle): Block {
    const indent = this.writer.widthOf('• ', style) + 2;
    return stack(
      items.map((item) => {
        const body = stack([this.text(item.text, style, 'left', indent), this.text(item.note ?? '', noteStyle, 'left', indent)], 1);
        return {
          height: body.height,
          draw: (y) => {
            this.writer.drawLine('•', this.writer.frame.left, y, style);
            body.draw(y);
          },
        };
      }),
      3,
    );
  }

  /** A dashed line across the roll between parts of the printout. */
  separator(): Block {
    const { writer } = this;
    return {
      height: 12,
      draw: (y) => {
        const { left, right } = writer.frame;
        writer.doc.save().lineWidth(0.7).dash(2, { space: 2 }).strokeColor(INK).moveTo(left, y + 6).lineTo(right, y + 6).stroke().restore();
      },
    };
  }

  /** A QR code of `width` points, quiet zone included, centred; its modules as vector squares. */
  qr(qr: QrCode, width: number): Block {
    const { writer } = this;
    return {
      height: width,
      draw: (y) => writer.fillPath(qr.path, writer.frame.left + (writer.frame.width - width) / 2, y, width / qr.size),
    };
  }
}

/** What names a roll printout: the operator's, its title and what it is about. */
export interface RollHeading {
  operator: Operator;
  title: string;
  /** The service it is about, for the document's title. */
  serviceName: string;
  language: Language;
  createdAt: Date;
}

/** The PDF's own description (title, author, language), as a screen reader or a print queue shows it. */
export function rollInfo(heading: RollHeading): DocumentInfo {
  const { operator, title, language } = heading;
  return {
    title: `${title}: ${heading.serviceName}`,
    author: operator.name[language],
    subject: title,
    language: language === 'ky' ? 'ky-KG' : 'ru-KG',
    createdAt: heading.createdAt,
  };
}

/** The top of every roll printout: the operator, the title, a rule. */
export function rollHeader(roll: RollLayout, heading: RollHeading, style: { operator: TextStyle; title: TextStyle }): Block[] {
  return [
    roll.text(heading.operator.name[heading.language], style.operator, 'center'),
    space(3),
    roll.text(heading.title, style.title, 'center'),
    roll.separator(),
  ];
}

/** Lays out one roll printout: `layout` builds the content (measured), then the sheet is cut to fit it. */
export async function renderRoll(fonts: NotoSans, info: DocumentInfo, layout: (roll: RollLayout) => Block): Promise<RenderedPdf> {
  const writer = new FormWriter(fonts, info, { width: ROLL_80MM.width, height: 'fitted', margin: ROLL_80MM.margin });
  const content = layout(new RollLayout(writer));
  const heightPt = writer.fitPage(content.height);
  content.draw(writer.frame.top);
  const { count } = writer.doc.bufferedPageRange();
  return { pdf: await writer.toBuffer(), pageCount: count, paper: { widthMm: 80, heightMm: Math.ceil((heightPt / 72) * 25.4) } };
}
