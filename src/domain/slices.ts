/**
 * Long computations over a whole campaign (parsing every person, sorting every conversation) cut
 * into slices, so that a big campaign never holds the main thread for one long task: the work runs
 * in slices of about `sliceMs`, and `between` gives the event loop a turn after each. The domain
 * stays free of scheduling: the caller passes `between` (the app passes storage's
 * `nextTask` in src/platform). Results are the same as the one-pass versions'.
 */

/** How the work is sliced. */
export interface SliceOptions {
  /** Gives the event loop a turn between slices. */
  between: () => Promise<void>;
  /** About how long one slice runs (ms); 10 when not given. */
  sliceMs?: number;
  /** The clock (ms); `performance.now` when not given. */
  now?: () => number;
}

const DEFAULT_SLICE_MS = 10;

/** A slice clock: `due()` is true once the current slice has run its time; `next()` yields and restarts it. */
function sliceClock(opts: SliceOptions) {
  const now = opts.now ?? (() => performance.now());
  const ms = opts.sliceMs ?? DEFAULT_SLICE_MS;
  let start = now();
  return {
    due: () => now() - start >= ms,
    async next() {
      await opts.between();
      start = now();
    },
  };
}

/** Calls `fn` on every item in order, in slices. `stop()` true ends early (checked after each yield). */
export async function eachInSlices<T>(
  items: readonly T[],
  fn: (item: T) => void,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<void> {
  const clock = sliceClock(opts);
  for (let i = 0; i < items.length; i++) {
    fn(items[i] as T);
    if (clock.due() && i < items.length - 1) {
      await clock.next();
      if (stop()) return;
    }
  }
}

/** Runs of this many items are sorted in one go before the merges. */
const RUN = 2048;

/**
 * A merge of two sorted runs into one, left first on ties (stable), done `step(n)` items at a
 * time so the sliced sort can yield between steps; the one-pass merge is a single step.
 */
function merger<T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number) {
  const out = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  return {
    out,
    /** Places up to `n` more items; true once all are placed. */
    step(n: number): boolean {
      const end = Math.min(out.length, k + n);
      while (k < end)
        out[k++] =
          j >= b.length || (i < a.length && cmp(b[j] as T, a[i] as T) >= 0) ? (a[i++] as T) : (b[j++] as T);
      return k === out.length;
    },
  };
}

/** `merger` in one pass. */
function merge<T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number): T[] {
  const m = merger(a, b, cmp);
  m.step(Number.POSITIVE_INFINITY);
  return m.out;
}

/** `merger` in steps of {@link RUN} items, yielding between them when a slice is due. */
async function mergeInSlices<T>(
  a: readonly T[],
  b: readonly T[],
  cmp: (x: T, y: T) => number,
  clock: ReturnType<typeof sliceClock>,
): Promise<T[]> {
  const m = merger(a, b, cmp);
  while (!m.step(RUN)) if (clock.due()) await clock.next();
  return m.out;
}

/**
 * A sorted copy of `items`, in slices: runs sorted with `Array.prototype.sort`, then merged pairwise,
 * yielding whenever a slice is due (also inside a merge). Stable, like `sort`.
 */
export async function sortInSlices<T>(
  items: readonly T[],
  cmp: (a: T, b: T) => number,
  opts: SliceOptions,
): Promise<T[]> {
  const clock = sliceClock(opts);
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += RUN) {
    runs.push(items.slice(i, i + RUN).sort(cmp));
    if (clock.due()) await clock.next();
  }
  while (runs.length > 1) {
    const next: T[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const b = runs[i + 1];
      next.push(b ? await mergeInSlices(runs[i] as T[], b, cmp, clock) : (runs[i] as T[]));
    }
    runs = next;
  }
  return runs[0] ?? [];
}

/** Merges two lists each sorted by `cmp` into one, `a`'s first on ties (as a stable sort of a then b). */
export function mergeSorted<T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number): T[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  return merge(a, b, cmp);
}
