/**
 * Storage limits at the unit level (fake-indexeddb): another tab upgrading the schema while this
 * one has writes in flight, and our own upgrade blocked by an old tab. Quota exhaustion is covered
 * here by storage.test.ts and in real Chromium by tests/e2e/quota.test.ts.
 */
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { randomId } from '../../../src/crypto';
import { createPerson, initCampaign, listPeople } from '../../../src/domain';
import {
  createSpace,
  createVault,
  type DbInterruption,
  type RowCipher,
  ShopfloorDb,
  SpaceStore,
  unlockVault,
} from '../../../src/storage';

const PASS = 'upgrade tabs passphrase';

/** The next app version: the same database with one more table (schema version 4). */
class NextDb extends ShopfloorDb {
  constructor(name: string) {
    super(name);
    this.version(4).stores({ drafts: 'id' });
  }
}

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A cipher whose sealing can be held, to keep a write in flight for as long as a test needs. */
function gated(cipher: RowCipher) {
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  return {
    cipher: {
      seal: async (data: Uint8Array, context: string) => {
        await gate;
        return cipher.seal(data, context);
      },
      open: (data: Uint8Array, context: string) => cipher.open(data, context),
    } satisfies RowCipher,
    hold() {
      gate = new Promise((r) => {
        release = r;
      });
    },
    release: () => release(),
  };
}

async function campaign() {
  const name = `tabs-${randomId()}`;
  names.push(name);
  const db = new ShopfloorDb(name);
  const vault = await createVault(db, PASS, { iterations: 1_000 });
  const meta = await createSpace(vault, { kind: 'campaign', name: 'Local 9' });
  const seal = gated(vault.cipher);
  const store = await SpaceStore.open(db, seal.cipher, meta.id);
  initCampaign(store.doc, { name: 'Local 9', by: 'tab-1' });
  await store.flush();
  return { name, db, store, spaceId: meta.id, seal };
}

async function peopleIn(db: ShopfloorDb, spaceId: string): Promise<string[]> {
  const vault = await unlockVault(db, PASS);
  const store = await SpaceStore.open(db, vault.cipher, spaceId);
  const names = listPeople(store.doc)
    .people.map((p) => p.name)
    .sort();
  expect(store.getStatus().unreadableRows).toEqual([]);
  await store.close();
  return names;
}

describe('another tab upgrades the schema', () => {
  it('finishes this tab’s pending writes, closes for good, tells the UI, and loses nothing', async () => {
    const { name, db, store, spaceId, seal } = await campaign();
    const seen: DbInterruption[] = [];
    db.onInterruption((e) => seen.push(e));
    db.beforeYield(() => store.flush());
    const tab = { by: 'tab-1' };
    createPerson(store.doc, { name: 'Saved before' }, tab);
    await store.flush();
    // Still being sealed when the other tab asks for the database: it must land all the same.
    seal.hold();
    createPerson(store.doc, { name: 'In flight' }, tab);
    setTimeout(seal.release, 50);

    const next = new NextDb(name);
    await next.open(); // completes: this tab yielded instead of blocking the upgrade
    expect(next.verno).toBe(4);
    expect(seen).toEqual([{ kind: 'superseded', newVersion: 40 }]);
    expect(db.superseded).toBe(true);
    expect(db.isOpen()).toBe(false);
    expect(await peopleIn(next, spaceId)).toEqual(['In flight', 'Saved before']);

    // This tab cannot write any more, and says so instead of reopening under the new schema.
    createPerson(store.doc, { name: 'After the upgrade' }, tab);
    await expect(store.flush()).rejects.toThrow();
    expect(store.getStatus()).toMatchObject({ error: 'write-failed', pending: 1 });
    expect(db.isOpen()).toBe(false);
    expect(await peopleIn(next, spaceId)).toEqual(['In flight', 'Saved before']);
    next.close();
  });

  it('when the other tab deletes the database (panic wipe), closes at once without writing', async () => {
    const { name, db, store } = await campaign();
    const seen: DbInterruption[] = [];
    db.onInterruption((e) => seen.push(e));
    let flushed = false;
    db.beforeYield(async () => {
      flushed = true;
    });
    createPerson(store.doc, { name: 'Never reaches the wiped db' }, { by: 'tab-1' });
    await Dexie.delete(name);
    expect(seen).toEqual([{ kind: 'superseded', newVersion: null }]);
    expect(flushed).toBe(false);
    expect(await Dexie.exists(name)).toBe(false);
  });
});

describe('our upgrade waits for an old tab', () => {
  it('reports blocked, then upgrades once the old tab closes, with the data intact', async () => {
    const { name, db, store, spaceId } = await campaign();
    createPerson(store.doc, { name: 'Kept' }, { by: 'tab-1' });
    await store.close();
    db.close();
    // An old tab that ignores versionchange (an older build, or one frozen in the background).
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const next = new NextDb(name);
    const seen: DbInterruption[] = [];
    next.onInterruption((e) => seen.push(e));
    const opening = next.open();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([{ kind: 'blocked' }]);
    expect(next.isOpen()).toBe(false);
    old.close();
    await opening;
    expect(next.verno).toBe(4);
    expect(await peopleIn(next, spaceId)).toEqual(['Kept']);
    next.close();
  });
});
