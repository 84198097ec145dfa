/**
 * The contract every second-copy backend must meet (src/storage/second-copy-backends.ts), run
 * against each of them from tests/unit/storage/second-copy-backends.test.ts: the in-memory one the
 * unit tests use and the Cache Storage one the browser uses. First the backend on its own (bytes
 * in, the same bytes out, under any key), then a database copied to it: every confirmed save is in
 * the copy, a discarded database comes back from it, and reconcile repairs it.
 *
 * @example
 * runSecondCopyContract('memory', () => new MemoryBackend());
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomId } from '../../../src/crypto';
import {
  COPIED_STORES,
  copyKey,
  createSpace,
  createVault,
  deleteSpaceRows,
  encodeRow,
  hasVault,
  listSpaces,
  type SecondCopyBackend,
  ShopfloorDb,
  SpaceStore,
  unlockVault,
  wipeDatabase,
} from '../../../src/storage';
import { FAST } from '../../support/test-dbs';

/** Every entry a backend holds, read through the backend interface only. */
export async function entriesOf(backend: SecondCopyBackend): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const key of await backend.keys()) {
    const bytes = await backend.get(key);
    if (bytes) out.set(key, bytes);
  }
  return out;
}

/** Every row of the copied stores, encoded, keyed like the copy. */
export async function idbRows(db: ShopfloorDb): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const store of COPIED_STORES) {
    const table = db.table(store);
    for (const row of (await table.toArray()) as Record<string, unknown>[]) {
      const key = store === 'updates' ? [row.spaceId, row.seq] : row.id;
      out.set(copyKey(store, key as IDBValidKey), encodeRow(row));
    }
  }
  return out;
}

export function addPeople(store: SpaceStore, from: number, to: number) {
  const people = store.doc.getMap<Y.Map<unknown>>('people');
  for (let i = from; i < to; i++) {
    const p = new Y.Map<unknown>();
    p.set('name', `Worker ${i}`);
    people.set(`p${i}`, p);
  }
}

/**
 * Databases copied to a backend, closed and deleted after every test of the calling file: `newDb`,
 * `openSpace` (a vault with passphrase 'pw', one space and its open store) and `discard` (the
 * browser throwing the database away: it is deleted and an empty one opens under the same name).
 */
export function copiedDatabases() {
  const dbs: ShopfloorDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  const newDb = (backend: SecondCopyBackend, name = `copy-${randomId()}`): ShopfloorDb => {
    const db = new ShopfloorDb(name, { secondCopy: backend });
    dbs.push(db);
    return db;
  };
  const openSpace = async (backend: SecondCopyBackend, kind: 'campaign' | 'personal') => {
    const db = newDb(backend);
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind, name: kind });
    const store = await SpaceStore.open(db, vault.cipher, space.id);
    return { db, vault, space, store };
  };
  const discard = async (db: ShopfloorDb, backend: SecondCopyBackend): Promise<ShopfloorDb> => {
    db.close();
    await Dexie.delete(db.name);
    return newDb(backend, db.name);
  };
  return { newDb, openSpace, discard };
}

/** Registers the contract suite for one backend; `open` gives a fresh, empty backend per test. */
export function runSecondCopyContract(name: string, open: () => SecondCopyBackend): void {
  describe(`second copy contract: ${name}`, () => {
    backendCases(open);
    databaseCases(open);
  });
}

function backendCases(open: () => SecondCopyBackend): void {
  it('gives back the bytes it was given, under any key, and never shares them', async () => {
    const backend = open();
    const keys = [copyKey('vault', 'vault'), copyKey('updates', ['s/p?#%20&"\'', 3]), 'Café ñ 🚚', ' '];
    for (const [i, key] of keys.entries()) await backend.put(key, new Uint8Array([i, 0, 255, i]));
    expect((await backend.keys()).sort()).toEqual([...keys].sort());
    for (const [i, key] of keys.entries())
      expect(await backend.get(key)).toEqual(new Uint8Array([i, 0, 255, i]));

    const given = new Uint8Array(1000).fill(7);
    await backend.put('k', given);
    given.fill(1);
    const got = await backend.get('k');
    expect(got).toEqual(new Uint8Array(1000).fill(7));
    got!.fill(2);
    expect(await backend.get('k')).toEqual(new Uint8Array(1000).fill(7));
    await backend.put('empty', new Uint8Array(0));
    expect(await backend.get('empty')).toEqual(new Uint8Array(0));
  });

  it('overwrites a key in place, deletes what it is told (missing keys included) and clears', async () => {
    const backend = open();
    expect(await backend.keys()).toEqual([]);
    expect(await backend.get('a')).toBeUndefined();
    for (const key of ['a', 'b', 'c']) await backend.put(key, new Uint8Array([1]));
    await backend.put('b', new Uint8Array([2, 2]));
    expect((await backend.keys()).sort()).toEqual(['a', 'b', 'c']);
    expect(await backend.get('b')).toEqual(new Uint8Array([2, 2]));

    await backend.delete(['a', 'missing']);
    expect((await backend.keys()).sort()).toEqual(['b', 'c']);
    expect(await backend.get('a')).toBeUndefined();
    await backend.delete([]);
    expect((await backend.keys()).sort()).toEqual(['b', 'c']);

    await backend.clear();
    expect(await backend.keys()).toEqual([]);
    expect(await backend.get('b')).toBeUndefined();
    await backend.put('d', new Uint8Array([4])); // usable again after a clear
    expect(await entriesOf(backend)).toEqual(new Map([['d', new Uint8Array([4])]]));
  });
}

function databaseCases(open: () => SecondCopyBackend): void {
  const { newDb, openSpace, discard } = copiedDatabases();

  it('holds exactly the rows IndexedDB holds once a save is confirmed, compaction and deletion included', async () => {
    const backend = open();
    const db = newDb(backend);
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'Night crew' });
    const other = await createSpace(vault, { kind: 'personal', name: 'Mine' });
    const store = await SpaceStore.open(db, vault.cipher, space.id, { compactAfter: 5 });
    for (let i = 0; i < 12; i++) {
      addPeople(store, i, i + 1);
      await store.flush();
      // A compaction's rows can reach the copy just after the flush (the confirmed save is there
      // already); second-copy.test.ts holds the memory backend to no waiting at all.
      await db.secondCopySettled();
      expect(await entriesOf(backend)).toEqual(await idbRows(db));
    }
    expect(await db.updates.count()).toBeLessThan(12); // compaction ran and the copy followed it
    await deleteSpaceRows(db, other.id);
    expect(await entriesOf(backend)).toEqual(await idbRows(db));
    expect((await backend.keys()).some((k) => k.includes(other.id))).toBe(false);
  });

  it('rebuilds a discarded database from the copy: unlock and every confirmed save come back', async () => {
    const backend = open();
    let db = newDb(backend);
    const vault = await createVault(db, 'correct horse', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'Dock 4' });
    const store = await SpaceStore.open(db, vault.cipher, space.id, { compactAfter: 7 });
    for (let i = 0; i < 20; i++) {
      addPeople(store, i * 3, i * 3 + 3);
      await store.flush();
    }
    const before = Y.encodeStateVector(store.doc);

    db = await discard(db, backend);
    expect(await hasVault(db)).toBe(false);
    const restored = await db.restoreFromSecondCopy();
    expect(restored).toMatchObject({ skipped: 0 });
    expect(restored?.rows).toBe((await backend.keys()).length);
    expect(await hasVault(db)).toBe(true);

    await expect(unlockVault(db, 'wrong horse')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    const again = await unlockVault(db, 'correct horse');
    const { spaces } = await listSpaces(again);
    expect(spaces.map((s) => s.name)).toEqual(['Dock 4']);
    const reopened = await SpaceStore.open(db, again.cipher, space.id);
    expect(reopened.getStatus().unreadableRows).toEqual([]);
    expect(reopened.doc.getMap('people').size).toBe(60);
    expect(Y.encodeStateVector(reopened.doc)).toEqual(before);
    // Restoring did not write the rows back into the copy a second time, and nothing differs.
    expect(await entriesOf(backend)).toEqual(await idbRows(db));
  });

  it('restores nothing over a database that has its vault, or from a copy without one', async () => {
    const backend = open();
    const db = newDb(backend);
    expect(await db.restoreFromSecondCopy()).toBeNull(); // empty copy: a true first run
    await createVault(db, 'pw', FAST);
    expect(await db.restoreFromSecondCopy()).toBeNull();
  });

  it('drops the writes of an aborted transaction', async () => {
    const backend = open();
    const db = newDb(backend);
    await createVault(db, 'pw', FAST);
    await expect(
      db.transaction('rw', db.updates, async () => {
        await db.updates.add({ spaceId: 'x', seq: 1, kind: 'u', data: new Uint8Array([1]) });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.secondCopySettled();
    expect(await entriesOf(backend)).toEqual(await idbRows(db));
    expect(await db.updates.count()).toBe(0);
  });

  it('copies only what IndexedDB accepted: a caught failed add and the failed rows of a bulk add', async () => {
    const backend = open();
    const db = newDb(backend);
    await createVault(db, 'pw', FAST);
    const row = (seq: number, byte: number) => ({
      spaceId: 's',
      seq,
      kind: 'u' as const,
      data: new Uint8Array([byte]),
    });
    await db.updates.add(row(1, 1));
    await db.transaction('rw', db.updates, async () => {
      // Another writer took seq 1: this add fails, the caller carries on.
      await db.updates.add(row(1, 99)).catch(() => {});
      await db.updates.bulkAdd([row(1, 98), row(2, 2), row(3, 3)]).catch(() => {});
      await db.updates.add(row(4, 4));
    });
    await db.secondCopySettled();
    expect(await db.updates.count()).toBe(4);
    expect(await entriesOf(backend)).toEqual(await idbRows(db));
  });

  it('reconciles a copy changed behind its back, and leaves a right copy alone', async () => {
    const backend = open();
    const { db, space, store } = await openSpace(backend, 'campaign');
    addPeople(store, 0, 3);
    await store.flush();
    // An extra entry, a lost one, a changed one, and an update whose body was cut short (a cache
    // can list an entry after a crash and still not give its bytes back whole).
    await backend.put(copyKey('updates', ['gone', 1]), encodeRow({ spaceId: 'gone', seq: 1 }));
    await backend.delete([copyKey('spaces', space.id)]);
    await backend.put(copyKey('vault', 'vault'), encodeRow({ id: 'vault', formatVersion: 0 }));
    const updateKey = (await backend.keys()).find((k) => k.startsWith(`["updates",["${space.id}"`))!;
    await backend.put(updateKey, (await backend.get(updateKey))!.slice(0, 20));
    expect(await db.reconcileSecondCopy()).toEqual({ written: 3, removed: 1 });
    expect(await entriesOf(backend)).toEqual(await idbRows(db));
    expect(await db.reconcileSecondCopy()).toEqual({ written: 0, removed: 0 });
  });

  it('skips copy entries that do not decode and restores the rest', async () => {
    const backend = open();
    let { db, space, store } = await openSpace(backend, 'personal');
    store.doc.getMap('notes').set('a', 'kept');
    await store.flush();
    await backend.put(copyKey('updates', [space.id, 999]), new Uint8Array([1, 2, 3]));
    await backend.put('not a key', new Uint8Array([4]));
    // An entry whose row claims another key than the one it is stored under.
    await backend.put(copyKey('updates', [space.id, 500]), encodeRow({ spaceId: space.id, seq: 501 }));

    db = await discard(db, backend);
    expect(await db.restoreFromSecondCopy()).toMatchObject({ skipped: 3 });
    const again = await unlockVault(db, 'pw');
    const reopened = await SpaceStore.open(db, again.cipher, space.id);
    expect(reopened.doc.getMap('notes').get('a')).toBe('kept');
  });

  it('confirms a save only after the copy has it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const backend = open();
    const slow: SecondCopyBackend = {
      keys: () => backend.keys(),
      get: (k) => backend.get(k),
      delete: (k) => backend.delete(k),
      clear: () => backend.clear(),
      put: async (k, v) => {
        if (k.startsWith('["updates"')) await gate;
        return backend.put(k, v);
      },
    };
    const { db, store } = await openSpace(slow, 'personal');
    store.doc.getMap('notes').set('a', 1);
    let confirmed = false;
    const flushed = store.flush().then(() => {
      confirmed = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(await db.updates.count()).toBe(1); // in IndexedDB already
    expect(confirmed).toBe(false); // but not confirmed until the copy has it
    release();
    await flushed;
    expect(await entriesOf(backend)).toEqual(await idbRows(db));
  });

  it('is cleared first by a panic wipe', async () => {
    const backend = open();
    const db = newDb(backend);
    const vault = await createVault(db, 'pw', FAST);
    await createSpace(vault, { kind: 'campaign', name: 'c' });
    expect(await backend.keys()).toHaveLength(2);
    await wipeDatabase(db);
    expect(await backend.keys()).toHaveLength(0);
    const fresh = newDb(backend, db.name);
    expect(await fresh.restoreFromSecondCopy()).toBeNull();
    expect(await hasVault(fresh)).toBe(false);
  });
}
