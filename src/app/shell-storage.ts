/**
 * Storage limits as the shell meets them: the stores' write status in plain terms, and keeping
 * refused writes landing (flush before another tab takes over, retry while space is short).
 */
import type { DbInterruption, ShopfloorDb, SpaceStore, SpaceStoreStatus } from '../storage';

export type { DbInterruption, ShopfloorDb, SpaceStore, SpaceStoreStatus };

/** Retry interval for writes refused for space or failed. */
const RETRY_MS = 5_000;

/** What is wrong with the stores' writes: the first write error, and how many rows could not be read. */
export interface StorageTrouble {
  error: SpaceStoreStatus['error'];
  unreadable: number;
}

export function storageTrouble(statuses: readonly SpaceStoreStatus[]): StorageTrouble {
  return {
    error: statuses.find((s) => s.error)?.error ?? null,
    unreadable: statuses.reduce((n, s) => n + s.unreadableRows.length, 0),
  };
}

/** Calls `onChange` with every store's status (in the stores' order) whenever one changes; returns the stop. */
export function watchStoreStatuses(
  stores: readonly SpaceStore[],
  onChange: (statuses: SpaceStoreStatus[]) => void,
): () => void {
  let statuses = stores.map((s) => s.getStatus());
  const unsubscribe = stores.map((store, i) =>
    store.onStatus((s) => {
      statuses = statuses.map((old, j) => (j === i ? s : old));
      onChange(statuses);
    }),
  );
  return () => {
    for (const u of unsubscribe) u();
  };
}

/** Every store's status now. */
export function storeStatuses(stores: readonly SpaceStore[]): SpaceStoreStatus[] {
  return stores.map((s) => s.getStatus());
}

/**
 * While unlocked: flushes the stores before yielding to another tab, and while a write is refused
 * (quota) retries it every few seconds and when the app comes back to the foreground, so a change
 * kept in memory lands as soon as space frees. Returns the stop.
 */
export function keepWritesLanding(db: ShopfloorDb, stores: readonly SpaceStore[]): () => void {
  const flushAll = () => Promise.allSettled(stores.map((s) => s.flush()));
  const stopYield = db.beforeYield(flushAll);
  const retry = () => {
    if (db.superseded) return;
    for (const store of stores) {
      const status = store.getStatus();
      if (status.error && status.pending > 0) store.flush().catch(() => {});
    }
  };
  const timer = setInterval(retry, RETRY_MS);
  const onVisible = () => {
    if (document.visibilityState === 'visible') retry();
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    stopYield();
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
