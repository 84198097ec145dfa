/** createDocQuery: a query re-runs once per burst of doc updates, and not without one. */
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocQuery } from '../../../../src/ui/kit/doc-signal';

const tick = () => new Promise<void>((r) => queueMicrotask(r));

describe('createDocQuery', () => {
  it('re-runs once per burst of updates of any of its docs', async () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    let runs = 0;
    const dispose = createRoot((done) => {
      const size = createDocQuery([a, b] as const, ([x, y]) => {
        runs++;
        return x.getMap('m').size + y.getMap('m').size;
      });
      expect(size()).toBe(0);
      (globalThis as { read?: () => number }).read = size;
      return done;
    });
    const read = (globalThis as unknown as { read: () => number }).read;
    expect(runs).toBe(1);
    a.getMap('m').set('k1', 1);
    a.getMap('m').set('k2', 2);
    b.getMap('m').set('k3', 3);
    await tick();
    await tick();
    expect(read()).toBe(3);
    expect(runs).toBe(2);
    expect(read()).toBe(3);
    expect(runs).toBe(2);
    dispose();
  });
});

/** A clock the test moves by hand, with timers it fires by hand. */
function manualClock() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    clock: {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        timers.set(next, { at: now + ms, fn });
        return next++;
      },
      clearTimeout: (t: unknown) => void timers.delete(t as number),
    },
    advance(ms: number) {
      now += ms;
    },
    /** Moves to the earliest timer and fires it; false when none is set. */
    fireNext(): boolean {
      const first = [...timers].sort((x, y) => x[1].at - y[1].at)[0];
      if (!first) return false;
      timers.delete(first[0]);
      now = Math.max(now, first[1].at);
      first[1].fn();
      return true;
    },
    get pending() {
      return timers.size;
    },
  };
}

describe('createDocQuery over a stream of updates', () => {
  /** 40 bursts of updates, one per task, to a query that costs `cost` ms a run. */
  async function stream(cost: number) {
    const doc = new Y.Doc();
    const m = manualClock();
    let runs = 0;
    let read: () => number = () => -1;
    const dispose = createRoot((done) => {
      read = createDocQuery(
        doc,
        (d) => {
          runs++;
          m.advance(cost);
          return d.getMap('people').size;
        },
        { clock: m.clock },
      );
      return done;
    });
    runs = 0;
    for (let i = 0; i < 40; i++) {
      doc.getMap('people').set(`p${i}`, i); // one burst, as one applied mailbox update
      await tick();
      await tick();
      m.advance(5); // the next update takes a while to arrive and apply
    }
    const during = runs;
    while (m.fireNext()) await tick();
    return { during, runs, value: read(), pending: m.pending, dispose };
  }

  it('re-runs an expensive query far fewer times than updates arrive, and ends current', async () => {
    const r = await stream(100);
    // The first two bursts run at once; the next waits 4 × 100 ms, so the 40 × 5 ms stream runs it
    // once more at most.
    expect(r.during).toBeLessThanOrEqual(3);
    expect(r.runs).toBeLessThanOrEqual(4);
    expect(r.value).toBe(40);
    expect(r.pending).toBe(0);
    r.dispose();
  });

  it('re-runs a cheap query after every burst, never delayed', async () => {
    const r = await stream(1);
    expect(r.during).toBe(40);
    expect(r.value).toBe(40);
    r.dispose();
  });
});

describe('queries over the same doc', () => {
  it('re-run in one pass per burst: a query that reads another runs once, not once for each', async () => {
    const doc = new Y.Doc();
    let derivedRuns = 0;
    let read: () => number = () => -1;
    const dispose = createRoot((done) => {
      const size = createDocQuery(doc, (d) => d.getMap('m').size);
      read = createDocQuery(doc, (d) => {
        derivedRuns++;
        return size() + d.getMap('m').size;
      });
      return done;
    });
    derivedRuns = 0;
    doc.getMap('m').set('a', 1);
    await tick();
    await tick();
    expect(read()).toBe(2);
    expect(derivedRuns).toBe(1);
    dispose();
  });
});
