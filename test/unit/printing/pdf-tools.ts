import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** What poppler reads from a PDF: its text (whitespace collapsed), page count and size, title and fonts. */
export interface PdfFacts {
  text: string;
  pages: number;
  /** Of the first page, in points. */
  pageWidth: number;
  pageHeight: number;
  title: string;
  fonts: string;
}

export function pdfFactsOfFile(path: string): PdfFacts {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  return {
    text: text.replace(/\s+/g, ' '),
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    pageWidth: Number(size?.[1]),
    pageHeight: Number(size?.[2]),
    title: /^Title:\s+(.*)$/m.exec(info)?.[1]?.trim() ?? '',
    fonts,
  };
}

function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'pdf-facts-')), name);
}

export function pdfFacts(pdf: Buffer): PdfFacts {
  const path = tempFile('form.pdf');
  writeFileSync(path, pdf);
  return pdfFactsOfFile(path);
}

/** The first page as poppler rasterises it (anti-aliased, as a screen or a preview would show it). */
export function pageImage(pdf: Buffer, dpi: number): PNG {
  const path = tempFile('page.pdf');
  writeFileSync(path, pdf);
  const out = path.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', path, out]);
  return PNG.sync.read(readFileSync(`${out}.png`));
}

/** Millimetres of a length in pixels at `dpi`. */
export const pxToMm = (px: number, dpi: number) => (px / dpi) * 25.4;

/** What a scanner reads of the first QR code on the image, with its width in pixels; null when none reads. */
export function readQr(image: PNG): { data: string; width: number } | null {
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
  if (!found) return null;
  const { topLeftCorner, topRightCorner } = found.location;
  return { data: found.data, width: Math.hypot(topRightCorner.x - topLeftCorner.x, topRightCorner.y - topLeftCorner.y) };
}

/** Rows of the image from the last one with any ink (darker than light grey) to the bottom edge. */
export function blankRowsAtBottom(image: PNG): number {
  for (let row = image.height - 1; row >= 0; row--) {
    for (let column = 0; column < image.width; column++) {
      const at = (row * image.width + column) * 4;
      if (image.data[at]! < 200 || image.data[at + 1]! < 200 || image.data[at + 2]! < 200) return image.height - 1 - row;
    }
  }
  return image.height;
}
