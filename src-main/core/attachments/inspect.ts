import sharp from 'sharp';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import type { AttachmentMediaType } from '../../../src-shared/forms/schema';
import { DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MAX_PIXELS } from './limits';
import { THUMBNAIL_SIZE } from './thumbnail';

/** Why a file is refused; each is an API error code with a message in both languages. */
export type InspectionRefusal =
  | 'attachment.type'
  | 'attachment.tooLarge'
  | 'attachment.corrupt'
  | 'attachment.pixels'
  | 'attachment.pdfScript'
  | 'attachment.pdfEmbedded';

export interface InspectedFile {
  mediaType: AttachmentMediaType;
  width?: number;
  height?: number;
  pages?: number;
}

type Judged = { file: InspectedFile; thumbnailPng: Buffer } | InspectionRefusal;

export interface InspectLimits {
  /** The most bytes a file may have (default 10 MiB). */
  maxBytes?: number;
  /** The most pixels an image may decode to, read from its header before decoding (default 25 megapixels). */
  maxPixels?: number;
}

export { DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MAX_PIXELS } from './limits';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The kind a file's first bytes say it is; the name is never asked. */
export function sniffMediaType(bytes: Buffer): AttachmentMediaType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Width and height from a PNG's IHDR, which must come first. */
function pngHeaderSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Width and height from a JPEG's first start-of-frame marker, walking the segments. */
function jpegHeaderSize(bytes: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    // Markers without a length: TEM, RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.length) return null;
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    if (marker === 0xda || length < 2) return null;
    offset += 2 + length;
  }
  return null;
}

/**
 * Decodes the whole picture with libvips (sharp): every compressed block is
 * read and a damaged or cut-short file fails (`failOn: 'warning'`, the
 * strictest); the decoder itself refuses more pixels than the limit. A JPEG
 * is decoded with shrink-on-load straight into its thumbnail, which reads
 * every block without building the full-size bitmap: a 12-megapixel photo
 * takes tens of milliseconds, not the seconds a JavaScript decoder needs.
 */
async function decodeWithThumbnail(
  bytes: Buffer,
  mediaType: 'image/png' | 'image/jpeg',
  maxPixels: number,
): Promise<Judged> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'warning', limitInputPixels: maxPixels, sequentialRead: true })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 6 })
      .toBuffer({ resolveWithObject: true });
    if (info.width < 1 || info.height < 1) return 'attachment.corrupt';
    return { file: { mediaType }, thumbnailPng: data };
  } catch (error) {
    return /pixel limit/i.test(error instanceof Error ? error.message : '') ? 'attachment.pixels' : 'attachment.corrupt';
  }
}

async function inspectImage(bytes: Buffer, mediaType: 'image/png' | 'image/jpeg', maxPixels: number): Promise<Judged> {
  const size = mediaType === 'image/png' ? pngHeaderSize(bytes) : jpegHeaderSize(bytes);
  if (!size || size.width === 0 || size.height === 0) return 'attachment.corrupt';
  // Read from the header before anything is decoded: a small file claiming a huge picture never reaches the decoder.
  if (size.width * size.height > maxPixels) return 'attachment.pixels';
  if (mediaType === 'image/jpeg' && !endsWithEoi(bytes)) return 'attachment.corrupt';
  const judged = await decodeWithThumbnail(bytes, mediaType, maxPixels);
  return typeof judged === 'string' ? judged : { ...judged, file: { mediaType, width: size.width, height: size.height } };
}

/** A complete JPEG ends with EOI (some writers pad after it). */
function endsWithEoi(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
  for (let i = tail.length - 2; i >= 0; i -= 1) {
    if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  }
  return false;
}

const SCRIPT_ACTIONS = new Set(['JavaScript', 'Launch', 'ImportData', 'Rendition']);

type PdfVerdict = 'attachment.pdfScript' | 'attachment.pdfEmbedded' | null;

/** What one dictionary says: a script action or name tree, or an embedded file. */
function verdictOfDict(dict: PDFDict): PdfVerdict {
  const name = (key: string) => {
    const value = dict.get(PDFName.of(key));
    return value instanceof PDFName ? value.decodeText() : null;
  };
  if (dict.has(PDFName.of('JS')) || dict.has(PDFName.of('JavaScript'))) return 'attachment.pdfScript';
  const action = name('S');
  if (action !== null && SCRIPT_ACTIONS.has(action)) return 'attachment.pdfScript';
  if (dict.has(PDFName.of('EmbeddedFiles')) || dict.has(PDFName.of('EF'))) return 'attachment.pdfEmbedded';
  if (name('Subtype') === 'FileAttachment' || name('Type') === 'EmbeddedFile') return 'attachment.pdfEmbedded';
  return null;
}

/**
 * Walks every object of the document, direct ones inside indirect ones too:
 * a script hides as well in an OpenAction or AA dictionary written inline as
 * in the names tree, and an embedded file in an annotation or the catalog.
 */
function pdfVerdict(document: PDFDocument): PdfVerdict {
  let found: PdfVerdict = null;
  const seen = new Set<PDFObject>();
  const visit = (object: PDFObject | undefined, depth: number): void => {
    if (found === 'attachment.pdfScript' || object === undefined || depth > 64 || seen.has(object)) return;
    seen.add(object);
    if (object instanceof PDFRef) return;
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
    if (dict) {
      const verdict = verdictOfDict(dict);
      if (verdict === 'attachment.pdfScript' || (verdict && !found)) found = verdict;
      for (const [, value] of dict.entries()) visit(value, depth + 1);
    } else if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i += 1) visit(object.get(i), depth + 1);
    }
  };
  for (const [, object] of document.context.enumerateIndirectObjects()) visit(object, 0);
  return found;
}

async function inspectPdf(bytes: Buffer): Promise<InspectedFile | InspectionRefusal> {
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    return 'attachment.corrupt';
  }
  const verdict = pdfVerdict(document);
  if (verdict) return verdict;
  // pdf-lib repairs what it can: a raw name in the bytes that no parsed object shows still counts.
  const text = bytes.toString('latin1');
  // (Long names only: a three-byte "/JS" turns up by chance inside compressed streams.)
  if (/\/JavaScript\b/.test(text)) return 'attachment.pdfScript';
  if (/\/(EmbeddedFiles|EmbeddedFile|FileAttachment)\b/.test(text)) return 'attachment.pdfEmbedded';
  let pages: number;
  try {
    pages = document.getPageCount();
  } catch {
    return 'attachment.corrupt';
  }
  if (pages < 1) return 'attachment.corrupt';
  return { mediaType: 'application/pdf', pages };
}

/**
 * What a file is, judged by its content alone: the magic bytes, then a full
 * decode (images) or parse (PDFs). An image's pixel count is read from its
 * header before anything is decoded, so a small file claiming a huge picture
 * never reaches the decoder.
 */
export async function inspectFile(bytes: Buffer, limits: InspectLimits = {}): Promise<InspectedFile | InspectionRefusal> {
  return (await inspectAndDecode(bytes, limits)).inspected;
}

/** The same judgement, with an accepted image's thumbnail drawn by the same decode. */
export async function inspectAndDecode(
  bytes: Buffer,
  limits: InspectLimits = {},
): Promise<{ inspected: InspectedFile | InspectionRefusal; thumbnailPng: Buffer | null }> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.length > maxBytes) return { inspected: 'attachment.tooLarge', thumbnailPng: null };
  const mediaType = sniffMediaType(bytes);
  if (mediaType === 'application/pdf') return { inspected: await inspectPdf(bytes), thumbnailPng: null };
  if (mediaType === null) return { inspected: 'attachment.type', thumbnailPng: null };
  const judged = await inspectImage(bytes, mediaType, maxPixels);
  return typeof judged === 'string'
    ? { inspected: judged, thumbnailPng: null }
    : { inspected: judged.file, thumbnailPng: judged.thumbnailPng };
}

export function isRefusal(value: InspectedFile | InspectionRefusal): value is InspectionRefusal {
  return typeof value === 'string';
}
