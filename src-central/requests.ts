import { isUtf8, transcode } from 'node:buffer';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { CentralLog } from './effects';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** A refusal with a code the kiosk understands; never a message or a stack. */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly extra: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'RequestError';
  }
}

/**
 * JSON bodies reach the routes as the raw bytes: a signature covers the
 * exact bytes sent, and re-serialised JSON would not match them.
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) =>
    done(null, body),
  );
}

export function rawBody(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

/**
 * The text of UTF-8 bytes, exactly as `toString('utf8')` gives it. For
 * valid UTF-8 (what kiosks send) ICU's converter to UTF-16 is about three
 * times faster than V8's decoder on Cyrillic text, and the two cannot
 * differ; anything else (a malformed sequence, replaced by U+FFFD) takes
 * the ordinary way.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.byteLength > 0 && isUtf8(bytes)) return transcode(bytes, 'utf8', 'ucs2').toString('ucs2');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Parses a raw JSON body with a wire schema; anything malformed is one 400 `request.invalid`. */
export function readJsonBody<Schema extends z.ZodType>(body: unknown, schema: Schema): z.infer<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody(body).toString('utf8'));
  } catch {
    throw new RequestError(400, 'request.invalid');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new RequestError(400, 'request.invalid');
  return parsed.data;
}

function refusalFor(error: FastifyError | RequestError): { status: number; code: string; extra: Record<string, string | number> } {
  if (error instanceof RequestError) return { status: error.statusCode, code: error.code, extra: error.extra };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'request.tooLarge', extra: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'request.unsupportedMediaType', extra: {} };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, code: 'request.invalid', extra: {} };
  return { status: 500, code: 'internal', extra: {} };
}

/**
 * Every refusal is `{ error: code }`. Messages can quote the body (JSON.parse
 * does), so only names and codes are logged.
 */
export function answerErrorsWithCodes(app: FastifyInstance, log: CentralLog): void {
  app.setErrorHandler<FastifyError | RequestError>((error, request, reply) => {
    const refusal = refusalFor(error);
    if (refusal.status >= 500) {
      log('request.failed', {
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        error: error.name,
        errorCode: 'code' in error ? String(error.code) : undefined,
      });
    }
    return reply.status(refusal.status).send({ error: refusal.code, ...refusal.extra });
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: 'request.notFound' }));
}
