import type { Enrollment } from '../../../src-shared/clerks/views';
import { KioskError, type ApiErrorCode } from '../../../src-shared/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log';
import type { KioskDatabase } from '../db/database';
import { CentralFailure, type CentralClient } from '../sync/central-client';
import { generateKioskKeys, servicePublicKeyOf } from '../sync/signer';
import type { IdentityStore } from './identity';

export interface EnrollmentOptions {
  db: KioskDatabase;
  identity: IdentityStore;
  audit: AuditLog;
  /** Null: no central URL is set, so there is no one to enroll with. */
  client: CentralClient | null;
  clock: () => Date;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
  /** In the enrollment's transaction: what was made for the old identity goes (the clerks' verifiers). */
  identityChanged: () => void;
}

export interface EnrollRequest {
  code: string;
  terminalName: string;
  actor: AuditActor;
  /** In the enrollment's transaction: e.g. keeping the terminal's name as a setting. */
  alongside?: () => void;
}

/** What the clerk is told of a failed enrollment: the code refused, the service out of reach, or the rest. */
function refusalCode(failure: string): ApiErrorCode {
  if (failure === 'enroll.invalidCode') return 'enroll.codeRefused';
  if (failure.startsWith('network.') || failure === 'central.notConfigured') return 'enroll.offline';
  return 'enroll.failed';
}

/**
 * Enrolling with a one-time code: a new key pair, the service's key pinned,
 * the identity the service gave. Enrolled again (after a revocation, or by
 * an admin), the kiosk keeps everything it holds: its applications go out
 * under its new identity, and so does its whole audit chain, since the
 * service holds none of it under that identity. The clerk list, whose
 * verifiers are made for one kiosk id, is fetched anew.
 */
export function createEnrollment(options: EnrollmentOptions) {
  const { db, identity, audit, client, clock, log } = options;

  async function enroll(request: EnrollRequest): Promise<void> {
    const keys = generateKioskKeys();
    let answer;
    try {
      if (!client) throw new CentralFailure('central.notConfigured');
      answer = await client.enroll({ code: request.code, publicKey: keys.publicKey, terminalName: request.terminalName });
      // The key every later answer must be signed with: pinned now, or no enrollment at all.
      if (!servicePublicKeyOf(answer.servicePublicKey)) throw new CentralFailure('enroll.badServiceKey');
    } catch (error) {
      const failure = error instanceof CentralFailure ? error.code : 'internal';
      log('kiosk.enrollFailed', { code: failure });
      throw new KioskError(refusalCode(failure));
    }
    const again = identity.enrolled() !== null;
    const enrolled = answer;
    db.transaction(() => {
      identity.saveEnrollment({
        kioskId: enrolled.kioskId,
        officeName: enrolled.officeName,
        keys,
        servicePublicKey: enrolled.servicePublicKey,
        enrolledAt: clock().toISOString(),
      });
      identity.setClockOffsetMs(new Date(enrolled.serverTime).getTime() - clock().getTime());
      request.alongside?.();
      options.identityChanged();
      audit.restartSync();
      audit.record({ actor: request.actor, action: 'kiosk.enrolled', target: enrolled.kioskId, details: { again } });
    })();
    log('kiosk.enrolled', { kioskId: enrolled.kioskId, again });
  }

  return {
    enroll,
    /** Never enrolled, or revoked by the service: the one-time code alone is the authority, no clerk needed. */
    open(): boolean {
      return identity.enrolled() === null || identity.revoked();
    },
    view(terminalName: string): Enrollment {
      const enrolled = identity.enrolled();
      return {
        enrolled: enrolled !== null,
        revoked: identity.revoked(),
        kioskId: enrolled?.kioskId ?? null,
        officeName: enrolled?.officeName ?? null,
        terminalName,
        enrolledAt: enrolled ? identity.enrolledAt() : null,
      };
    },
  };
}
