import type { FastifyInstance } from 'fastify';
import { AttachmentCheckRequest, type AttachmentCheckResponse } from '../../src-shared/sync/wire';
import { signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { RequestError, rawBody, readJsonBody } from '../requests';
import { sha256Hex } from '../hashing';
import { heldAttachments, storeAttachment } from './store';

/** The largest attachment the service takes (the kiosk's limit is 10 MiB). */
export const MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024;

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
    return { missing: sha256.filter((s) => !held.has(s)) } satisfies AttachmentCheckResponse;
  });

  app.put<{ Params: { sha256: string } }>('/v1/attachments/:sha256', { bodyLimit: MAX_ATTACHMENT_BYTES }, async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    if (!/^[0-9a-f]{64}$/.test(request.params.sha256)) throw new RequestError(400, 'request.invalid');
    const bytes = rawBody(request.body);
    if (bytes.length === 0) throw new RequestError(400, 'request.invalid');
    // The name is a promise about the bytes: recomputed, never believed.
    if (sha256Hex(bytes) !== request.params.sha256) {
      deps.effects.log('attachment.hashMismatch', { kioskId: kiosk.id });
      throw new RequestError(400, 'attachment.hashMismatch');
    }
    storeAttachment(deps.db, deps.attachmentsDir, kiosk.id, bytes, deps.effects.clock());
    deps.effects.log('attachment.stored', { kioskId: kiosk.id, size: bytes.length });
    return { sha256: request.params.sha256, size: bytes.length };
  });
}
