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
