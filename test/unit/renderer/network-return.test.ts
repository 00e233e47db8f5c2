import { describe, expect, it } from 'vitest';
import { watchNetworkReturn } from '../../../src-renderer/sync/network-return';

/** A hand-driven clock and event source: no DOM, no real timers. */
function harness(syncNow: () => Promise<unknown>) {
  let listener: (() => void) | null = null;
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let nextId = 1;
  const stop = watchNetworkReturn({
    onOnline(l) {
      listener = l;
      return () => {
        listener = null;
      };
    },
    syncNow,
    setTimer(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimer(id) {
      timers.delete(id as number);
    },
    delayMs: 1000,
  });
  return {
    online: () => listener?.(),
    listening: () => listener !== null,
    pendingTimers: () => timers.size,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
    stop,
  };
}

describe('network return', () => {
  it('asks for one round after a burst of "online" events has settled', () => {
    let calls = 0;
    const h = harness(async () => {
      calls += 1;
    });
    h.online();
    h.advance(500);
    h.online();
    h.online();
    h.advance(999);
    expect(calls).toBe(0);
    h.advance(1);
    expect(calls).toBe(1);
    h.advance(5000);
    expect(calls).toBe(1);
    h.online();
    h.advance(1000);
    expect(calls).toBe(2);
  });

  it('ignores a failed round', async () => {
    const h = harness(() => Promise.reject(new Error('internal')));
    h.online();
    expect(() => h.advance(1000)).not.toThrow();
    // The rejection is handled: nothing is left unhandled for the window to report.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('stops listening and forgets a pending round when stopped', () => {
    let calls = 0;
    const h = harness(async () => {
      calls += 1;
    });
    h.online();
    h.stop();
    expect(h.listening()).toBe(false);
    expect(h.pendingTimers()).toBe(0);
    h.advance(2000);
    expect(calls).toBe(0);
  });
});
