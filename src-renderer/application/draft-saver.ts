export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

export interface DraftSaverOptions<T> {
  save: (value: T) => Promise<unknown>;
  onStateChange: (state: SaveState) => void;
  delayMs?: number;
  retryMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface DraftSaver<T> {
  /** Remembers the newest value and saves it after a quiet moment. */
  schedule(value: T): void;
  /** Saves what is pending now and waits for every save in flight; true when all is saved. */
  flush(): Promise<boolean>;
  /** Forgets pending work (the session is over); a save in flight is ignored. */
  cancel(): void;
}

/**
 * Debounced draft saving with at most one save in flight: changes made while
 * a save runs are coalesced, and the last value always wins. A failed save
 * is retried with the newest value.
 */
export function createDraftSaver<T>(options: DraftSaverOptions<T>): DraftSaver<T> {
  const delayMs = options.delayMs ?? 300;
  const retryMs = options.retryMs ?? 3000;
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  let pending: { value: T } | null = null;
  let inFlight: Promise<void> | null = null;
  let timer: unknown = null;
  let failed = false;
  let everSaved = false;
  let generation = 0;
  let reported: SaveState = 'idle';

  function report(): void {
    const state: SaveState = failed ? 'failed' : pending || inFlight ? 'saving' : everSaved ? 'saved' : 'idle';
    if (state !== reported) {
      reported = state;
      options.onStateChange(state);
    }
  }

  function stopTimer(): void {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  function startTimer(ms: number): void {
    stopTimer();
    timer = setTimer(() => {
      timer = null;
      pump();
    }, ms);
  }

  function pump(): void {
    if (inFlight || !pending) return;
    const { value } = pending;
    pending = null;
    const myGeneration = generation;
    inFlight = options
      .save(value)
      .then(
        () => {
          if (myGeneration !== generation) return;
          failed = false;
          everSaved = true;
        },
        () => {
          if (myGeneration !== generation) return;
          failed = true;
          // Retry with the newest value: the one that failed, unless a newer one is waiting.
          if (!pending) pending = { value };
          if (timer === null) startTimer(retryMs);
        },
      )
      .finally(() => {
        if (myGeneration !== generation) return;
        inFlight = null;
        if (pending && timer === null) pump();
        report();
      });
    report();
  }

  return {
    schedule(value) {
      pending = { value };
      startTimer(delayMs);
      report();
    },
    async flush() {
      for (;;) {
        stopTimer();
        pump();
        const running = inFlight;
        if (!running) return !failed && !pending;
        await running;
        if (failed) return false;
      }
    },
    cancel() {
      generation += 1;
      stopTimer();
      pending = null;
      inFlight = null;
      failed = false;
      everSaved = false;
      reported = 'idle';
    },
  };
}
