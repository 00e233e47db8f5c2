import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import type { Kiosk } from '../enrollment/kiosks';
import { rawBody } from '../requests';
import { type AuthRefusal, REPLAY_REFUSAL, admitCheckedRequest, checkSignedRequest, verifySignedRequest } from './signed-requests';

type SignatureDeps = { db: CentralDatabase; effects: CentralEffects; windowSeconds: number };

function signedRequestOf(request: FastifyRequest) {
  return { method: request.method, url: request.url, headers: request.headers, body: rawBody(request.body) };
}

/** Answers a refusal: 401, or 403 for a revoked kiosk; `serverTime` with a stale one. */
export async function refuseSignedRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: AuthRefusal,
  deps: Pick<SignatureDeps, 'effects'>,
): Promise<void> {
  deps.effects.log('auth.refused', { code: refusal.code, route: request.routeOptions.url });
  const answer = refusal.serverTime ? { error: refusal.code, serverTime: refusal.serverTime } : { error: refusal.code };
  await reply.status(refusal.status).send(answer);
}

/** A replayed nonce, found by a route that spends it in its own transaction. */
export function refuseReplay(request: FastifyRequest, reply: FastifyReply, deps: Pick<SignatureDeps, 'effects'>): Promise<void> {
  return refuseSignedRequest(request, reply, REPLAY_REFUSAL, deps);
}

/** The kiosk a signed request comes from, or null after answering the refusal. */
export async function signedKiosk(request: FastifyRequest, reply: FastifyReply, deps: SignatureDeps): Promise<Kiosk | null> {
  const verdict = verifySignedRequest(deps.db, signedRequestOf(request), { now: deps.effects.clock(), windowSeconds: deps.windowSeconds });
  if (verdict.ok) return verdict.kiosk;
  await refuseSignedRequest(request, reply, verdict, deps);
  return null;
}

/** A signed request that passed every check but its nonce, which `admit` spends. */
export interface CheckedKiosk {
  kiosk: Kiosk;
  /** Spends the nonce and notes the kiosk seen, in the caller's write transaction; false for a replay. */
  admit(): boolean;
}

/**
 * Like `signedKiosk`, for a route that writes anyway: it spends the nonce in
 * its own transaction (one commit, one fsync, instead of two) and answers
 * `refuseReplay` when `admit` says the nonce was used.
 */
export async function checkedKiosk(request: FastifyRequest, reply: FastifyReply, deps: SignatureDeps): Promise<CheckedKiosk | null> {
  const checked = checkSignedRequest(deps.db, signedRequestOf(request), { now: deps.effects.clock(), windowSeconds: deps.windowSeconds });
  if (checked.ok) return { kiosk: checked.kiosk, admit: () => admitCheckedRequest(deps.db, checked, deps.windowSeconds) };
  await refuseSignedRequest(request, reply, checked, deps);
  return null;
}
