/**
 * One async check at a time, never a lost trigger: `trigger()` while a run is in progress asks for
 * one more run right after it, so a change seen while busy is always looked at. A run that returns
 * true ends the watching (e.g. the device moved to a rotated space, or the collector stopped).
 * Used by the rotation watcher (app/sync-state.ts) and the survey inbox collector.
 */
export function rerunGuard(run: () => Promise<boolean | undefined>): () => Promise<void> {
  let running = false;
  let again = false;
  let done = false;
  return async () => {
    if (done) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        if ((await run()) === true) done = true;
      } while (again && !done);
    } finally {
      running = false;
    }
  };
}
