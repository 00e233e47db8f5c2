import type { SyncState } from '../../src-shared/contract';
import { formatDate, formatTime } from '../format';

/** A message to translate: an i18n key and what fills it (`count` picks the plural). */
export interface SyncMessage {
  key: string;
  params: Record<string, string | number>;
}

const message = (key: string, params: Record<string, string | number> = {}): SyncMessage => ({ key, params });

/** Where the kiosk stands with the central service, in the order a clerk would ask. */
export type Connection = 'unknown' | 'revoked' | 'notEnrolled' | 'online' | 'offline';

export function connectionOf(state: SyncState | null): Connection {
  if (!state) return 'unknown';
  if (state.revoked) return 'revoked';
  if (!state.enrolled) return 'notEnrolled';
  return state.online ? 'online' : 'offline';
}

/** What the header's chip says: one short word for the connection, and the count waiting if any. */
export function chipReading(state: SyncState | null): { connection: Connection; online: boolean; waiting: number; parts: SyncMessage[] } {
  const connection = connectionOf(state);
  const waiting = state?.waiting ?? 0;
  const parts = [message(`sync.chip.${connection}`)];
  if (waiting > 0) parts.push(message('sync.chip.waiting', { count: waiting }));
  return { connection, online: connection === 'online', waiting, parts };
}

/** The kind of sentence a failure code is explained with; `other` names the code for the clerk. */
export type LastErrorKind =
  | 'network'
  | 'notTheService'
  | 'badAnswer'
  | 'serviceDown'
  | 'clock'
  | 'revoked'
  | 'refusedKiosk'
  | 'reconnect'
  | 'catalogRefused'
  | 'localSave'
  | 'auditRefused'
  | 'other';

/**
 * Codes come from the core's sync engine (its own, e.g. `network.timeout`)
 * or from the central service's refusals it passes on (e.g. `auth.stale`).
 * A code not known here still gets a plain sentence, with the code in it.
 */
export function lastErrorKind(code: string): LastErrorKind {
  if (code.startsWith('network.')) return 'network';
  // An answer without the service's signature, or not even JSON: a captive portal, a login page or a proxy.
  if (code === 'response.unsigned' || code === 'response.badSignature' || code === 'response.notJson') return 'notTheService';
  if (code.startsWith('response.')) return 'badAnswer';
  if (/^http\.5\d\d$/.test(code)) return 'serviceDown';
  if (code === 'auth.stale') return 'clock';
  if (code === 'auth.revoked') return 'revoked';
  // The two sides no longer know each other (service key not pinned, kiosk unknown there): enrolled again by a clerk.
  if (code === 'auth.unknownKiosk' || code === 'kiosk.serviceKeyMissing' || code === 'kiosk.notEnrolled') return 'reconnect';
  if (code.startsWith('auth.')) return 'refusedKiosk';
  if (code === 'catalog.refused') return 'catalogRefused';
  if (code === 'catalog.commitFailed' || code === 'status.commitFailed' || code === 'clerks.commitFailed') return 'localSave';
  // The service found this kiosk's audit chain broken (an entry changed or removed here): an admin must look.
  if (code === 'audit.chainBroken') return 'auditRefused';
  return 'other';
}

/** The sentence for a failure code; the generic ones carry the code so a clerk can report it. */
export function lastErrorMessage(code: string): SyncMessage {
  const kind = lastErrorKind(code);
  return kind === 'other' || kind === 'refusedKiosk' ? message(`sync.error.${kind}`, { code }) : message(`sync.error.${kind}`);
}

/** An instant as the dialog shows it: the date and the time in Bishkek. */
function when(instant: string): Record<string, string> {
  return { date: formatDate(instant), time: formatTime(instant) };
}

export interface SyncDetails {
  connection: Connection;
  /** Said to the citizen first: nothing is lost. */
  reassurance: SyncMessage;
  /** Online, or offline since when. */
  link: SyncMessage;
  waiting: SyncMessage;
  lastSuccess: SyncMessage;
  /** Only when some applications were refused or in conflict. */
  flagged: SyncMessage | null;
  /** Only when the last exchange went wrong, and not already said by `link`. */
  lastError: SyncMessage | null;
}

function linkOf(connection: Connection, state: SyncState | null): SyncMessage {
  if (connection === 'offline' && state?.offlineSince) return message('sync.link.offlineSince', when(state.offlineSince));
  return message(`sync.link.${connection}`);
}

function reassuranceOf(connection: Connection): SyncMessage {
  if (connection === 'revoked' || connection === 'notEnrolled') return message('sync.reassure.clerk');
  return message(connection === 'online' ? 'sync.reassure.online' : 'sync.reassure.offline');
}

/** Everything the sync dialog says, as messages: counts and times only, never a name or a number of a person. */
export function syncDetails(state: SyncState | null): SyncDetails {
  const connection = connectionOf(state);
  const waiting = state?.waiting ?? 0;
  const flagged = state?.flagged ?? 0;
  const error = state?.lastError ?? null;
  return {
    connection,
    reassurance: reassuranceOf(connection),
    link: linkOf(connection, state),
    waiting: waiting > 0 ? message('sync.waiting', { count: waiting }) : message('sync.allSent'),
    lastSuccess: state?.lastSuccessAt ? message('sync.lastSuccess', when(state.lastSuccessAt)) : message('sync.lastSuccessNever'),
    flagged: flagged > 0 ? message('sync.flagged', { count: flagged }) : null,
    lastError: error && !(connection === 'revoked' && error === 'auth.revoked') ? lastErrorMessage(error) : null,
  };
}
