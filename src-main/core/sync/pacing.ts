/**
 * When the sync does things: how long it waits after failures, and how it
 * gives the main thread back between pieces of work.
 */

/** The first wait after a failure; each further failure doubles it, up to the caller's most. */
export const FIRST_BACKOFF_MS = 1_000;
/** How long an item the service could not take (`retry`, or one that could not be sent) first waits; it doubles per attempt. */
export const FIRST_ITEM_RETRY_MS = 30_000;
export const MAX_ITEM_RETRY_MS = 60 * 60_000;

/**
 * Exponential backoff with jitter: after the `failures`-th failure in a
 * row, a wait drawn uniformly from [base/2, base), base being
 * `firstMs · 2^(failures−1)` capped at `maxMs`. The jitter keeps a whole
 * office of kiosks that lost the link together from knocking in step.
 * `random` is in [0, 1).
 */
export function backoffDelay(failures: number, random: () => number, limits: { firstMs: number; maxMs: number }): number {
  const exponent = Math.min(Math.max(0, failures - 1), 40);
  const base = Math.min(limits.maxMs, limits.firstMs * 2 ** exponent);
  return Math.floor(base / 2 + (base / 2) * random());
}

/** When an item tried `attempts` times (this one included) is offered again. */
export function itemRetryDelay(attempts: number, random: () => number): number {
  return backoffDelay(attempts, random, { firstMs: FIRST_ITEM_RETRY_MS, maxMs: MAX_ITEM_RETRY_MS });
}

/** Lets timers, I/O and other callers run before the next piece of work (a sync of thousands of items is many short pieces). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A timer the engine sets; tests pass one they fire by hand instead of waiting. */
export type Schedule = (run: () => Promise<void>, delayMs: number) => { cancel(): void };

export const realSchedule: Schedule = (run, delayMs) => {
  const timer = setTimeout(() => void run(), delayMs);
  // A pending sync never keeps the process alive on its own.
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};
