import type { FastifyInstance } from 'fastify';
import { ACCOUNT_PATHS, type TermsResponse } from '../../src-shared/accounts/wire';
import type { z } from 'zod';
import { signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { RequestError } from '../requests';
import { termsInForce } from './terms';

/** The edition of the terms in force, to read before registering: signed like every kiosk request (GET, empty body). */
export function registerTermsRoutes(app: FastifyInstance, deps: { db: CentralDatabase; effects: CentralEffects; windowSeconds: number }): void {
  app.get(ACCOUNT_PATHS.terms, async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    const terms = termsInForce(deps.db, deps.effects.clock());
    // Only a service started without its bundled texts has none.
    if (!terms) throw new RequestError(503, 'terms.unavailable');
    return terms satisfies z.infer<typeof TermsResponse>;
  });
}
