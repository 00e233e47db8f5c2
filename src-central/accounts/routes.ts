import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  ACCOUNT_PATHS,
  AnswerTermsRequest,
  ChangePasswordRequest,
  DeleteAccountRequest,
  DeleteDraftRequest,
  LinkApplicationRequest,
  LoginRequest,
  ReadNoticeRequest,
  RegisterRequest,
  RestoreRequest,
  SaveDraftRequest,
  TokenRequest,
} from '../../src-shared/accounts/wire';
import { signedKiosk } from '../auth/require-signature';
import type { CentralDatabase } from '../database';
import type { CentralEffects } from '../effects';
import { cabinet, deleteDraft, linkApplication, readNotice, saveDraft } from './cabinet';
import {
  type AccountsDeps,
  answerTerms,
  changePassword,
  deleteAccount,
  login,
  logout,
  register,
  reportMisuse,
  restore,
} from './flows';
import { AccountRefusal, parseAccountBody } from './refusals';

/**
 * The account routes (docs/accounts.md): every one a signed kiosk request
 * (`POST`, JSON), answered with JSON the onSend hook signs. A refusal is an
 * `AccountErrorResponse`; its code, never a message, says why.
 */
export function registerAccountRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountsDeps; db: CentralDatabase; effects: CentralEffects; windowSeconds: number },
): void {
  function route<Schema extends z.ZodType>(path: string, schema: Schema, handle: (kioskId: string, body: z.infer<Schema>) => unknown): void {
    app.post(path, async (request, reply) => {
      // The signature is checked before the body is even parsed.
      const kiosk = await signedKiosk(request, reply, deps);
      if (!kiosk) return reply;
      try {
        return await handle(kiosk.id, parseAccountBody(request.body, schema));
      } catch (error) {
        if (error instanceof AccountRefusal) return answerRefusal(reply, error, { route: path, kioskId: kiosk.id });
        throw error;
      }
    });
  }

  function answerRefusal(reply: FastifyReply, refusal: AccountRefusal, context: { route: string; kioskId: string }): FastifyReply {
    deps.effects.log('account.refused', { ...context, code: refusal.answer.error });
    if (refusal.answer.retryAfterSeconds !== undefined) reply.header('retry-after', String(refusal.answer.retryAfterSeconds));
    return reply.status(refusal.status).send(refusal.answer);
  }

  const accounts = deps.accounts;
  route(ACCOUNT_PATHS.register, RegisterRequest, (kioskId, body) => register(accounts, kioskId, body));
  route(ACCOUNT_PATHS.login, LoginRequest, (kioskId, body) => login(accounts, kioskId, body));
  route(ACCOUNT_PATHS.answerTerms, AnswerTermsRequest, (kioskId, body) => answerTerms(accounts, kioskId, body));
  route(ACCOUNT_PATHS.logout, TokenRequest, (kioskId, body) => logout(accounts, kioskId, body.token));
  route(ACCOUNT_PATHS.cabinet, TokenRequest, (kioskId, body) => cabinet(accounts, kioskId, body.token));
  route(ACCOUNT_PATHS.changePassword, ChangePasswordRequest, (kioskId, body) => changePassword(accounts, kioskId, body));
  route(ACCOUNT_PATHS.reportMisuse, TokenRequest, (kioskId, body) => reportMisuse(accounts, kioskId, body.token));
  route(ACCOUNT_PATHS.deleteAccount, DeleteAccountRequest, (kioskId, body) => deleteAccount(accounts, kioskId, body));
  route(ACCOUNT_PATHS.restore, RestoreRequest, (kioskId, body) => restore(accounts, kioskId, body));
  route(ACCOUNT_PATHS.linkApplication, LinkApplicationRequest, (kioskId, body) => linkApplication(accounts, kioskId, body));
  route(ACCOUNT_PATHS.saveDraft, SaveDraftRequest, (kioskId, body) => saveDraft(accounts, kioskId, body));
  route(ACCOUNT_PATHS.deleteDraft, DeleteDraftRequest, (kioskId, body) => deleteDraft(accounts, kioskId, body));
  route(ACCOUNT_PATHS.readNotice, ReadNoticeRequest, (kioskId, body) => readNotice(accounts, kioskId, body));
}
