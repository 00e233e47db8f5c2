import type { FastifyInstance } from 'fastify';
import { RESPONSE_SIGNATURE_HEADER } from '../../src-shared/sync/wire';
import type { CentralLog } from '../effects';
import { type ServiceKey, signAnswer } from './service-key';
import { readAnswerBinding } from './signed-requests';

/** Routes a kiosk reaches before it holds our key (enrollment) or without its own (the link probe). */
export const UNSIGNED_ROUTES: ReadonlySet<string> = new Set(['/v1/health', '/v1/enroll']);

const NO_BYTES = Buffer.alloc(0);

/** The exact bytes that will go out for a payload, or null for one that is not bytes (a stream). */
function payloadBytes(payload: unknown): Buffer | null {
  if (payload === null || payload === undefined) return NO_BYTES;
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  return null;
}

/**
 * Signs, in one place, every answer to a request that carries a kiosk id
 * and nonce: successes and refusals alike (auth.*, 4xx, the error handler's
 * 5xx), since the hook sees the final status and payload. The payload is
 * turned into the Buffer that is hashed, and that Buffer is what is sent.
 */
export function signAnswers(app: FastifyInstance, key: ServiceKey, log: CentralLog): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (UNSIGNED_ROUTES.has(request.routeOptions.url ?? '')) return payload;
    const binding = readAnswerBinding(request.headers);
    if (!binding) return payload;
    const bytes = payloadBytes(payload);
    if (!bytes) {
      // No route streams; an unsigned answer is one the kiosk will not believe, never a wrong one.
      log('answer.unsigned', { route: request.routeOptions.url ?? 'unknown', status: reply.statusCode });
      return payload;
    }
    // A HEAD answer carries no body, whatever the GET it mirrors would.
    const sent = request.method === 'HEAD' ? NO_BYTES : bytes;
    const signature = signAnswer(key, { ...binding, method: request.method, path: request.url }, reply.statusCode, sent);
    reply.header(RESPONSE_SIGNATURE_HEADER, signature);
    return payload === null || payload === undefined ? payload : bytes;
  });
}
