import type { FastifyInstance } from 'fastify';
import {
  AuditBatchRequest,
  type AuditBatchResponse,
  CLERK_PATHS,
  type ClerksResponse,
  IdentityConfirmationsRequest,
  type IdentityConfirmationsResponse,
  VerifyAccountRequest,
} from '../../src-shared/clerks/wire';
import type { AccountsDeps } from '../accounts/flows';
import { AccountRefusal, parseAccountBody } from '../accounts/refusals';
import { storeAuditBatch } from '../audit/chain';
import { signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { readJsonBody } from '../requests';
import { storeIdentityConfirmations } from './confirmations';
import { clerksForKiosk } from './store';
import { verifyAccountAtKiosk } from './verify-account';

/**
 * Clerk mode's routes (docs/clerks.md): each a signed kiosk request,
 * answered with JSON the onSend hook signs. A malformed body is a 400
 * `request.invalid` before anything is stored; verify-identity answers as
 * the account routes do.
 */
export function registerClerkRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountsDeps; db: CentralDatabase; effects: CentralEffects; windowSeconds: number },
): void {
  app.get(CLERK_PATHS.clerks, async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    return { clerks: clerksForKiosk(deps.db, kiosk) } satisfies ClerksResponse;
  });

  app.post(CLERK_PATHS.audit, async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    const { entries } = readJsonBody(request.body, AuditBatchRequest);
    const outcome = storeAuditBatch(deps.db, kiosk.id, entries, deps.effects.clock());
    if (!outcome.ok) {
      const { refusal } = outcome;
      deps.effects.log('audit.chainBroken', { kioskId: kiosk.id, expectedSeq: refusal.expectedSeq, brokenSeq: refusal.brokenSeq });
      return reply.status(409).send(refusal);
    }
    return { storedThrough: outcome.storedThrough } satisfies AuditBatchResponse;
  });

  app.post(CLERK_PATHS.identityConfirmations, async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    const { confirmations } = readJsonBody(request.body, IdentityConfirmationsRequest);
    const answer = storeIdentityConfirmations(deps.db, kiosk.id, confirmations, deps.effects.clock());
    const refused = answer.results.filter((result) => result.outcome === 'refused').length;
    if (refused > 0) deps.effects.log('identity.refused', { kioskId: kiosk.id, refused });
    return answer satisfies IdentityConfirmationsResponse;
  });

  app.post(CLERK_PATHS.verifyAccount, async (request, reply) => {
    const kiosk = await signedKiosk(request, reply, deps);
    if (!kiosk) return reply;
    try {
      return verifyAccountAtKiosk(deps.accounts, kiosk, parseAccountBody(request.body, VerifyAccountRequest));
    } catch (error) {
      if (!(error instanceof AccountRefusal)) throw error;
      deps.effects.log('account.refused', { route: CLERK_PATHS.verifyAccount, kioskId: kiosk.id, code: error.answer.error });
      return reply.status(error.status).send(error.answer);
    }
  });
}
