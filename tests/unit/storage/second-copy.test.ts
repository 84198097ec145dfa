/**
 * The second copy (src/storage/second-copy.ts): every committed write of the vault, space and
 * update rows is copied outside IndexedDB, a confirmed save is in both, and a database the browser
 * threw away comes back from the copy without the passphrase. What every backend must do is the
 * contract (second-copy-contract.ts, run in second-copy-backends.test.ts); here, the row format,
 * a memory copy that keeps up with compaction without any waiting, a backend that refuses writes,
 * and the data-loss probe.
 */
import { describe, expect, it } from 'vitest';
import { randomId } from '../../../src/crypto';
import {
  createSpace,
  createVault,
  decodeRow,
  deleteSpaceRows,
  encodeRow,
  hasVault,
  MemoryBackend,
  probeDataLoss,
  SpaceStore,
} from '../../../src/storage';
import { FAST } from '../../support/test-dbs';
import { addPeople, copiedDatabases, idbRows } from './second-copy-contract';

const { newDb, openSpace } = copiedDatabases();

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
