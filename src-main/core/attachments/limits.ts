/**
 * The limits of an attached file, apart from the code that enforces them:
 * that code decodes images and parses PDFs, and only the core's worker
 * thread loads it.
 */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * 25 megapixels: every camera photo of a document a citizen brings (phones
 * save 12 to 24 MP); a decompression bomb claiming more is refused from its
 * header, before any decoding.
 */
export const DEFAULT_MAX_PIXELS = 25_000_000;
