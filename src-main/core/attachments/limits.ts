/**
 * The limits of an attached file, apart from the code that enforces them:
 * that code decodes images and parses PDFs, and only the core's worker
 * thread loads it.
 */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * 25 megapixels: every camera photo of a document a citizen brings (phones
 * save 12 MP), and at jpeg-js's ~18 bytes of working memory a pixel still
 * under half a gigabyte to decode.
 */
export const DEFAULT_MAX_PIXELS = 25_000_000;
