/**
 * Bridges a Y.Doc to Solid: one version signal per doc, shared by every query over it and bumped
 * once per burst of updates, so one burst re-runs a screen's queries in one pass (a query that
 * reads another is not re-run once for each). Screens derive what they show with `createDocQuery`
 * over the domain's pure queries, so the Y.Doc stays the only source of truth and the UI never
 * keeps a second copy to drift.
 *
 * A stream of bursts (a campaign arriving from the mailbox in dozens of updates) must not re-run an
 * expensive screen after each one: what runs on a bump is timed (Solid re-runs the dependents
 * synchronously), and after two in a row that took longer than a frame the next bump waits
 * `RENDER_RATIO` times as long as the shorter (at most `MAX_RENDER_WAIT_MS`), so re-rendering takes
 * at most a fifth of the main thread while the updates keep coming, and the screen still fills in
 * progressively. Cheap screens are never delayed.
 */
import { type Accessor, batch, createMemo, createSignal, onCleanup } from 'solid-js';
import type * as Y from 'yjs';

/** A re-run shorter than this (one frame) never delays the next. */
export const RENDER_FREE_MS = 16;
/** After a longer one, the next waits this many times as long... */
export const RENDER_RATIO = 4;
/** ...but never longer than this. */
export const MAX_RENDER_WAIT_MS = 1_000;

/** Clock and timers of the version signals (tests inject their own). */
export interface RenderClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const realClock: RenderClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

/** One doc's shared version signal and how many live owners read it. */
interface Shared {
  version: Accessor<number>;
  bump(): void;
  queued: boolean;
  timer: unknown;
  /** Earliest time the next bump may run. */
  nextAt: number;
  /** How long the last bump's re-run took (ms). */
  took: number;
  clock: RenderClock;
  users: number;
  detach(): void;
}

const shared = new WeakMap<Y.Doc, Shared>();
/** Docs whose bump is due: bumped together in one microtask, so a query over several runs once. */
const due = new Set<Shared>();
let flushQueued = false;

function flush(): void {
  flushQueued = false;
  const now = [...due];
  due.clear();
  if (now.length === 0) return;
  const clock = (now[0] as Shared).clock;
  const start = clock.now();
  batch(() => {
    for (const e of now) {
      e.queued = false;
      e.bump();
    }
  });
  const took = clock.now() - start;
  for (const e of now) {
    // Paced by the cheaper of the last two re-runs: one long re-run alone (a screen mounting what
    // the first data brought) says nothing about the next.
    const cost = Math.min(took, e.took);
    e.took = took;
    e.nextAt = cost < RENDER_FREE_MS ? 0 : clock.now() + Math.min(MAX_RENDER_WAIT_MS, cost * RENDER_RATIO);
  }
}

function makeDue(e: Shared): void {
  e.timer = null;
  due.add(e);
  if (flushQueued) return;
  flushQueued = true;
  queueMicrotask(flush);
}

/** The version signal of `doc`: bumped once per burst of its updates, paced as above. */
function sharedVersion(doc: Y.Doc, clock: RenderClock): Shared {
  const found = shared.get(doc);
  if (found) return found;
  const [version, setVersion] = createSignal(0);
  const entry: Shared = {
    version,
    bump: () => setVersion((v) => v + 1),
    queued: false,
    timer: null,
    nextAt: 0,
    took: 0,
    clock,
    users: 0,
    detach() {
      doc.off('update', onUpdate);
      if (entry.timer !== null) clock.clearTimeout(entry.timer);
      entry.timer = null;
      entry.queued = false;
      due.delete(entry);
      shared.delete(doc);
    },
  };
  const onUpdate = () => {
    if (entry.queued) return;
    entry.queued = true;
    const wait = entry.nextAt - clock.now();
    if (wait <= 0) makeDue(entry);
    else entry.timer = clock.setTimeout(() => makeDue(entry), wait);
  };
  doc.on('update', onUpdate);
  shared.set(doc, entry);
  return entry;
}

/**
 * A version that changes once per burst of updates of `doc` (or of any of `docs`), for the
 * current owner's lifetime. `clock` is used by the first reader of a doc (tests).
 */
export function createDocVersion(
  doc: Y.Doc | readonly Y.Doc[],
  clock: RenderClock = realClock,
): Accessor<number> {
  const docs: readonly Y.Doc[] = Array.isArray(doc) ? doc : [doc as Y.Doc];
  const entries = docs.map((d) => sharedVersion(d, clock));
  for (const e of entries) e.users++;
  onCleanup(() => {
    for (const e of entries) if (--e.users === 0) e.detach();
  });
  if (entries.length === 1) return (entries[0] as Shared).version;
  return () => {
    let sum = 0;
    for (const e of entries) sum += e.version();
    return sum;
  };
}

/**
 * A query over one or more docs, re-run once per burst of their updates (and whenever a signal it
 * reads changes): `createDocQuery(store.doc, (doc) => listPeople(doc))`. Replaces the hand-wired
 * "version signal + memo that reads it" pair. With several docs, pass them as an array; the query
 * receives the same array. `equals` is Solid's memo option (default: re-render on every run).
 */
export function createDocQuery<D extends Y.Doc | readonly Y.Doc[], T>(
  docs: D,
  query: (docs: D) => T,
  options?: { equals?: false | ((prev: T, next: T) => boolean); clock?: RenderClock },
): Accessor<T> {
  const version = createDocVersion(docs, options?.clock);
  return createMemo(
    () => {
      version();
      return query(docs);
    },
    undefined,
    { equals: options?.equals ?? false },
  );
}
