/**
 * Loads the session part of the app (unlocked.ts) on demand. Kept apart from app-state.ts, which
 * unlocked.ts imports, so that the lazy edge does not close an import cycle.
 */
type UnlockedModule = typeof import('./unlocked');

let loading: Promise<UnlockedModule> | null = null;

/** The session module; the same promise on every call (retried after a failed load). */
export function loadUnlocked(): Promise<UnlockedModule> {
  loading ??= import('./unlocked').catch((err) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** Fetches the session code while the user types the passphrase (from the precache offline). */
export function prefetchUnlocked(): void {
  const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200));
  idle(() => void loadUnlocked().catch(() => {}));
}

/** Unlocks; the duress passphrase wipes everything silently and lands on first run. */
export async function unlock(passphrase: string): Promise<void> {
  await (await loadUnlocked()).unlock(passphrase);
}
