import { describe, expect, it } from 'vitest';
import { createReloadGuard, DEFAULT_RELOAD_GUARD } from '../../../src-main/electron/common/reload-guard';

function guardAt(start = 0) {
  let now = start;
  const guard = createReloadGuard({ ...DEFAULT_RELOAD_GUARD, now: () => now });
  return { guard, advance: (ms: number) => (now += ms) };
}

describe('reload guard', () => {
  it('reloads quickly after a one-off crash', () => {
    const { guard } = guardAt();
    expect(guard.nextReload()).toEqual({ delayMs: DEFAULT_RELOAD_GUARD.quickDelayMs, slow: false });
  });

  it('allows maxQuickReloads quick reloads a minute, then slows down', () => {
    const { guard, advance } = guardAt();
    for (let i = 0; i < DEFAULT_RELOAD_GUARD.maxQuickReloads; i++) {
      expect(guard.nextReload().slow).toBe(false);
      advance(1_000);
    }
    expect(guard.nextReload()).toEqual({ delayMs: DEFAULT_RELOAD_GUARD.slowDelayMs, slow: true });
    advance(DEFAULT_RELOAD_GUARD.slowDelayMs);
    expect(guard.nextReload().slow).toBe(true);
  });

  it('keeps retrying slowly for as long as crashes keep coming', () => {
    const { guard, advance } = guardAt();
    const plans = Array.from({ length: 20 }, () => {
      const plan = guard.nextReload();
      advance(plan.delayMs);
      return plan;
    });
    expect(plans.slice(DEFAULT_RELOAD_GUARD.maxQuickReloads).every((plan) => plan.slow)).toBe(true);
  });

  it('goes back to quick reloads once the page has stayed up for the window', () => {
    const { guard, advance } = guardAt();
    for (let i = 0; i <= DEFAULT_RELOAD_GUARD.maxQuickReloads; i++) guard.nextReload();
    advance(DEFAULT_RELOAD_GUARD.windowMs);
    expect(guard.nextReload()).toEqual({ delayMs: DEFAULT_RELOAD_GUARD.quickDelayMs, slow: false });
  });
});
