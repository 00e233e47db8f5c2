import { z } from 'zod';
import {
  ACCOUNT_PATHS,
  AccountErrorResponse,
  CabinetResponse,
  DeleteAccountResponse,
  DoneResponse,
  EndedResponse,
  LinkedResponse,
  SessionResponse,
  TermsResponse,
  type AccountDraft,
  type AnswerTermsRequest,
  type ChangePasswordRequest,
  type LoginRequest,
  type RegisterRequest,
} from '../../../src-shared/accounts/wire';
import type { Receipt } from '../../../src-shared/contract';
import { CentralFailure, type CentralClient, type Signer } from '../sync/central-client';

/** The sync engine's `ask`: one signed request with the corrected clock; a CentralFailure when there is no genuine answer. */
export type Ask = <T>(call: (central: CentralClient, signer: Signer) => Promise<T>) => Promise<T>;

/** The service read the request and refused it with an account code (a signed answer). */
export class AccountRefusal extends Error {
  constructor(readonly response: AccountErrorResponse) {
    super(response.error);
    this.name = 'AccountRefusal';
  }
}

/**
 * No account answer the kiosk can believe: no connection, a timeout, an
 * unsigned page, a kiosk not enrolled or revoked, or a signed answer that is
 * not an account answer. `code` is for the log only.
 */
export class AccountsUnreachable extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'AccountsUnreachable';
  }
}

/** What the cabinet shows of an application until it reaches the service from the outbox. */
export type SubmittedApplication = Pick<Receipt, 'applicationId' | 'lookupCode' | 'serviceId' | 'variantId' | 'submittedAt'>;

/** A citizen waits at the screen: an answer takes this long at most. */
export const ACCOUNT_TIMEOUT_MS = 10_000;
/** Ending a session is best effort (the token is forgotten already): exit and shutdown do not wait long for it. */
export const END_TIMEOUT_MS = 3_000;

/** What the service answers to a declined edition of the terms. */
const AnswerTermsResponse = SessionResponse.or(EndedResponse);

function failureOf(error: unknown): Error {
  if (!(error instanceof CentralFailure)) return error instanceof Error ? error : new Error('unknown');
  if (error.status !== null) {
    const refusal = AccountErrorResponse.safeParse(error.refusal);
    if (refusal.success) return new AccountRefusal(refusal.data);
  }
  return new AccountsUnreachable(error.code);
}

/**
 * The account routes of the central service, each a signed request through
 * the sync's `ask` (same keys, same clock correction, answers believed only
 * when signed). Every failure is either an AccountRefusal or
 * AccountsUnreachable; the session token travels inside the signed body.
 */
export function createCentralAccounts(options: { ask: Ask; timeoutMs?: number }) {
  async function call<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    timeoutMs = options.timeoutMs ?? ACCOUNT_TIMEOUT_MS,
  ): Promise<z.output<S>> {
    let answer: unknown;
    try {
      answer = await options.ask((central, signer) => central.accountJson(signer, { method, path, body, timeoutMs }));
    } catch (error) {
      throw failureOf(error);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new AccountsUnreachable('response.invalid');
    return parsed.data;
  }

  /** For routes whose answer says only that it was done. */
  const done = async (schema: z.ZodType, path: string, body: unknown, timeoutMs?: number): Promise<void> => {
    await call(schema, 'POST', path, body, timeoutMs);
  };

  return {
    terms: () => call(TermsResponse, 'GET', ACCOUNT_PATHS.terms),
    register: (request: RegisterRequest) => call(SessionResponse, 'POST', ACCOUNT_PATHS.register, request),
    login: (request: LoginRequest) => call(SessionResponse, 'POST', ACCOUNT_PATHS.login, request),
    restore: (request: LoginRequest) => call(SessionResponse, 'POST', ACCOUNT_PATHS.restore, request),
    /** Declining ends the session: that answer is waited for no longer than a logout. */
    answerTerms: (request: AnswerTermsRequest) =>
      call(AnswerTermsResponse, 'POST', ACCOUNT_PATHS.answerTerms, request, request.accept ? undefined : END_TIMEOUT_MS),
    logout: (token: string) => done(EndedResponse, ACCOUNT_PATHS.logout, { token }, END_TIMEOUT_MS),
    cabinet: (token: string) => call(CabinetResponse, 'POST', ACCOUNT_PATHS.cabinet, { token }),
    changePassword: (request: ChangePasswordRequest) => done(DoneResponse, ACCOUNT_PATHS.changePassword, request),
    reportMisuse: (token: string) => done(EndedResponse, ACCOUNT_PATHS.reportMisuse, { token }),
    deleteAccount: (token: string, password: string) => call(DeleteAccountResponse, 'POST', ACCOUNT_PATHS.deleteAccount, { token, password }),
    linkApplication: (token: string, application: SubmittedApplication) =>
      done(LinkedResponse, ACCOUNT_PATHS.linkApplication, { token, ...application }),
    saveDraft: (token: string, draft: AccountDraft) => done(DoneResponse, ACCOUNT_PATHS.saveDraft, { token, draft }),
    deleteDraft: (token: string, draftId: string) => done(DoneResponse, ACCOUNT_PATHS.deleteDraft, { token, draftId }),
    readNotice: (token: string, noticeId: string) => done(DoneResponse, ACCOUNT_PATHS.readNotice, { token, noticeId }),
  };
}
export type CentralAccounts = ReturnType<typeof createCentralAccounts>;

