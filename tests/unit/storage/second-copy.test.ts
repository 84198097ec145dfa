/**
 * The second copy (src/storage/second-copy.ts): every committed write of the vault, space and
 * update rows is copied outside IndexedDB, a confirmed save is in both, and a database the browser
 * threw away comes back from the copy without the passphrase.
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
  decodeRow,
  deleteSpaceRows,
  encodeRow,
  hasVault,
  listSpaces,
  MemoryBackend,
  probeDataLoss,
  type SecondCopyBackend,
  ShopfloorDb,
  SpaceStore,
  unlockVault,
  wipeDatabase,
} from '../../../src/storage';
import { FAST } from '../../support/test-dbs';

const dbs: ShopfloorDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function newDb(backend: SecondCopyBackend, name = `copy-${randomId()}`): ShopfloorDb {
  const db = new ShopfloorDb(name, { secondCopy: backend });
  dbs.push(db);
  return db;
}

/** Every row of the copied stores, encoded, keyed like the copy. */
async function idbRows(db: ShopfloorDb): Promise<Map<string, Uint8Array>> {
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

/** A database copied to `backend`, its vault (passphrase 'pw'), one space and its open store. */
async function openSpace(backend: SecondCopyBackend, kind: 'campaign' | 'personal') {
  const db = newDb(backend);
  const vault = await createVault(db, 'pw', FAST);
  const space = await createSpace(vault, { kind, name: kind });
  const store = await SpaceStore.open(db, vault.cipher, space.id);
  return { db, vault, space, store };
}

function addPeople(store: SpaceStore, from: number, to: number) {
  const people = store.doc.getMap<Y.Map<unknown>>('people');
  for (let i = from; i < to; i++) {
    const p = new Y.Map<unknown>();
    p.set('name', `Worker ${i}`);
    people.set(`p${i}`, p);
  }
}

/** The browser discarding the database: it is deleted and an empty one opens under the same name. */
async function discard(db: ShopfloorDb, backend: SecondCopyBackend): Promise<ShopfloorDb> {
  db.close();
  await Dexie.delete(db.name);
  return newDb(backend, db.name);
}

describe('row encoding', () => {
  it('round-trips rows with byte arrays, nested too', () => {
    const row = {
      id: 'vault',
      formatVersion: 1,
      kdf: { alg: 'PBKDF2-SHA256', iterations: 600_000, salt: new Uint8Array([1, 2, 3]) },
      wrapped: new Uint8Array(300).fill(7),
      duress: { salt: new Uint8Array([9]), iterations: 5, check: new Uint8Array(0) },
    };
    expect(decodeRow(encodeRow(row))).toEqual(row);
  });

  it('refuses truncated, foreign and garbage bytes instead of guessing', () => {
    const bytes = encodeRow({ spaceId: 's', seq: 4, kind: 'u', data: new Uint8Array(100).fill(1) });
    for (let cut = 0; cut < bytes.length; cut += 7) expect(decodeRow(bytes.slice(0, cut))).toBeNull();
    expect(decodeRow(new TextEncoder().encode('{"spaceId":"s"}'))).toBeNull();
    const bad = bytes.slice();
    bad[9] = 0xff; // inside the JSON head
    expect(decodeRow(bad)).toBeNull();
  });
});

describe('second copy', () => {
  it('holds exactly the rows IndexedDB holds once a save is confirmed, compaction and deletion included', async () => {
    const backend = new MemoryBackend();
    const db = newDb(backend);
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'Night crew' });
    const other = await createSpace(vault, { kind: 'personal', name: 'Mine' });
    const store = await SpaceStore.open(db, vault.cipher, space.id, { compactAfter: 5 });
    for (let i = 0; i < 12; i++) {
      addPeople(store, i, i + 1);
      await store.flush();
      // Confirmed means copied: no waiting beyond the flush.
      expect(backend.entries).toEqual(await idbRows(db));
    }
    expect(await db.updates.count()).toBeLessThan(12); // compaction ran and the copy followed it
    await deleteSpaceRows(db, other.id);
    expect(backend.entries).toEqual(await idbRows(db));
    expect([...backend.entries.keys()].some((k) => k.includes(other.id))).toBe(false);
  });

  it('rebuilds a discarded database from the copy: unlock and every confirmed save come back', async () => {
    const backend = new MemoryBackend();
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
    expect(restored?.rows).toBe(backend.entries.size);
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
    expect(backend.entries).toEqual(await idbRows(db));
  });

  it('restores nothing over a database that has its vault, or from a copy without one', async () => {
    const backend = new MemoryBackend();
    const db = newDb(backend);
    expect(await db.restoreFromSecondCopy()).toBeNull(); // empty copy: a true first run
    await createVault(db, 'pw', FAST);
    expect(await db.restoreFromSecondCopy()).toBeNull();
  });

  it('drops the writes of an aborted transaction', async () => {
    const backend = new MemoryBackend();
    const db = newDb(backend);
    await createVault(db, 'pw', FAST);
    await expect(
      db.transaction('rw', db.updates, async () => {
        await db.updates.add({ spaceId: 'x', seq: 1, kind: 'u', data: new Uint8Array([1]) });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.secondCopySettled();
    expect(backend.entries).toEqual(await idbRows(db));
    expect(await db.updates.count()).toBe(0);
  });

  it('copies only what IndexedDB accepted: a caught failed add and the failed rows of a bulk add', async () => {
    const backend = new MemoryBackend();
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
    expect(backend.entries).toEqual(await idbRows(db));
  });

  it('never fails a save when the copy cannot be written; the copy is marked stale and caught up by the next save', async () => {
    const backend = new MemoryBackend();
    const { db, store } = await openSpace(backend, 'campaign');
    backend.failWith = 'QuotaExceededError';
    addPeople(store, 0, 5);
    await store.flush(); // IndexedDB has it: the save stands
    addPeople(store, 5, 6);
    await store.flush();
    expect(store.getStatus()).toMatchObject({ pending: 0, error: null });
    expect(db.secondCopy?.getStatus()).toMatchObject({ stale: true, lastError: 'QuotaExceededError' });
    expect(backend.entries).not.toEqual(await idbRows(db));

    // Space again: the next save is copied, and the gap the failures left is filled behind it.
    backend.failWith = null;
    addPeople(store, 6, 7);
    await store.flush();
    await expect.poll(() => db.secondCopy?.getStatus().stale).toBe(false);
    expect(backend.entries).toEqual(await idbRows(db));
  });

  it('reconciles a copy changed behind its back, and leaves a right copy alone', async () => {
    const backend = new MemoryBackend();
    const { db, space, store } = await openSpace(backend, 'campaign');
    addPeople(store, 0, 3);
    await store.flush();
    // An extra entry, a lost one, a changed one, and an update whose body was cut short (a cache
    // can list an entry after a crash and still not give its bytes back whole).
    backend.entries.set(copyKey('updates', ['gone', 1]), encodeRow({ spaceId: 'gone', seq: 1 }));
    backend.entries.delete(copyKey('spaces', space.id));
    backend.entries.set(copyKey('vault', 'vault'), encodeRow({ id: 'vault', formatVersion: 0 }));
    const updateKey = [...backend.entries.keys()].find((k) => k.startsWith('["updates"'))!;
    backend.entries.set(updateKey, backend.entries.get(updateKey)!.slice(0, 20));
    expect(await db.reconcileSecondCopy()).toEqual({ written: 3, removed: 1 });
    expect(backend.entries).toEqual(await idbRows(db));
    expect(await db.reconcileSecondCopy()).toEqual({ written: 0, removed: 0 });
  });

  it('skips copy entries that do not decode and restores the rest', async () => {
    const backend = new MemoryBackend();
    let { db, space, store } = await openSpace(backend, 'personal');
    store.doc.getMap('notes').set('a', 'kept');
    await store.flush();
    backend.entries.set(copyKey('updates', [space.id, 999]), new Uint8Array([1, 2, 3]));
    backend.entries.set('not a key', new Uint8Array([4]));
    // An entry whose row claims another key than the one it is stored under.
    backend.entries.set(copyKey('updates', [space.id, 500]), encodeRow({ spaceId: space.id, seq: 501 }));

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
    const backend = new MemoryBackend();
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
    expect(backend.entries).toEqual(await idbRows(db));
  });

  it('is cleared first by a panic wipe', async () => {
    const backend = new MemoryBackend();
    const db = newDb(backend);
    const vault = await createVault(db, 'pw', FAST);
    await createSpace(vault, { kind: 'campaign', name: 'c' });
    expect(backend.entries.size).toBe(2);
    await wipeDatabase(db);
    expect(backend.entries.size).toBe(0);
    const fresh = newDb(backend, db.name);
    expect(await fresh.restoreFromSecondCopy()).toBeNull();
    expect(await hasVault(fresh)).toBe(false);
  });
});

describe('data-loss probe', () => {
  it('neither creates a missing database nor changes an existing one', async () => {
    const name = `probe-${randomId()}`;
    expect(await probeDataLoss(name)).toBeNull();
    expect((await indexedDB.databases()).some((d) => d.name === name)).toBe(false);
    const db = newDb(new MemoryBackend(), name);
    await createVault(db, 'pw', FAST);
    const version = db.verno;
    db.close();
    expect(await probeDataLoss(name)).toBeNull();
    await db.open();
    expect(db.verno).toBe(version);
    expect(await hasVault(db)).toBe(true);
  });
});
