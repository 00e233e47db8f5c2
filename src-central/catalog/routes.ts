import type { FastifyInstance } from 'fastify';
import { signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { RequestError } from '../requests';
import { storedCatalogVersion } from './versions';

/** Catalog downloads, signed like the batch route (GET, empty body); the feed announces them. */
export function registerCatalogRoutes(
  app: FastifyInstance,
  deps: { db: CentralDatabase; effects: CentralEffects; windowSeconds: number },
): void {
  app.get<{ Params: { version: string } }>('/v1/catalogs/:version', async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    const stored = storedCatalogVersion(deps.db, request.params.version);
    if (!stored) throw new RequestError(404, 'catalog.notFound');
    deps.effects.log('catalog.served', { version: stored.version, kioskId: kiosk.id });
    // The stored canonical JSON, byte for byte: its SHA-256 is the one the feed announced.
    return reply.type('application/json; charset=utf-8').send(stored.json);
  });
}
