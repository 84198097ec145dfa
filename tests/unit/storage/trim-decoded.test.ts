/**
 * Decoded content held at its exact size (src/storage/trim-decoded.ts): every `ContentAny` a load
 * or a later update adds gets a fresh exact-size array with the same values, and nothing a reader
 * sees changes (content, state vector, deletions, later edits and their sync).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSpace, createVault, SpaceStore } from '../../../src/storage';
import { trimDecodedContent } from '../../../src/storage/trim-decoded';
import { Rng } from '../../fuzz/rng';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('trim-decoded');

/** People with fields, plain-object conversations and deletions. */
function fill(doc: Y.Doc, seed: number, steps = 400): void {
  const rng = new Rng(seed);
  const people = doc.getMap<Y.Map<unknown>>('people');
  const conversations = doc.getMap<unknown>('conversations');
  for (let i = 0; i < steps; i++) {
    const id = `p${rng.int(80)}`;
    let p = people.get(id);
    if (!p || rng.chance(0.05)) {
      p = new Y.Map<unknown>();
      p.set('name', `Person ${i}`);
      people.set(id, p);
    }
    p.set('assessment', rng.int(5) + 1);
    conversations.set(`c${i}`, { personId: id, at: i, notes: `talked ${i}`, issueIds: [`i${i % 3}`] });
    if (rng.chance(0.08)) people.delete(`p${rng.int(80)}`);
  }
}

/** Every `ContentAny` array of the doc, in store order. */
function anyArrays(doc: Y.Doc): unknown[][] {
  const out: unknown[][] = [];
  for (const structs of doc.store.clients.values())
    for (const s of structs)
      if (s instanceof Y.Item && s.content instanceof Y.ContentAny) out.push(s.content.arr);
  return out;
}

/** What readers see: both collections as JSON. */
const seen = (doc: Y.Doc) => ({
  people: doc.getMap('people').toJSON(),
  conversations: doc.getMap('conversations').toJSON(),
});

/** Records every `ContentAny` array of `doc` as each transaction leaves it, before any trim. */
function recordDecoded(doc: Y.Doc): Set<unknown[]> {
  const seen = new Set<unknown[]>();
  doc.on('beforeObserverCalls', () => {
    for (const a of anyArrays(doc)) seen.add(a);
  });
  return seen;
}

describe('decoded content', () => {
  it('is copied at its exact size by each transaction, with the same values; readers see no change', () => {
    const source = new Y.Doc();
    fill(source, 7);
    const update = Y.encodeStateAsUpdate(source);
    const plain = new Y.Doc();
    Y.applyUpdate(plain, update);
    const trimmed = new Y.Doc();
    const stop = trimDecodedContent(trimmed);
    const before = recordDecoded(trimmed);
    Y.applyUpdate(trimmed, update);
    const after = anyArrays(trimmed);
    expect(after.length).toBeGreaterThan(400);
    for (const a of after) expect(before.has(a)).toBe(false);
    expect(after).toEqual(anyArrays(plain));
    expect(seen(trimmed)).toEqual(seen(plain));
    expect(Y.equalSnapshots(Y.snapshot(trimmed), Y.snapshot(plain))).toBe(true);
    // A later update from elsewhere is trimmed too; a local edit syncs as before.
    fill(source, 8, 50);
    const next = Y.encodeStateAsUpdate(source, Y.encodeStateVector(trimmed));
    Y.applyUpdate(trimmed, next);
    Y.applyUpdate(plain, next);
    trimmed.getMap<Y.Map<unknown>>('people').get('p1')?.set('assessment', 9);
    Y.applyUpdate(plain, Y.encodeStateAsUpdate(trimmed, Y.encodeStateVector(plain)));
    expect(seen(trimmed)).toEqual(seen(plain));
    expect(Y.encodeStateAsUpdate(trimmed)).toEqual(Y.encodeStateAsUpdate(plain));
    stop();
  });

  it('is trimmed by a store load, which gives the same doc as a plain apply', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
    const first = await SpaceStore.open(db, vault.cipher, space.id);
    fill(first.doc, 11);
    await first.close();
    const update = Y.encodeStateAsUpdate(first.doc);
    const doc = new Y.Doc({ gc: true });
    const decoded = recordDecoded(doc);
    const store = await SpaceStore.open(db, vault.cipher, space.id, { doc });
    const plain = new Y.Doc();
    Y.applyUpdate(plain, update);
    expect(seen(store.doc)).toEqual(seen(plain));
    const arrays = anyArrays(store.doc);
    expect(arrays).toEqual(anyArrays(plain));
    expect(decoded.size).toBeGreaterThan(400);
    for (const a of arrays) expect(decoded.has(a)).toBe(false);
    await store.close();
  });
});
