/**
 * The campaign home's sealed read model (app/home-view.ts, storage/space-view.ts): it holds the
 * figures home computes, and it is given back only while it matches what is stored — a newer
 * write, a missing, corrupt or unknown-shaped record all fall back to the doc (null), so a view
 * never shows figures older than what is saved.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { homeViewOf, keepHomeView, parseHomeView, readHomeView } from '../../../src/app/home-view';
import { campaignStats, createPerson, initCampaign, peopleIndex } from '../../../src/domain';
import { createSpace, createVault, SpaceStore, writeSpaceView } from '../../../src/storage';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('home-view');

async function campaign() {
  const db = newDb();
  const vault = await createVault(db, 'pw', FAST);
  const space = await createSpace(vault, { kind: 'campaign', name: 'Night crew' });
  const store = await SpaceStore.open(db, vault.cipher, space.id);
  initCampaign(store.doc, { name: 'Night crew', by: 'dev' });
  for (const name of ['Ana', 'Bo', 'Cy']) createPerson(store.doc, { name }, { by: 'dev' });
  await store.flush();
  return { db, vault, space, store };
}

describe('home view', () => {
  it('is read back with the figures home computes while nothing newer is stored', async () => {
    const { db, vault, space, store } = await campaign();
    const keeper = keepHomeView(store, vault.cipher, 'fallback', 60_000);
    await keeper.flush();
    const view = await readHomeView(db, vault.cipher, space.id);
    expect(view).not.toBeNull();
    expect(view?.name).toBe('Night crew');
    expect(view?.stats.total).toBe(3);
    expect(view).toEqual(homeViewOf(store.doc, 'fallback'));
    expect(view?.stats).toEqual(campaignStats(peopleIndex(store.doc).people(), view?.unit.size ?? 0));
    keeper.stop();
  });

  it('is stale after a newer write until it is computed again, never showing the old figures', async () => {
    const { db, vault, space, store } = await campaign();
    const keeper = keepHomeView(store, vault.cipher, 'fallback', 60_000);
    await keeper.flush();
    createPerson(store.doc, { name: 'Dee' }, { by: 'dev' });
    // Not yet stored: the view is not computed from a doc holding an unsaved change.
    await keeper.flush();
    await store.flush();
    expect(await readHomeView(db, vault.cipher, space.id)).toBeNull();
    await keeper.flush();
    expect((await readHomeView(db, vault.cipher, space.id))?.stats.total).toBe(4);
    keeper.stop();
  });

  it('is stale after a write by another store (another tab) and after a compaction', async () => {
    const { db, vault, space, store } = await campaign();
    const keeper = keepHomeView(store, vault.cipher, 'fallback', 60_000);
    await keeper.flush();
    const other = await SpaceStore.open(db, vault.cipher, space.id);
    createPerson(other.doc, { name: 'Eve' }, { by: 'other' });
    await other.flush();
    expect(await readHomeView(db, vault.cipher, space.id)).toBeNull();

    const fresh = await SpaceStore.open(db, vault.cipher, space.id);
    const again = keepHomeView(fresh, vault.cipher, 'fallback', 60_000);
    await again.flush();
    expect((await readHomeView(db, vault.cipher, space.id))?.stats.total).toBe(4);
    await fresh.compact();
    expect(await readHomeView(db, vault.cipher, space.id)).toBeNull();
    keeper.stop();
    again.stop();
  });

  it('is no view when missing, corrupt, sealed for another space or of an unknown shape', async () => {
    const { db, vault, space, store } = await campaign();
    expect(await readHomeView(db, vault.cipher, space.id)).toBeNull();

    const keeper = keepHomeView(store, vault.cipher, 'fallback', 60_000);
    await keeper.flush();
    const key: [string, number] = [`view/${space.id}`, 0];
    const row = (await db.activity.get(key))!;
    const damaged = row.data.slice();
    damaged[damaged.length - 3] = (damaged[damaged.length - 3] ?? 0) ^ 0xff;
    await db.activity.put({ ...row, data: damaged });
    expect(await readHomeView(db, vault.cipher, space.id)).toBeNull();

    const other = await createSpace(vault, { kind: 'campaign', name: 'other' });
    await db.activity.put({ ...row, spaceId: `view/${other.id}` });
    expect(await readHomeView(db, vault.cipher, other.id)).toBeNull();

    await writeSpaceView(db, vault.cipher, space.id, store.storedSeq, JSON.stringify({ v: 99, name: 'x' }));
    expect(await readHomeView(db, vault.cipher, space.id)).toBeNull();
    expect(parseHomeView('not json')).toBeNull();
    expect(parseHomeView(JSON.stringify({ v: 1, name: 'x', units: 1, shifts: 1 }))).toBeNull();
    keeper.stop();
  });

  it('is stored at close (lock) with what the last write left', async () => {
    const { db, vault, space, store } = await campaign();
    const keeper = keepHomeView(store, vault.cipher, 'fallback', 60_000);
    createPerson(store.doc, { name: 'Fay' }, { by: 'dev' });
    await store.close();
    await keeper.flush();
    keeper.stop();
    expect((await readHomeView(db, vault.cipher, space.id))?.stats.total).toBe(4);
    expect(Y.encodeStateVector(store.doc).length).toBeGreaterThan(0);
  });
});
