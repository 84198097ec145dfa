/**
 * One write per batch (space-store.ts): what the doc emitted while the previous write ran is
 * stored by the next write, in one transaction. A campaign arriving from the mailbox comes as
 * updates of up to 1 MiB: those are stored as they came, one row each, never merged first (merging
 * re-encodes megabytes on the main thread), in the activity log as well; a burst of small edits is
 * still merged into one row.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { campaignActivity } from '../../../src/app/activity';
import { createSpace, createVault, SpaceStore } from '../../../src/storage';
import { openPacked } from '../../../src/storage/row-pack';
import { updateContext } from '../../../src/storage/space-store-load';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('catch-up-write');

/** `n` remote updates of about `bytes` each, from one other doc, in order. */
function remoteUpdates(n: number, bytes: number): Uint8Array[] {
  const other = new Y.Doc();
  const out: Uint8Array[] = [];
  other.on('update', (u: Uint8Array) => out.push(u));
  const people = other.getMap<Y.Map<unknown>>('people');
  for (let i = 0; i < n; i++) {
    const p = new Y.Map<unknown>();
    p.set('name', `Person ${i}`);
    p.set('notes', `${i} `.repeat(bytes / 2));
    people.set(`p${i}`, p);
  }
  return out;
}

async function campaignStore() {
  const db = newDb();
  const vault = await createVault(db, 'pw', FAST);
  const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
  const store = await SpaceStore.open(db, vault.cipher, space.id, { activity: campaignActivity(() => 'me') });
  return { db, vault, space, store };
}

describe('a batch of pending updates', () => {
  it('is stored by one write, big updates one row each as they came, and reloads to the same doc', async () => {
    const { db, vault, space, store } = await campaignStore();
    const before = await db.updates.count();
    const updates = remoteUpdates(6, 300 * 1024);
    const bulkAdd = vi.spyOn(db.updates, 'bulkAdd');
    const add = vi.spyOn(db.updates, 'add');
    // As a catch-up applies them: one after another, each its own transaction, before any write ran.
    for (const u of updates) Y.applyUpdate(store.doc, u, 'mailbox');
    await store.flush();

    expect(bulkAdd).toHaveBeenCalledTimes(1);
    expect(add).not.toHaveBeenCalled();
    const rows = (await db.updates.toArray()).slice(before);
    expect(rows.map((r) => r.kind)).toEqual(updates.map(() => 'u'));
    const opened = await Promise.all(
      rows.map((r) => openPacked(vault.cipher, r, updateContext(space.id, r.seq))),
    );
    expect(opened).toEqual(updates);

    // The activity log keeps each as its own entry too, never merged.
    const activity = await store.readActivity();
    expect(activity.entries.map((e) => e.update)).toEqual(updates);

    const reloaded = await SpaceStore.open(db, vault.cipher, space.id);
    expect(reloaded.doc.getMap('people').toJSON()).toEqual(store.doc.getMap('people').toJSON());
    expect(reloaded.doc.getMap('people').size).toBe(6);
  });

  it('of small edits is merged into one row', async () => {
    const { db, store } = await campaignStore();
    const before = await db.updates.count();
    const people = store.doc.getMap('people');
    for (let i = 0; i < 20; i++) people.set(`p${i}`, `Person ${i}`);
    await store.flush();
    expect((await db.updates.count()) - before).toBe(1);
  });
});
