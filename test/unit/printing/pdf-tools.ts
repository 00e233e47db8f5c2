import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What poppler reads from a PDF: its text (whitespace collapsed), page count, title and fonts. */
export interface PdfFacts {
  text: string;
  pages: number;
  title: string;
  fonts: string;
}

export function pdfFactsOfFile(path: string): PdfFacts {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  return {
    text: text.replace(/\s+/g, ' '),
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    title: /^Title:\s+(.*)$/m.exec(info)?.[1]?.trim() ?? '',
    fonts,
  };
}

export function pdfFacts(pdf: Buffer): PdfFacts {
  const path = join(mkdtempSync(join(tmpdir(), 'pdf-facts-')), 'form.pdf');
  writeFileSync(path, pdf);
  return pdfFactsOfFile(path);
}
