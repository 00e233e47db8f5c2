export interface IdleInput {
  now: number;
  lastActivity: number;
  idleMs: number;
  warningMs: number;
  /** When the shown warning wipes the session; null when no warning is shown. */
  deadline: number | null;
  /** False on an untouched home screen: nothing there to protect. */
  watching: boolean;
}

export type IdleDecision =
  | { kind: 'quiet' }
  | { kind: 'warn'; deadline: number }
  | { kind: 'countdown'; secondsLeft: number }
  | { kind: 'expire' };

/** What the idle timer does on each tick; pure, so it is tested without timers. */
export function decideIdle(input: IdleInput): IdleDecision {
  if (input.deadline !== null) {
    const left = input.deadline - input.now;
    return left <= 0 ? { kind: 'expire' } : { kind: 'countdown', secondsLeft: Math.ceil(left / 1000) };
  }
  if (!input.watching) return { kind: 'quiet' };
  if (input.now - input.lastActivity >= input.idleMs) return { kind: 'warn', deadline: input.now + input.warningMs };
  return { kind: 'quiet' };
}
