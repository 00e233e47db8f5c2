import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import type { Kiosk } from '../enrollment/kiosks';
import { rawBody } from '../requests';
import { verifySignedRequest } from './signed-requests';

/**
 * The kiosk a signed request comes from, or null after answering the
 * refusal (401, or 403 for a revoked kiosk; `serverTime` with a stale one).
 */
export async function signedKiosk(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { db: CentralDatabase; effects: CentralEffects; windowSeconds: number },
): Promise<Kiosk | null> {
  const verdict = verifySignedRequest(
    deps.db,
    { method: request.method, url: request.url, headers: request.headers, body: rawBody(request.body) },
    { now: deps.effects.clock(), windowSeconds: deps.windowSeconds },
  );
  if (verdict.ok) return verdict.kiosk;
  deps.effects.log('auth.refused', { code: verdict.code, route: request.routeOptions.url });
  const answer = verdict.serverTime ? { error: verdict.code, serverTime: verdict.serverTime } : { error: verdict.code };
  await reply.status(verdict.status).send(answer);
  return null;
}
