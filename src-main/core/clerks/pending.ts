import type { KioskApi } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';

/*
 * SCAFFOLDING while clerk mode is being built on branches: each method here
 * is replaced by its real one, and this file is deleted before anything lands.
 */
type ClerkMethods =
  | 'callClerk'
  | 'getClerkState'
  | 'clerkLogin'
  | 'clerkLogout'
  | 'getClerkCalls'
  | 'answerClerkCall'
  | 'clerkFind'
  | 'clerkOpenDraft'
  | 'confirmIdentity'
  | 'verifyAuditLog';

const notYet = async (): Promise<never> => {
  throw new KioskError('internal');
};

export const pendingClerkApi: Pick<KioskApi, ClerkMethods> = {
  callClerk: notYet,
  getClerkState: notYet,
  clerkLogin: notYet,
  clerkLogout: notYet,
  getClerkCalls: notYet,
  answerClerkCall: notYet,
  clerkFind: notYet,
  clerkOpenDraft: notYet,
  confirmIdentity: notYet,
  verifyAuditLog: notYet,
};
