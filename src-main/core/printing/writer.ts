import PDFDocument from 'pdfkit';
import type { FontWeight, NotoSans } from './fonts';

/**
 * A thin layer over pdfkit for forms: text in several embedded fonts (one
 * per Unicode subset, chosen per character), wrapped at word boundaries,
 * placed at explicit positions, with page breaks decided by the caller
 * before a block is drawn, so a field never splits across two sheets.
 */
export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: string;
}

export interface Run {
  font: string;
  text: string;
}

export interface TextBlock {
  lines: string[];
  style: TextStyle;
  lineHeight: number;
  height: number;
}

export const A4 = { width: 595.28, height: 841.89 } as const;
/** An 80 mm thermal roll: the width is fixed, the length is whatever the content needs. */
export const ROLL_80MM = { width: (80 / 25.4) * 72, margin: (4 / 25.4) * 72 } as const;
export const INK = '#0b0c0c';
export const INK_SOFT = '#4a5056';
export const LINE = '#6f777b';

export interface PageFrame {
  left: number;
  right: number;
  top: number;
  /** Lowest y a block may reach; the footer lives below it. */
  bottom: number;
  width: number;
}

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  language: string;
  createdAt: Date;
}

/**
 * The sheet: A4 by default; `height: 'fitted'` for a roll, where nothing is
 * drawn until `fitPage` is given the height the content measured.
 */
export interface PageSetup {
  width: number;
  height: number | 'fitted';
  margin: number;
}

export class FormWriter {
  readonly doc: PDFKit.PDFDocument;
  frame: PageFrame;
  y: number;
  private readonly fonts: NotoSans;
  private readonly page: PageSetup;

  constructor(fonts: NotoSans, info: DocumentInfo, page: PageSetup = { ...A4, margin: 50 }) {
    this.fonts = fonts;
    this.page = page;
    const { margin } = page;
    this.doc = new PDFDocument({
      size: [page.width, page.height === 'fitted' ? page.width : page.height],
      margin,
      autoFirstPage: page.height !== 'fitted',
      bufferPages: true,
      lang: info.language,
      displayTitle: true,
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Creator: 'Registration kiosk',
        CreationDate: info.createdAt,
        ModDate: info.createdAt,
      },
    });
    for (const file of fonts.files) this.doc.registerFont(file.name, file.data);
    const bottom = typeof page.height === 'number' ? page.height - margin - 20 : Number.POSITIVE_INFINITY;
    this.frame = { left: margin, right: page.width - margin, top: margin, bottom, width: page.width - 2 * margin };
    this.y = this.frame.top;
  }

  /** The one sheet of a roll printout, as long as its measured content and the margins. */
  /** Starts the one page, as tall as the content needs; returns its height in points. */
  fitPage(contentHeight: number): number {
    const { width, margin } = this.page;
    const height = Math.ceil(contentHeight + 2 * margin);
    this.doc.addPage({ size: [width, height], margin });
    this.frame = { ...this.frame, bottom: height - margin };
    this.y = this.frame.top;
    return height;
  }

  /** Runs of one font each; spaces stay in the run they follow (every subset has a space). */
  runs(text: string, weight: FontWeight = 'regular'): Run[] {
    const runs: Run[] = [];
    for (const char of text) {
      const last = runs.at(-1);
      const font = char === ' ' && last ? last.font : this.fonts.fontFor(char, weight);
      if (last && last.font === font) last.text += char;
      else runs.push({ font, text: char });
    }
    return runs;
  }

  /** Widths are pure functions of font, size and text: measured once per writer (fontkit layout is slow). */
  private readonly widths = new Map<string, number>();

  private runWidth(run: Run, size: number): number {
    const key = `${run.font}\u0000${size}\u0000${run.text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.doc.font(run.font).fontSize(size).widthOfString(run.text);
      this.widths.set(key, width);
    }
    return width;
  }

  widthOf(text: string, style: TextStyle): number {
    let width = 0;
    for (const run of this.runs(text, style.weight)) width += this.runWidth(run, style.size);
    return width;
  }

  /** Lines of at most `width` points, broken between words (inside a word only when it alone is too long). */
  wrap(text: string, style: TextStyle, width: number): TextBlock {
    const lines: string[] = [];
    const space = this.widthOf(' ', style);
    for (const paragraph of text.split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const wordWidth = this.widthOf(word, style);
        if (line && lineWidth + space + wordWidth <= width) {
          line = `${line} ${word}`;
          lineWidth += space + wordWidth;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (this.widthOf(rest, style) > width) {
          let cut = rest.length - 1;
          while (cut > 1 && this.widthOf(rest.slice(0, cut), style) > width) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
        lineWidth = this.widthOf(rest, style);
      }
      lines.push(line);
    }
    const lineHeight = style.size * 1.35;
    return { lines, style, lineHeight, height: lines.length * lineHeight };
  }

  /** One line at (x, y), y being the top of the line box. */
  drawLine(text: string, x: number, y: number, style: TextStyle): void {
    let at = x;
    this.doc.fillColor(style.color ?? INK);
    for (const run of this.runs(text, style.weight)) {
      this.doc.font(run.font).fontSize(style.size);
      this.doc.text(run.text, at, y, { lineBreak: false });
      at += this.runWidth(run, style.size);
    }
  }

  drawBlock(block: TextBlock, x: number, y: number): void {
    block.lines.forEach((line, index) => this.drawLine(line, x, y + index * block.lineHeight, block.style));
  }

  /** Starts a new sheet when `height` does not fit on this one. */
  ensureRoom(height: number): void {
    if (this.y + height <= this.frame.bottom || this.y === this.frame.top) return;
    this.doc.addPage();
    this.y = this.frame.top;
  }

  box(x: number, y: number, width: number, height: number): void {
    this.doc.lineWidth(0.8).strokeColor(LINE).rect(x, y, width, height).stroke();
  }

  rule(x1: number, x2: number, y: number, color = LINE): void {
    this.doc.lineWidth(0.8).strokeColor(color).moveTo(x1, y).lineTo(x2, y).stroke();
  }

  /** An SVG path drawn in ink at (x, y), its units `scale` points each: a QR code's modules. */
  fillPath(path: string, x: number, y: number, scale: number): void {
    this.doc.save().translate(x, y).scale(scale).path(path).fill(INK).restore();
  }

  /** A check mark for a filled form: an X inside a box. */
  cross(x: number, y: number, size: number): void {
    this.doc.lineWidth(1.4).strokeColor(INK).moveTo(x + 2, y + 2).lineTo(x + size - 2, y + size - 2).moveTo(x + size - 2, y + 2).lineTo(x + 2, y + size - 2).stroke();
  }

  /** Draws `footer(page, total)` on every sheet, below the frame; returns the page count. */
  finishPages(footer: (page: number, total: number) => string, style: TextStyle): number {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = 0; index < count; index++) {
      this.doc.switchToPage(start + index);
      const text = footer(index + 1, count);
      const x = (this.page.width - this.widthOf(text, style)) / 2;
      this.drawLine(text, x, this.doc.page.height - 40, style);
    }
    return count;
  }

  toBuffer(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
