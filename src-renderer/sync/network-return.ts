/** How long the OS's "online" has to settle: a link coming up often fires several events in a row. */
export const NETWORK_RETURN_DELAY_MS = 1_500;

export interface NetworkReturnDeps {
  /** Subscribes to the OS saying the network is back (the window's `online` event); returns the unsubscribe. */
  onOnline(listener: () => void): () => void;
  /** Asks the core for a sync round at once; it checks the service for real. */
  syncNow(): Promise<unknown>;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  delayMs?: number;
}

/**
 * When the OS thinks the network is back, asks the core for one round,
 * once per burst of events; a failure is ignored (the core's own backoff
 * carries on, and the next event or round tries again).
 */
export function watchNetworkReturn(deps: NetworkReturnDeps): () => void {
  let pending: unknown = null;
  const fire = () => {
    pending = null;
    deps.syncNow().catch(() => {});
  };
  const unsubscribe = deps.onOnline(() => {
    if (pending !== null) deps.clearTimer(pending);
    pending = deps.setTimer(fire, deps.delayMs ?? NETWORK_RETURN_DELAY_MS);
  });
  return () => {
    unsubscribe();
    if (pending !== null) deps.clearTimer(pending);
    pending = null;
  };
}
