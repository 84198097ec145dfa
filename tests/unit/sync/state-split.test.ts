/**
 * encodeStateAsUpdates: the parts of a large state, applied in order, give exactly what one
 * `Y.encodeStateAsUpdate` gives; each part stays near its size target; parts come in dependency
 * order (no part leaves structs pending on a later one); and every part passes the sync checks.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, encodeStateAsUpdates } from '../../../src/sync';
import { Rng } from '../../fuzz/rng';

const rules = {
  maxUpdateBytes: 32 * 1024 * 1024,
  knownCollections: new Set(['people', 'notes', 'list', 'meta']),
};

/** Several clients editing maps, nested maps, arrays and text, with syncs in between and deletions. */
function randomDocs(seed: number, clients = 4, steps = 1500): Y.Doc[] {
  const rng = new Rng(seed);
  const docs = Array.from({ length: clients }, (_, i) => {
    const d = new Y.Doc();
    d.clientID = 100 + i * 7 + rng.int(5);
    return d;
  });
  for (let step = 0; step < steps; step++) {
    const d = rng.pick(docs);
    const people = d.getMap<unknown>('people');
    switch (rng.int(6)) {
      case 0: {
        const rec = new Y.Map<unknown>();
        rec.set('name', `Person ${step} ${'x'.repeat(rng.int(200))}`);
        rec.set('history', new Y.Array());
        people.set(`p${rng.int(300)}`, rec);
        break;
      }
      case 1: {
        const keys = [...people.keys()];
        const rec = keys.length ? people.get(rng.pick(keys)) : null;
        if (rec instanceof Y.Map) {
          rec.set('assessment', rng.int(5) + 1);
          const h = rec.get('history');
          if (h instanceof Y.Array) h.push([{ at: step, v: rng.int(5) }]);
        }
        break;
      }
      case 2: {
        const keys = [...people.keys()];
        if (keys.length) people.delete(rng.pick(keys));
        break;
      }
      case 3: {
        const t = d.getText('notes');
        if (t.length > 20 && rng.chance(0.3)) t.delete(rng.int(t.length - 10), rng.int(10));
        else t.insert(rng.int(t.length + 1), `note ${step} `);
        break;
      }
      case 4:
        d.getArray('list').insert(0, [step, `item ${step}`]);
        break;
      default: {
        // Sync two docs both ways, so later edits build on other clients' structs.
        const other = rng.pick(docs);
        if (other !== d) {
          Y.applyUpdate(other, Y.encodeStateAsUpdate(d, Y.encodeStateVector(other)));
          Y.applyUpdate(d, Y.encodeStateAsUpdate(other, Y.encodeStateVector(d)));
        }
      }
    }
  }
  // Merge everything into the first doc.
  for (const d of docs.slice(1)) Y.applyUpdate(docs[0] as Y.Doc, Y.encodeStateAsUpdate(d));
  return docs;
}

/** JSON with object keys sorted (a Y.Map iterates in integration order, which may differ). */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
const state = (d: Y.Doc) =>
  stable([d.getMap('people').toJSON(), d.getText('notes').toString(), d.getArray('list').toJSON()]);
const sv = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('base64');

describe('encodeStateAsUpdates', () => {
  it.each([1, 2, 3])(
    'seed %i: parts in order rebuild exactly the single update’s state, in dependency order',
    (seed) => {
      const [full, partial] = randomDocs(seed) as [Y.Doc, Y.Doc];
      for (const target of [Y.encodeStateVector(new Y.Doc()), Y.encodeStateVector(partial)]) {
        const single = Y.encodeStateAsUpdate(full, target);
        const parts = encodeStateAsUpdates(full, target, 4096);
        if (target.length <= 1) expect(parts.length).toBeGreaterThan(3);

        const expected = new Y.Doc();
        const viaParts = new Y.Doc();
        if (target.length > 1) {
          const base = Y.encodeStateAsUpdate(partial);
          Y.applyUpdate(expected, base);
          Y.applyUpdate(viaParts, base);
        }
        Y.applyUpdate(expected, single);
        for (const part of parts) {
          expect(checkUpdate(part, rules)).toEqual({ ok: true });
          Y.applyUpdate(viaParts, part);
          // Dependency order: nothing waits for a later part.
          expect(viaParts.store.pendingStructs).toBeNull();
        }
        expect(viaParts.store.pendingDs).toBeNull();
        expect(state(viaParts)).toBe(state(expected));
        expect(sv(viaParts)).toBe(sv(expected));
        expect(state(viaParts)).toBe(state(full));
        // Same deletions: re-encoding both gives the same delete set.
        expect(
          Y.equalDeleteSets(
            Y.createDeleteSetFromStructStore(viaParts.store),
            Y.createDeleteSetFromStructStore(expected.store),
          ),
        ).toBe(true);
      }
    },
  );

  it('parts applied in reverse order still converge (Yjs keeps them pending until complete)', () => {
    const [full] = randomDocs(9) as [Y.Doc];
    const parts = encodeStateAsUpdates(full, undefined, 8192);
    const d = new Y.Doc();
    for (const part of [...parts].reverse()) Y.applyUpdate(d, part);
    expect(state(d)).toBe(state(full));
    expect(d.store.pendingStructs).toBeNull();
  });

  it('keeps each part near its target and gives one part when the state is small', () => {
    const [full] = randomDocs(4) as [Y.Doc];
    const parts = encodeStateAsUpdates(full, undefined, 10_000);
    // A part passes the target by at most one struct (names here are ≤ 220 characters).
    for (const p of parts) expect(p.length).toBeLessThan(10_000 + 1024);
    const small = new Y.Doc();
    small.getMap('people').set('a', 'Ana');
    const one = encodeStateAsUpdates(small);
    expect(one).toHaveLength(1);
    const d = new Y.Doc();
    Y.applyUpdate(d, one[0] as Uint8Array);
    expect(d.getMap('people').get('a')).toBe('Ana');
    // Nothing to send: one empty update, as Yjs would send.
    const nothing = encodeStateAsUpdates(small, Y.encodeStateVector(small));
    expect(nothing.length).toBeGreaterThanOrEqual(1);
    const again = new Y.Doc();
    Y.applyUpdate(again, one[0] as Uint8Array);
    for (const p of nothing) Y.applyUpdate(again, p);
    expect(state(again)).toBe(state(small));
  });

  it('carries the pending structs and deletions a doc holds, as encodeStateAsUpdate does', () => {
    const [full] = randomDocs(5, 2, 400) as [Y.Doc];
    const a = new Y.Doc();
    a.clientID = 5;
    a.getMap('people').set('x', 1);
    const first = Y.encodeStateAsUpdate(a);
    a.getMap('people').set('x', 2);
    const second = Y.encodeStateAsUpdate(a, Y.encodeStateVector(new Y.Doc()));
    // `full` receives only a later update of client 5: it stays pending there.
    const later = Y.diffUpdate(second, Y.encodeStateVectorFromUpdate(first));
    Y.applyUpdate(full, later);
    expect(full.store.pendingStructs).not.toBeNull();
    const parts = encodeStateAsUpdates(full, undefined, 4096);
    const d = new Y.Doc();
    for (const p of parts) Y.applyUpdate(d, p);
    Y.applyUpdate(d, first);
    expect(d.getMap('people').get('x')).toBe(2);
  });
});
