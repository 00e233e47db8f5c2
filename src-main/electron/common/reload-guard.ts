/**
 * Decides how soon to reload the kiosk page after its renderer died, hung or
 * failed to load. A few quick reloads fix a one-off crash; a page that keeps
 * crashing must not spin the CPU in a reload loop, so after `maxQuickReloads`
 * inside `windowMs` the guard switches to slow retries (the screen stays
 * blank meanwhile) and stays slow until the page has stayed up for a whole
 * `windowMs` since its last failure.
 */
export interface ReloadGuardOptions {
  maxQuickReloads: number;
  windowMs: number;
  quickDelayMs: number;
  slowDelayMs: number;
  now: () => number;
}

export const DEFAULT_RELOAD_GUARD: Omit<ReloadGuardOptions, 'now'> = {
  maxQuickReloads: 3,
  windowMs: 60_000,
  quickDelayMs: 500,
  slowDelayMs: 30_000,
};

export interface ReloadPlan {
  delayMs: number;
  /** True once the guard has given up on quick reloads. */
  slow: boolean;
}

export interface ReloadGuard {
  /** Records a failure and says when to reload. */
  nextReload(): ReloadPlan;
}

export function createReloadGuard(options: ReloadGuardOptions): ReloadGuard {
  let recent: number[] = [];
  let slow = false;
  return {
    nextReload() {
      const now = options.now();
      const last = recent.at(-1);
      // A page that stayed up for a whole window is healthy again.
      if (last !== undefined && now - last >= options.windowMs) slow = false;
      recent = recent.filter((at) => now - at < options.windowMs);
      recent.push(now);
      if (recent.length > options.maxQuickReloads) slow = true;
      return { delayMs: slow ? options.slowDelayMs : options.quickDelayMs, slow };
    },
  };
}
