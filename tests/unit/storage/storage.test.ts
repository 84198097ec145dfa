import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  changePassphrase,
  createSpace,
  createVault,
  getSpace,
  hasVault,
  listSpaces,
  type ShopfloorDb,
  SpaceStore,
  StorageError,
  unlockVault,
} from '../../../src/storage';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('test');

async function rawValues(db: ShopfloorDb): Promise<string> {
  const chunks: string[] = [];
  for (const table of db.tables) {
    for (const row of await table.toArray()) {
      chunks.push(
        JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v)),
      );
    }
  }
  return chunks.join('\n');
}

describe('vault', () => {
  it('creates, unlocks, and refuses a wrong passphrase without changing anything', async () => {
    const db = newDb();
    expect(await hasVault(db)).toBe(false);
    const vault = await createVault(db, 'night shift forever', FAST);
    await createSpace(vault, { kind: 'campaign', name: 'Riverside DC night crew' });
    const before = await rawValues(db);

    await expect(unlockVault(db, 'night shift forevr')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    expect(await rawValues(db)).toBe(before);

    const again = await unlockVault(db, 'night shift forever');
    const { spaces } = await listSpaces(again);
    expect(spaces.map((s) => s.name)).toEqual(['Riverside DC night crew']);
  });

  it('refuses to create a second vault', async () => {
    const db = newDb();
    await createVault(db, 'one', FAST);
    await expect(createVault(db, 'two', FAST)).rejects.toMatchObject({ code: 'vault-exists' });
    await expect(unlockVault(db, 'one')).resolves.toBeTruthy();
  });

  it('reports a missing vault', async () => {
    await expect(unlockVault(newDb(), 'x')).rejects.toMatchObject({ code: 'no-vault' });
  });

  it('changes the passphrase without re-encrypting the data', async () => {
    const db = newDb();
    const vault = await createVault(db, 'old words', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'Dock 3' });
    const store = await SpaceStore.open(db, vault.cipher, space.id);
    store.doc.getMap('people').set('p1', 'Ana');
    await store.flush();
    const rowsBefore = JSON.stringify(await db.updates.toArray(), (_k, v) =>
      v instanceof Uint8Array ? [...v] : v,
    );

    await changePassphrase(db, 'old words', 'new words', FAST);
    await expect(unlockVault(db, 'old words')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    const unlocked = await unlockVault(db, 'new words');
    const rowsAfter = JSON.stringify(await db.updates.toArray(), (_k, v) =>
      v instanceof Uint8Array ? [...v] : v,
    );
    expect(rowsAfter).toBe(rowsBefore);
    const reopened = await SpaceStore.open(db, unlocked.cipher, space.id);
    expect(reopened.doc.getMap('people').get('p1')).toBe('Ana');
  });

  it('a change with the wrong old passphrase changes nothing', async () => {
    const db = newDb();
    await createVault(db, 'old', FAST);
    await expect(changePassphrase(db, 'nope', 'new', FAST)).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    await expect(unlockVault(db, 'old')).resolves.toBeTruthy();
  });
});

describe('space store', () => {
  it('persists every update encrypted and reloads the same doc', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'Zyxwv Campaign' });
    const store = await SpaceStore.open(db, vault.cipher, space.id);
    const people = store.doc.getMap<Y.Map<unknown>>('people');
    for (let i = 0; i < 20; i++) {
      const p = new Y.Map<unknown>();
      p.set('name', `Quetzalcoatl Ximénez ${i}`);
      people.set(`p${i}`, p);
      await store.flush();
    }
    const raw = await rawValues(db);
    expect(raw).not.toContain('Quetzalcoatl');
    expect(raw).not.toContain('Zyxwv');

    const vault2 = await unlockVault(db, 'pw');
    const reloaded = await SpaceStore.open(db, vault2.cipher, space.id);
    expect(reloaded.doc.getMap('people').size).toBe(20);
    expect((reloaded.doc.getMap('people').get('p7') as Y.Map<unknown>).get('name')).toBe(
      'Quetzalcoatl Ximénez 7',
    );
    expect(reloaded.getStatus().unreadableRows).toEqual([]);
  });

  it('batches updates made in one tick into one row and flush waits for durability', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'personal', name: 'me' });
    const store = await SpaceStore.open(db, vault.cipher, space.id);
    const m = store.doc.getMap('notes');
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(store.getStatus().pending).toBe(3);
    await store.flush();
    expect(store.getStatus().pending).toBe(0);
    expect(await db.updates.count()).toBe(1);
  });

  it('compacts past the threshold into one snapshot without losing anything', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
    const store = await SpaceStore.open(db, vault.cipher, space.id, { compactAfter: 10 });
    const m = store.doc.getMap('people');
    for (let i = 0; i < 25; i++) {
      m.set(`k${i}`, i);
      await store.flush();
    }
    const rows = await db.updates.toArray();
    expect(rows.length).toBeLessThan(10);
    expect(rows.some((r) => r.kind === 's')).toBe(true);
    const reloaded = await SpaceStore.open(db, vault.cipher, space.id);
    expect(reloaded.doc.getMap('people').toJSON()).toEqual(m.toJSON());
  });

  it('reports a corrupt row, loads the rest, and never deletes it by compaction', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
    const store = await SpaceStore.open(db, vault.cipher, space.id, { compactAfter: 3 });
    store.doc.getMap('people').set('a', 1);
    await store.flush();
    store.doc.getMap('people').set('b', 2);
    await store.flush();
    await store.close();

    const row = (await db.updates.get([space.id, 2]))!;
    const data = row.data.slice();
    data[20] = (data[20] ?? 0) ^ 0xff;
    await db.updates.put({ ...row, data });

    const reloaded = await SpaceStore.open(db, vault.cipher, space.id, { compactAfter: 3 });
    expect(reloaded.getStatus().unreadableRows).toEqual([2]);
    expect(reloaded.doc.getMap('people').get('a')).toBe(1);
    for (let i = 0; i < 6; i++) {
      reloaded.doc.getMap('people').set(`x${i}`, i);
      await reloaded.flush();
    }
    expect(await db.updates.get([space.id, 2])).toBeTruthy();
  });

  it('rejects rows moved to another sequence number or space', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const a = await createSpace(vault, { kind: 'campaign', name: 'a' });
    const store = await SpaceStore.open(db, vault.cipher, a.id);
    store.doc.getMap('people').set('a', 1);
    await store.flush();
    const row = (await db.updates.get([a.id, 1]))!;
    await db.updates.put({ ...row, spaceId: 'other' });
    const other = await SpaceStore.open(db, vault.cipher, 'other');
    expect(other.getStatus().unreadableRows).toEqual([1]);
    expect(other.doc.getMap('people').size).toBe(0);
  });

  it('keeps updates in memory and reports quota exhaustion, then writes them once space frees', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
    const store = await SpaceStore.open(db, vault.cipher, space.id);
    const realAdd = db.updates.add.bind(db.updates);
    let full = true;
    db.updates.add = ((...args: Parameters<typeof realAdd>) => {
      if (full) {
        const err = new Error('quota');
        err.name = 'QuotaExceededError';
        return Promise.reject(err);
      }
      return realAdd(...args);
    }) as typeof realAdd;
    store.doc.getMap('people').set('a', 1);
    await expect(store.flush()).rejects.toBeInstanceOf(StorageError);
    expect(store.getStatus()).toMatchObject({ error: 'quota-exceeded', pending: 1 });
    full = false;
    await store.flush();
    expect(store.getStatus()).toMatchObject({ error: null, pending: 0 });
    const reloaded = await SpaceStore.open(db, vault.cipher, space.id);
    expect(reloaded.doc.getMap('people').get('a')).toBe(1);
  });

  it('lists a space whose metadata row is corrupt as unreadable, keeping it', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const good = await createSpace(vault, { kind: 'campaign', name: 'good' });
    const bad = await createSpace(vault, { kind: 'campaign', name: 'bad' });
    const row = (await db.spaces.get(bad.id))!;
    await db.spaces.put({ ...row, sealed: row.sealed.slice(0, 20) });
    const { spaces, unreadable } = await listSpaces(vault);
    expect(spaces.map((s) => s.id)).toEqual([good.id]);
    expect(unreadable).toEqual([bad.id]);
    await expect(getSpace(vault, bad.id)).rejects.toMatchObject({ code: 'corrupt-space' });
    expect(await db.spaces.count()).toBe(2);
  });
});

describe('duress passphrase', () => {
  it('is reported as duress only after the real passphrase failed, and a decoy check matches nothing', async () => {
    const db = newDb();
    await createVault(db, 'real words', FAST);
    const { setDuressPassphrase } = await import('../../../src/storage');
    expect((await db.vault.get('vault'))?.duress).toBeTruthy();
    await expect(unlockVault(db, 'help me now')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await setDuressPassphrase(db, 'help me now', 2_000);
    await expect(unlockVault(db, 'help me now')).rejects.toMatchObject({ code: 'duress' });
    await expect(unlockVault(db, 'real words')).resolves.toBeTruthy();
    await expect(unlockVault(db, 'other')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await setDuressPassphrase(db, null, 2_000);
    await expect(unlockVault(db, 'help me now')).rejects.toMatchObject({ code: 'wrong-passphrase' });
  });
});
