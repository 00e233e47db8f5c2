import type { FastifyInstance } from 'fastify';
import type { BatchResponse } from '../../src-shared/sync/wire';
import { signedKiosk } from '../auth/require-signature';
import type { CatalogHistory } from '../catalog/published';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { RequestError, rawBody } from '../requests';
import { ingestBatch, parseLooseBatch } from './batch';

export function registerApplicationRoutes(
  app: FastifyInstance,
  deps: { db: CentralDatabase; catalog: CatalogHistory; effects: CentralEffects; windowSeconds: number },
): void {
  app.post('/v1/applications/batch', async (request, reply) => {
    // The signature is checked before the body is even parsed.
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    let json: unknown;
    try {
      json = JSON.parse(rawBody(request.body).toString('utf8'));
    } catch {
      throw new RequestError(400, 'request.invalid');
    }
    const items = parseLooseBatch(json);
    const results = ingestBatch(
      { db: deps.db, catalog: deps.catalog, kioskId: kiosk.id, clock: deps.effects.clock, log: deps.effects.log },
      items,
    );
    return { results } satisfies BatchResponse;
  });
}
