/**
 * A derived value too long to compute in one main-thread task on a big campaign (Next up, the
 * progress chart: a pass over every person) is computed in slices by the domain's `…InSlices`
 * functions (domain/slices.ts), with a turn of the event loop between slices, and shown once done.
 *
 * What must stay true: what shows is always the result of one whole run over one source value,
 * never a mix, and never older than what showed before. When the source changes while a run is
 * under way, that run stops at its next slice and its result is dropped (or, with `finish`, ends
 * and shows before the newest value runs); until the newer run ends, the last whole result stays on
 * screen (it is `undefined` only before the first run ends).
 */
import { type Accessor, createComputed, createSignal, onCleanup, untrack } from 'solid-js';

import { nextTask } from '../../app/next-task';

/** Gives the event loop a turn between slices: the app's (the one unlock's load slices with). */
export { nextTask };

/** Options of {@link createSlicedMemo}. */
export interface SlicedMemoOptions<S, T> {
  /** A result already computed for `value` (e.g. during unlock): shown at once, without a run. */
  kept?: (value: S) => T | undefined;
  /**
   * Let a run finish when the source changes under it: its (whole) result shows, then the newest
   * value runs. For a source that changes in a stream (a campaign arriving in many updates), where
   * stopping every run for the next would show nothing until the stream ends.
   */
  finish?: boolean;
}

/**
 * `run(source(), stop)` on every change of `source`, in slices; the accessor gives the last whole
 * result. `run` starts in a task of its own and checks `stop()` between slices, giving null once it
 * is true. A result never replaces one of a newer source value.
 * @example createSlicedMemo(people, (p, stop) => weeklyProgressInSlices(p, opts, { between: nextTask }, stop))
 */
export function createSlicedMemo<S, T>(
  source: Accessor<S>,
  run: (value: S, stop: () => boolean) => Promise<T | null>,
  options: SlicedMemoOptions<S, T> = {},
): Accessor<T | undefined> {
  const [result, setResult] = createSignal<T | undefined>(undefined);
  /** The newest source value's id, and the id of the value whose result shows. */
  let current = 0;
  let shown = 0;
  let running = false;
  let queued: { value: S; id: number } | null = null;
  let disposed = false;
  onCleanup(() => {
    disposed = true;
  });
  const show = (id: number, out: T) => {
    if (id < shown) return;
    shown = id;
    setResult(() => out);
  };
  const next = () => {
    const q = queued;
    queued = null;
    if (q && !disposed) start(q.value, q.id);
  };
  const start = (value: S, id: number) => {
    running = true;
    const stop = () => disposed || (!options.finish && id !== current);
    // Each run starts in a task of its own, not in the one that changed the source (a peer's update
    // being applied, a tap's handler), whose length its first slice would add to.
    void nextTask()
      .then(() => (stop() ? null : untrack(() => run(value, stop))))
      .then(
        (out) => {
          running = false;
          if (out !== null && !stop()) show(id, out);
          next();
        },
        (err: unknown) => {
          running = false;
          const report = !stop();
          next();
          if (report) throw err;
        },
      );
  };
  createComputed(() => {
    const value = source();
    const id = ++current;
    queued = null;
    const now = options.kept && untrack(() => options.kept?.(value));
    if (now !== undefined) show(id, now);
    else if (options.finish && running) queued = { value, id };
    else start(value, id);
  });
  return result;
}
