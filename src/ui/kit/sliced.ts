/**
 * A derived value too long to compute in one main-thread task on a big campaign (Next up, the
 * progress chart: a pass over every person) is computed in slices by the domain's `…InSlices`
 * functions (domain/slices.ts), with a turn of the event loop between slices, and shown once done.
 *
 * What must stay true: what shows is always the result of one whole run over one source value,
 * never a mix. When the source changes while a run is under way, that run stops at its next slice
 * and its result is dropped; until the newer run ends, the last whole result stays on screen (it is
 * `undefined` only before the first run ends).
 */
import { type Accessor, createComputed, createSignal, onCleanup, untrack } from 'solid-js';

/** Gives the event loop a turn between slices: the app's (the one unlock's load slices with). */
export { nextTask } from '../../app/next-task';

/**
 * `run(source(), stop)` on every change of `source`, in slices; the accessor gives the last whole
 * result. `run` checks `stop()` between slices and gives null once it is true. `kept(value)`, when
 * given, is a result already computed for `value` (e.g. during unlock): it is shown at once,
 * without a run.
 * @example createSlicedMemo(people, (p, stop) => weeklyProgressInSlices(p, opts, { between: nextTask }, stop))
 */
export function createSlicedMemo<S, T>(
  source: Accessor<S>,
  run: (value: S, stop: () => boolean) => Promise<T | null>,
  options?: { kept?: (value: S) => T | undefined },
): Accessor<T | undefined> {
  const [result, setResult] = createSignal<T | undefined>(undefined);
  let current = 0;
  let disposed = false;
  onCleanup(() => {
    disposed = true;
  });
  createComputed(() => {
    const value = source();
    const id = ++current;
    const stop = () => disposed || id !== current;
    const now = options?.kept && untrack(() => options.kept?.(value));
    if (now !== undefined) {
      setResult(() => now);
      return;
    }
    void untrack(() => run(value, stop)).then(
      (out) => {
        if (out !== null && !stop()) setResult(() => out);
      },
      (err: unknown) => {
        if (!stop()) throw err;
      },
    );
  });
  return result;
}
