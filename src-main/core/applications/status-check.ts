import { LOOKUP_CODE_LENGTH, normalizePlainCode } from '../../../src-shared/codes';
import type { StatusReport } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';
import type { StatusResponse } from '../../../src-shared/sync/wire';
import { CentralFailure, isStatusNotFound, type CentralClient, type Signer } from '../sync/central-client';
import type { ApplicationStore, LocalApplication } from './applications';
import type { StatusStore } from './statuses';

export interface StatusCheckDeps {
  applications: Pick<ApplicationStore, 'byLookupCode'>;
  statuses: Pick<StatusStore, 'history' | 'lastCompletePull'>;
  /** Asks the central service (signed, clock-corrected); throws a CentralFailure when it cannot. */
  ask: <T>(call: (central: CentralClient, signer: Signer) => Promise<T>) => Promise<T>;
  nowIso: () => string;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/** The bare lookup code of what was typed or scanned, or `lookup.invalid`. */
export function lookupCodeOf(typed: string): string {
  const code = normalizePlainCode(typed, LOOKUP_CODE_LENGTH);
  if (code === null) throw new KioskError('lookup.invalid');
  return code;
}

/** What a report says of the application itself, from the kiosk's row or the service's answer. */
type Identity = Pick<StatusReport, 'lookupCode' | 'registrationNumber' | 'serviceId' | 'variantId' | 'submittedAt'>;

function identityOf(application: Identity): Identity {
  const { lookupCode, registrationNumber, serviceId, variantId, submittedAt } = application;
  return { lookupCode, registrationNumber, serviceId, variantId, submittedAt };
}

function notSent(local: LocalApplication, now: string): StatusReport {
  return { ...identityOf(local), state: 'notSent', history: [], source: 'kiosk', knownAt: now };
}

function fromCentral(answer: StatusResponse, now: string): StatusReport {
  const last = answer.history[answer.history.length - 1];
  return { ...identityOf(answer), state: last?.state ?? 'received', history: answer.history, source: 'central', knownAt: now };
}

/** The later of two instants given as ISO strings, either possibly missing. */
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * What the kiosk itself knows of an accepted application: the steps the
 * feed delivered ("received" until the first arrives), true as of the last
 * complete feed pull, or of the acceptance when that is later.
 */
function fromKiosk(deps: StatusCheckDeps, local: LocalApplication): StatusReport {
  const history = deps.statuses.history(local.applicationId);
  const knownAt = later(deps.statuses.lastCompletePull(), local.acknowledgedAt) ?? local.submittedAt;
  const state = history[history.length - 1]?.state ?? 'received';
  return { ...identityOf(local), state, history, source: 'kiosk', knownAt };
}

/**
 * "Check status": an application still in this kiosk's outbox (or refused)
 * has not reached the service; otherwise the central service is asked, and
 * while it is out of reach the kiosk answers with what it last knew.
 */
export async function checkStatus(deps: StatusCheckDeps, typed: string): Promise<StatusReport> {
  const code = lookupCodeOf(typed);
  const local = deps.applications.byLookupCode(code);
  if (local && local.delivery !== 'accepted') return notSent(local, deps.nowIso());
  try {
    const answer = await deps.ask((central, signer) => central.status(signer, code));
    return fromCentral(answer, deps.nowIso());
  } catch (error) {
    if (isStatusNotFound(error)) throw new KioskError('status.notFound');
    if (!(error instanceof CentralFailure)) throw error;
    deps.log('status.offline', { code: error.code, known: local !== null });
  }
  if (!local) throw new KioskError('status.offlineUnknown');
  return fromKiosk(deps, local);
}
