import type { FastifyInstance } from 'fastify';
import { type BatchResponse, LookupCode, type StatusResponse } from '../../src-shared/sync/wire';
import { checkedKiosk, refuseReplay, signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { RequestError, rawBody } from '../requests';
import type { BatchStore } from './batch';
import type { Judge } from './judging';
import { statusOf } from './statuses';

export function registerApplicationRoutes(
  app: FastifyInstance,
  deps: { db: CentralDatabase; judge: Judge; batches: BatchStore; effects: CentralEffects; windowSeconds: number },
): void {
  app.post('/v1/applications/batch', async (request, reply) => {
    // The signature is checked before the body is even parsed; the nonce is spent with the items, in one commit.
    const checked = await checkedKiosk(request, reply, deps);
    if (!checked) return reply;
    const items = await deps.judge.judge(rawBody(request.body), deps.effects.clock());
    if (!items) {
      if (!deps.db.transaction(checked.admit).immediate()) {
        await refuseReplay(request, reply, deps);
        return reply;
      }
      throw new RequestError(400, 'request.invalid');
    }
    const { clock, log } = deps.effects;
    const outcome = await deps.batches.store({ context: { db: deps.db, kioskId: checked.kiosk.id, clock, log }, items, admit: checked.admit });
    if ('replayed' in outcome) {
      await refuseReplay(request, reply, deps);
      return reply;
    }
    return { results: outcome.results } satisfies BatchResponse;
  });
}

/**
 * "Check status" at any kiosk: a citizen may ask wherever they are, so any
 * enrolled kiosk may read any application's status by its lookup code. The
 * answer carries states and reasons only, nothing the citizen typed.
 */
export function registerStatusRoutes(
  app: FastifyInstance,
  deps: { db: CentralDatabase; effects: CentralEffects; windowSeconds: number },
): void {
  app.get<{ Params: { lookupCode: string } }>('/v1/status/:lookupCode', async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    // The bare code only: the kiosk normalises what was typed or scanned before it signs the path.
    const code = LookupCode.safeParse(request.params.lookupCode);
    if (!code.success) throw new RequestError(400, 'lookup.invalid');
    const status = statusOf(deps.db, code.data);
    // The code is the citizen's key to the status: logged neither when found nor when not.
    if (!status) {
      deps.effects.log('status.notFound', { kioskId: kiosk.id });
      throw new RequestError(404, 'status.notFound');
    }
    deps.effects.log('status.served', { kioskId: kiosk.id, registrationNumber: status.registrationNumber });
    return status satisfies StatusResponse;
  });
}
