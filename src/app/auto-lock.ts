/**
 * Auto-lock: after `idleMinutes` without a touch or key press, and when the app comes back from
 * the background after more than `graceSeconds`. Locking drops the session, so the master key
 * leaves memory. Timers are plain setTimeout/Date so tests can drive them with a fake clock.
 */
export interface AutoLockOptions {
  idleMinutes: number;
  graceSeconds: number;
  lock: () => void;
}

export const DEFAULT_IDLE_MINUTES = 5;
export const DEFAULT_GRACE_SECONDS = 30;

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Starts watching; returns the function that stops it. */
export function startAutoLock(opts: AutoLockOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let hiddenAt: number | null = null;
  const idleMs = Math.max(0.05, opts.idleMinutes) * 60_000;

  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(opts.lock, idleMs);
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') {
      hiddenAt = Date.now();
    } else if (hiddenAt !== null) {
      const away = Date.now() - hiddenAt;
      hiddenAt = null;
      if (away > opts.graceSeconds * 1000) opts.lock();
      else arm();
    }
  };
  for (const type of ACTIVITY) addEventListener(type, arm, { passive: true, capture: true });
  document.addEventListener('visibilitychange', onVisibility);
  arm();
  return () => {
    clearTimeout(timer);
    for (const type of ACTIVITY) removeEventListener(type, arm, { capture: true });
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
