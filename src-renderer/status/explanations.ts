import { formatPlainCode, LOOKUP_CODE_LENGTH, normalizePlainCode } from '../../src-shared/codes';
import type { StatusReport, StatusState } from '../../src-shared/contract';
import type { StatusEntry } from '../../src-shared/applications/status';
import type { Localized } from '../../src-shared/language';

/** How a state looks: waiting on the service, waiting on the citizen, finished well or not. */
export type StatusTone = 'waiting' | 'progress' | 'action' | 'done' | 'stopped';

const TONES: Record<StatusState, StatusTone> = {
  notSent: 'waiting',
  received: 'progress',
  inReview: 'progress',
  documentsNeeded: 'action',
  readyForPickup: 'done',
  rejected: 'stopped',
};

/** Every state a status report can be in, in the order an application moves. */
export const STATUS_STATES = Object.keys(TONES) as StatusState[];

export interface StateReading {
  tone: StatusTone;
  /** The state in words ("Ready for pickup"). */
  titleKey: string;
  /** What it means for the citizen: what to do next, if anything. */
  nextKey: string;
  /** What the reason given with this state is called ("What to bring", "Why"). */
  reasonKey: string;
}

export function readingOf(state: StatusState): StateReading {
  return {
    tone: TONES[state],
    titleKey: `status.state.${state}.title`,
    nextKey: `status.state.${state}.next`,
    reasonKey: state === 'documentsNeeded' || state === 'rejected' ? `status.reason.${state}` : 'status.reason.other',
  };
}

/** Oldest first, whatever order the steps came in (a stable sort keeps equal times as given). */
export function historyOldestFirst(history: readonly StatusEntry[]): StatusEntry[] {
  return [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The reason given with the current state (which documents, why refused): from its latest step. */
export function currentReason(report: Pick<StatusReport, 'state' | 'history'>): Localized | null {
  const steps = historyOldestFirst(report.history);
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    const step = steps[i];
    if (step && step.state === report.state) return step.reason;
  }
  return null;
}

/**
 * Said plainly when the answer is this kiosk's last knowledge, not the
 * service's answer now; "not sent yet" says it in its own words.
 */
export function showsOfflineNote(report: Pick<StatusReport, 'source' | 'state'>): boolean {
  return report.source === 'kiosk' && report.state !== 'notSent';
}

/** A lookup code as the receipt prints it (`XXXX-XXXX-XXXX`), or as given when it is not one. */
export function lookupCodeForDisplay(code: string): string {
  const bare = normalizePlainCode(code, LOOKUP_CODE_LENGTH);
  return bare ? formatPlainCode(bare) : code;
}
