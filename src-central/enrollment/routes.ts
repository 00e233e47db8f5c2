import type { FastifyInstance } from 'fastify';
import { EnrollRequest, type EnrollResponse } from '../../src-shared/sync/wire';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { RequestError, readJsonBody } from '../requests';
import { enrollKiosk } from './kiosks';

export function registerEnrollmentRoutes(
  app: FastifyInstance,
  deps: { db: CentralDatabase; effects: CentralEffects; windowSeconds: number; servicePublicKey: string },
): void {
  app.post('/v1/enroll', async (request) => {
    const body = readJsonBody(request.body, EnrollRequest);
    const now = deps.effects.clock();
    const outcome = enrollKiosk(deps.db, body, { now, randomBytes: deps.effects.randomBytes });
    if (!outcome.ok) {
      deps.effects.log('enroll.refused', { code: outcome.code });
      // Unknown, used and expired codes look the same: no hint for someone guessing.
      throw new RequestError(outcome.code === 'enroll.badKey' ? 400 : 403, outcome.code);
    }
    deps.effects.log('enroll.enrolled', { kioskId: outcome.kiosk.id });
    return {
      kioskId: outcome.kiosk.id,
      officeName: outcome.kiosk.officeName,
      // Pinned by the kiosk: from now on it believes only answers signed with this key.
      servicePublicKey: deps.servicePublicKey,
      serverTime: now.toISOString(),
      signatureWindowSeconds: deps.windowSeconds,
    } satisfies EnrollResponse;
  });
}
