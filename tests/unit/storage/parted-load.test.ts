/**
 * A space's base stored in parts and loaded slice by slice (space-store-load.ts): the doc ends
 * exactly as one apply of the whole state leaves it, slices yield in between, nothing is written
 * while loading, and a compaction that fails part-way leaves the old rows, so nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSpace, createVault, type ShopfloorDb, SpaceStore } from '../../../src/storage';
import type { RowCipher } from '../../../src/storage/row-cipher';
import { readSpaceRows, readSpaceRowsInRanges } from '../../../src/storage/space-rows';
import { loadUpdates, OPEN_ROWS } from '../../../src/storage/space-store-load';
import { encodeStateAsUpdates } from '../../../src/sync';
import { Rng } from '../../fuzz/rng';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('parted');
const PART = 2 * 1024;
const splitState = (doc: Y.Doc) => encodeStateAsUpdates(doc, undefined, PART);

/** People with fields, conversations and deletions, edited by the store's doc (so it is persisted). */
function fill(doc: Y.Doc, seed: number, steps = 600): void {
  const rng = new Rng(seed);
  const people = doc.getMap<Y.Map<unknown>>('people');
  for (let i = 0; i < steps; i++) {
    const id = `p${rng.int(150)}`;
    let p = people.get(id);
    if (!p || rng.chance(0.05)) {
      p = new Y.Map<unknown>();
      p.set('name', `Person ${i} ${'é'.repeat(rng.int(30))}`);
      p.set('conversations', new Y.Array<unknown>());
      people.set(id, p);
    }
    p.set('assessment', rng.int(5) + 1);
    (p.get('conversations') as Y.Array<unknown>).push([{ at: i, text: `talked ${i}` }]);
    if (rng.chance(0.08)) people.delete(`p${rng.int(150)}`);
  }
}

/** Same content, same state vector and same deletions. */
function expectSameDoc(a: Y.Doc, b: Y.Doc): void {
  expect(a.getMap('people').toJSON()).toEqual(b.getMap('people').toJSON());
  expect(Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))).toBe(true);
  expect(a.store.pendingStructs).toBeNull();
}

async function partedSpace(seed: number) {
  const db = newDb();
  const vault = await createVault(db, 'pw', FAST);
  const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
  const store = await SpaceStore.open(db, vault.cipher, space.id, { splitState });
  fill(store.doc, seed);
  await store.flush();
  await store.compact();
  return { db, vault, space, store };
}

const rowsOf = async (db: ShopfloorDb) =>
  (await db.updates.toArray()).map((r) => `${r.seq}:${r.kind}:${r.data.length}`);

describe('a base stored in parts', () => {
  it('is written as several rows at compaction and reloads to exactly the doc one apply gives', async () => {
    const { db, vault, space, store } = await partedSpace(7);
    const rows = await db.updates.toArray();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.kind === 's')).toBe(true);

    const whole = new Y.Doc();
    Y.applyUpdate(whole, Y.encodeStateAsUpdate(store.doc));
    const reloaded = await SpaceStore.open(db, vault.cipher, space.id, { splitState });
    expectSameDoc(reloaded.doc, whole);
    expectSameDoc(reloaded.doc, store.doc);
  });

  it('loads slice by slice with a turn of the event loop between slices, in seq order, writing nothing', async () => {
    const { db, vault, space, store } = await partedSpace(11);
    store.doc.getMap('people').delete('p3');
    store.doc.getMap('people').set('late', new Y.Map());
    await store.flush();
    await store.close();
    const before = await rowsOf(db);

    const doc = new Y.Doc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    let yields = 0;
    const result = await loadUpdates(db, vault.cipher, space.id, doc, 'load', {
      sliceMs: 0,
      between: async () => {
        yields++;
        // Parts applied in seq order are in dependency order: nothing waits on a later part.
        expect(doc.store.pendingStructs).toBeNull();
        expect(await rowsOf(db)).toEqual(before);
      },
    });
    expect(yields).toBe(before.length - 1);
    expect(transactions).toBe(before.length);
    // The base's parts, then the later update rows: counted as one base plus the rows after it.
    const logRows = before.filter((r) => r.includes(':u:')).length;
    expect(logRows).toBeGreaterThan(0);
    expect(result.baseRows).toBe(before.length - logRows);
    expect(result.rowCount).toBe(logRows + 1);
    expect(result.unreadable).toEqual([]);
    expectSameDoc(doc, store.doc);
  });

  it('is unchanged when a load stops between two slices (a crash or a lock), and loads whole again', async () => {
    const { db, vault, space, store } = await partedSpace(13);
    await store.close();
    const before = await rowsOf(db);
    let slices = 0;
    const stopped = loadUpdates(db, vault.cipher, space.id, new Y.Doc(), 'load', {
      sliceMs: 0,
      between: async () => {
        if (++slices === 3) throw new Error('page killed');
      },
    });
    await expect(stopped).rejects.toThrow('page killed');
    expect(await rowsOf(db)).toEqual(before);
    const reloaded = await SpaceStore.open(db, vault.cipher, space.id, { splitState });
    expectSameDoc(reloaded.doc, store.doc);
  });

  it('keeps the old rows when a compaction fails part-way (no base is ever stored in part)', async () => {
    const { db, vault, space, store } = await partedSpace(17);
    store.doc.getMap('people').set('after', new Y.Map());
    await store.flush();
    const before = await rowsOf(db);
    let created = 0;
    const fail = () => {
      if (++created === 3) throw new Error('disk gone');
    };
    db.updates.hook('creating', fail);
    await expect(store.compact()).rejects.toThrow();
    db.updates.hook('creating').unsubscribe(fail);
    expect(await rowsOf(db)).toEqual(before);
    const reloaded = await SpaceStore.open(db, vault.cipher, space.id, { splitState });
    expectSameDoc(reloaded.doc, store.doc);
  });

  it('counts a base of many parts as one row, so writes after it do not compact again at once', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
    const store = await SpaceStore.open(db, vault.cipher, space.id, { splitState, compactAfter: 4 });
    fill(store.doc, 19);
    await store.flush();
    await store.compact();
    const parts = (await db.updates.toArray()).length;
    expect(parts).toBeGreaterThan(4);
    for (let i = 0; i < 3; i++) {
      store.doc.getMap('people').set(`n${i}`, new Y.Map());
      await store.flush();
    }
    expect((await db.updates.toArray()).length).toBe(parts + 3);
  });

  it('stores a base written whole by an older version again in parts, losing nothing', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
    const old = await SpaceStore.open(db, vault.cipher, space.id);
    fill(old.doc, 23);
    await old.flush();
    await old.compact();
    expect((await db.updates.toArray()).length).toBe(1);
    await old.close();

    const store = await SpaceStore.open(db, vault.cipher, space.id, { splitState });
    await store.compact();
    expect((await db.updates.toArray()).length).toBeGreaterThan(5);
    const reloaded = await SpaceStore.open(db, vault.cipher, space.id);
    expectSameDoc(reloaded.doc, old.doc);
  });

  it('reads the rows in ranges (same rows, same order) and opens a few at a time, not all at once', async () => {
    const { db, vault, space, store } = await partedSpace(29);
    // Rows of other spaces on both sides of this one's key range.
    const before = await createSpace(vault, { kind: 'campaign', name: 'a' });
    const after = await createSpace(vault, { kind: 'campaign', name: 'z' });
    for (const other of [before, after]) {
      const s = await SpaceStore.open(db, vault.cipher, other.id);
      s.doc.getMap('people').set('x', new Y.Map());
      await s.close();
    }
    await store.close();
    const whole = await readSpaceRows(db, db.updates, space.id);
    expect(whole.length).toBeGreaterThan(2 * OPEN_ROWS);
    for (const per of [1, 3, OPEN_ROWS, whole.length, whole.length + 1]) {
      expect(await readSpaceRowsInRanges(db, db.updates, space.id, per)).toEqual(whole);
    }

    let open = 0;
    let most = 0;
    const counting: RowCipher = {
      seal: (data, context) => vault.cipher.seal(data, context),
      async open(data, context) {
        most = Math.max(most, ++open);
        try {
          return await vault.cipher.open(data, context);
        } finally {
          open--;
        }
      },
    };
    const doc = new Y.Doc();
    const result = await loadUpdates(db, counting, space.id, doc, 'load');
    // One batch being applied while the next one is opened.
    expect(most).toBeLessThanOrEqual(OPEN_ROWS);
    expect(result.unreadable).toEqual([]);
    expectSameDoc(doc, store.doc);
  });
});
