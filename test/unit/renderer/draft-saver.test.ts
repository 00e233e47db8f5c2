import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDraftSaver, type SaveState } from '../../../src-renderer/application/draft-saver';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createDraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces changes and saves the last one', async () => {
    const saved: string[] = [];
    const saver = createDraftSaver<string>({
      save: async (value) => {
        saved.push(value);
      },
      onStateChange: () => {},
    });
    saver.schedule('a');
    await vi.advanceTimersByTimeAsync(100);
    saver.schedule('ab');
    await vi.advanceTimersByTimeAsync(100);
    saver.schedule('abc');
    await vi.advanceTimersByTimeAsync(400);
    expect(saved).toEqual(['abc']);
  });

  it('keeps at most one save in flight and sends the newest value after it', async () => {
    const calls: { value: string; done: ReturnType<typeof deferred> }[] = [];
    const saver = createDraftSaver<string>({
      save: (value) => {
        const done = deferred();
        calls.push({ value, done });
        return done.promise;
      },
      onStateChange: () => {},
    });
    saver.schedule('1');
    await vi.advanceTimersByTimeAsync(300);
    expect(calls.map((c) => c.value)).toEqual(['1']);
    saver.schedule('12');
    await vi.advanceTimersByTimeAsync(300);
    saver.schedule('123');
    await vi.advanceTimersByTimeAsync(300);
    expect(calls.map((c) => c.value)).toEqual(['1']);
    calls[0]?.done.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.value)).toEqual(['1', '123']);
    calls[1]?.done.resolve();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
  });

  it('reports saving, then saved', async () => {
    const states: SaveState[] = [];
    const saver = createDraftSaver<string>({ save: async () => {}, onStateChange: (s) => states.push(s) });
    saver.schedule('x');
    await vi.advanceTimersByTimeAsync(300);
    expect(states).toEqual(['saving', 'saved']);
  });

  it('retries a failed save with the newest value', async () => {
    const states: SaveState[] = [];
    let fail = true;
    const saved: string[] = [];
    const saver = createDraftSaver<string>({
      save: async (value) => {
        if (fail) throw new Error('down');
        saved.push(value);
      },
      onStateChange: (s) => states.push(s),
      retryMs: 1000,
    });
    saver.schedule('v1');
    await vi.advanceTimersByTimeAsync(300);
    expect(states.at(-1)).toBe('failed');
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(['v1']);
    expect(states.at(-1)).toBe('saved');
  });

  it('flush sends what is pending at once and waits for it', async () => {
    const saved: string[] = [];
    const saver = createDraftSaver<string>({
      save: async (value) => {
        saved.push(value);
      },
      onStateChange: () => {},
    });
    saver.schedule('now');
    await expect(saver.flush()).resolves.toBe(true);
    expect(saved).toEqual(['now']);
  });

  it('cancel forgets pending work', async () => {
    const saved: string[] = [];
    const saver = createDraftSaver<string>({
      save: async (value) => {
        saved.push(value);
      },
      onStateChange: () => {},
    });
    saver.schedule('secret');
    saver.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([]);
  });
});
