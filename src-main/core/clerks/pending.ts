import type { KioskApi } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';

/*
 * SCAFFOLDING while clerk mode is being built on branches: each method here
 * is replaced by its real one, and this file is deleted before anything lands.
 */
type ClerkMethods = 'getKioskSettings' | 'updateKioskSettings' | 'getEnrollment' | 'enrollKiosk' | 'exitKioskMode';

const notYet = async (): Promise<never> => {
  throw new KioskError('internal');
};

export const pendingClerkApi: Pick<KioskApi, ClerkMethods> = {
  getKioskSettings: notYet,
  updateKioskSettings: notYet,
  getEnrollment: notYet,
  enrollKiosk: notYet,
  exitKioskMode: notYet,
};
