import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/**
 * Noto Sans as @fontsource ships it: one WOFF file per Unicode subset, and no
 * subset holds all of Kyrgyz (Ң Ө Ү are only in cyrillic-ext, which lacks
 * the Russian alphabet and the digits). So every subset is embedded and each
 * character is set in the subset that covers it, by the package's own
 * unicode.json.
 */
export const FONT_SUBSETS = ['cyrillic', 'cyrillic-ext', 'latin'] as const;
export type FontSubset = (typeof FONT_SUBSETS)[number];
export type FontWeight = 'regular' | 'bold';

const WEIGHT_FILE: Record<FontWeight, string> = { regular: '400', bold: '700' };
const FALLBACK: FontSubset = 'latin';

export interface FontFile {
  /** The name the PDF writer registers it under. */
  name: string;
  path: string;
  /** The font as plain TrueType, unpacked once per process (fontkit's own WOFF inflate is pure JS and slow). */
  data: Buffer;
}

export interface NotoSans {
  files: FontFile[];
  /** The registered font name for a character at a weight. */
  fontFor(char: string, weight: FontWeight): string;
}

type Range = [number, number];

function parseRanges(text: string): Range[] {
  return text.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = Number.parseInt(from ?? '', 16);
    return [start, to === undefined ? start : Number.parseInt(to, 16)];
  });
}

/** `packageDir` is node_modules/@fontsource/noto-sans. */
export function loadNotoSans(packageDir: string): NotoSans {
  const unicode = JSON.parse(readFileSync(join(packageDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const ranges = FONT_SUBSETS.map((subset) => {
    const spec = unicode[subset];
    if (!spec) throw new Error(`@fontsource/noto-sans has no ${subset} subset`);
    return { subset, ranges: parseRanges(spec) };
  });
  const subsetOf = (codePoint: number): FontSubset =>
    ranges.find(({ ranges: list }) => list.some(([from, to]) => codePoint >= from && codePoint <= to))?.subset ?? FALLBACK;

  const fontName = (subset: FontSubset, weight: FontWeight) => `NotoSans-${subset}-${WEIGHT_FILE[weight]}`;
  const files = FONT_SUBSETS.flatMap((subset) =>
    (['regular', 'bold'] as const).map((weight) => {
      const path = join(packageDir, 'files', `noto-sans-${subset}-${WEIGHT_FILE[weight]}-normal.woff`);
      return { name: fontName(subset, weight), path, data: sfntFromWoff(readFileSync(path)) };
    }),
  );
  return {
    files,
    fontFor: (char, weight) => fontName(subsetOf(char.codePointAt(0) ?? 0x20), weight),
  };
}

/**
 * WOFF 1.0 (W3C) to the TrueType/OpenType file it wraps: the same tables,
 * zlib-inflated where compressed, behind a plain sfnt directory.
 */
export function sfntFromWoff(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, index) => {
    const entry = 44 + index * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(entry, entry + 4),
      checksum: woff.readUInt32BE(entry + 16),
      data: compLength < origLength ? inflateSync(stored) : stored,
    };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  woff.copy(header, 0, 4, 8);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, index) => {
    const record = 12 + index * 16;
    table.tag.copy(header, record);
    header.writeUInt32BE(table.checksum, record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(table.data.length, record + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}
