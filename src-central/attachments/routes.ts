import type { FastifyInstance } from 'fastify';
import {
  ATTACHMENT_CHUNK_BYTES,
  ATTACHMENT_SIZE_HEADER,
  AttachmentCheckRequest,
  type AttachmentCheckResponse,
  type AttachmentChunkResponse,
} from '../../src-shared/sync/wire';
import { signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { sha256Hex } from '../hashing';
import { RequestError, rawBody, readJsonBody } from '../requests';
import { heldAttachments, storeAttachment } from './store';
import { type ChunkUpload, discardPartials, partialBytes, receiveChunk } from './uploads';

/** The largest attachment the service takes (the kiosk's limit is 10 MiB). */
export const MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024;
/** Room over the kiosk's chunk size, so a kiosk that cuts a little differently is not refused. */
export const CHUNK_SLACK_BYTES = 64 * 1024;
export const MAX_CHUNK_BYTES = ATTACHMENT_CHUNK_BYTES + CHUNK_SLACK_BYTES;

const SHA256 = /^[0-9a-f]{64}$/;
const DECIMAL = /^\d{1,10}$/;

/** The `offset` of a chunked upload, or undefined for a whole-file PUT. */
function offsetOf(query: unknown): number | undefined {
  const offset = (query as { offset?: unknown } | undefined)?.offset;
  if (offset === undefined) return undefined;
  if (typeof offset !== 'string' || !DECIMAL.test(offset)) throw new RequestError(400, 'request.invalid');
  return Number(offset);
}

function declaredSize(headers: Record<string, string | string[] | undefined>): number {
  const value = headers[ATTACHMENT_SIZE_HEADER];
  if (typeof value !== 'string' || !DECIMAL.test(value) || Number(value) === 0) throw new RequestError(400, 'request.invalid');
  const size = Number(value);
  if (size > MAX_ATTACHMENT_BYTES) throw new RequestError(413, 'request.tooLarge');
  return size;
}

/** A chunk's bounds, checked before anything touches the disk. */
function chunkUpload(sha256: string, offset: number, headers: Record<string, string | string[] | undefined>, bytes: Buffer): ChunkUpload {
  const size = declaredSize(headers);
  if (bytes.length > MAX_CHUNK_BYTES) throw new RequestError(413, 'request.tooLarge');
  // A chunk past the declared end, or an empty one anywhere but at the end (which asks to finish a full part).
  if (offset + bytes.length > size || (bytes.length === 0 && offset !== size)) throw new RequestError(400, 'request.invalid');
  return { sha256, offset, size, bytes };
}

export function registerAttachmentRoutes(
  app: FastifyInstance,
  deps: { db: CentralDatabase; effects: CentralEffects; windowSeconds: number; attachmentsDir: string },
): void {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.post('/v1/attachments/check', async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    const { sha256 } = readJsonBody(request.body, AttachmentCheckRequest);
    const held = heldAttachments(deps.db, sha256);
    const missing = sha256.filter((s) => !held.has(s));
    // A part of a held file is not needed any more (this kiosk's upload broke off, another finished it).
    for (const s of held.keys()) await discardPartials(deps.attachmentsDir, s, kiosk.id);
    const received: Record<string, number> = {};
    for (const s of missing) {
      const bytes = await partialBytes(deps.attachmentsDir, s, kiosk.id);
      if (bytes > 0) received[s] = bytes;
    }
    return { missing, received } satisfies AttachmentCheckResponse;
  });

  app.put<{ Params: { sha256: string } }>('/v1/attachments/:sha256', { bodyLimit: MAX_ATTACHMENT_BYTES }, async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    const { sha256 } = request.params;
    if (!SHA256.test(sha256)) throw new RequestError(400, 'request.invalid');
    const bytes = rawBody(request.body);
    const offset = offsetOf(request.query);
    if (offset !== undefined) {
      const outcome = await receiveChunk(
        { db: deps.db, dir: deps.attachmentsDir, kioskId: kiosk.id, now: deps.effects.clock },
        chunkUpload(sha256, offset, request.headers, bytes),
      );
      if (!outcome.ok && outcome.code === 'attachment.offset') {
        throw new RequestError(409, 'attachment.offset', { received: outcome.received });
      }
      if (!outcome.ok) {
        deps.effects.log('attachment.hashMismatch', { kioskId: kiosk.id });
        throw new RequestError(400, 'attachment.hashMismatch');
      }
      if (outcome.complete) deps.effects.log('attachment.stored', { kioskId: kiosk.id, size: outcome.received });
      return { sha256, received: outcome.received, complete: outcome.complete } satisfies AttachmentChunkResponse;
    }
    // The whole file in one request (kiosks from before chunked uploads).
    if (bytes.length === 0) throw new RequestError(400, 'request.invalid');
    // The name is a promise about the bytes: recomputed, never believed.
    if (sha256Hex(bytes) !== sha256) {
      deps.effects.log('attachment.hashMismatch', { kioskId: kiosk.id });
      throw new RequestError(400, 'attachment.hashMismatch');
    }
    storeAttachment(deps.db, deps.attachmentsDir, kiosk.id, bytes, deps.effects.clock());
    await discardPartials(deps.attachmentsDir, sha256);
    deps.effects.log('attachment.stored', { kioskId: kiosk.id, size: bytes.length });
    return { sha256, size: bytes.length };
  });
}
