import type { FastifyInstance } from 'fastify';
import type { ChangesResponse } from '../../src-shared/sync/wire';
import { signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { RequestError } from '../requests';
import { changesAfter } from './changes';

const CURSOR = /^\d{1,15}$/;

function cursorOf(query: unknown): number {
  const after = (query as { after?: unknown } | undefined)?.after;
  if (after === undefined) return 0;
  if (typeof after !== 'string' || !CURSOR.test(after)) throw new RequestError(400, 'request.invalid');
  return Number(after);
}

/** The change feed, signed like the batch route (GET, empty body). */
export function registerFeedRoutes(
  app: FastifyInstance,
  deps: { db: CentralDatabase; effects: CentralEffects; windowSeconds: number },
): void {
  app.get('/v1/changes', async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    const after = cursorOf(request.query);
    return changesAfter(deps.db, kiosk.id, after) satisfies ChangesResponse;
  });
}
