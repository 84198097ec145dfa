/**
 * The realistic campaign the mailbox figures use: a seeded campaign (40 units × 3 shifts) with
 * 3.75 conversations per person, as a backup file made in Node (fake-indexeddb) that a browser
 * restores. tests/fixtures/map-paint.ts's backup has no conversations; a campaign that arrives
 * from the mailbox should carry what a real one carries.
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { createSpace, createVault, exportBackup, ShopfloorDb, SpaceStore } from '../../src/storage';
import { generateCampaign } from '../fixtures/campaign-generator';

/** The backup passphrase of every file made here. */
export const MAILBOX_BACKUP_PASS = 'backup passphrase for the mailbox bench';

const made = new Map<string, Promise<Buffer>>();

/** A backup file of a seeded campaign with `people` and `conversations`, made once per size. */
export function campaignBackup(people: number, conversations = Math.round(people * 3.75)): Promise<Buffer> {
  const key = `${people}/${conversations}`;
  let file = made.get(key);
  if (!file) {
    file = makeBackup(people, conversations);
    made.set(key, file);
  }
  return file;
}

async function makeBackup(people: number, conversations: number): Promise<Buffer> {
  const db = new ShopfloorDb(`mailbox-bench-${Math.random()}`);
  const vault = await createVault(db, 'seed passphrase for the mailbox bench', { iterations: 1000 });
  const personal = await createSpace(vault, { kind: 'personal', name: 'personal' });
  const campaign = await createSpace(vault, { kind: 'campaign', name: 'DCX7' });
  const doc = new Y.Doc();
  generateCampaign(doc, { seed: 42, people, units: 40, shifts: 3, conversations });
  const store = await SpaceStore.open(db, vault.cipher, campaign.id);
  Y.applyUpdate(store.doc, Y.encodeStateAsUpdate(doc));
  await store.flush();
  const personalStore = await SpaceStore.open(db, vault.cipher, personal.id);
  personalStore.doc.getMap('settings').set('activeCampaign', campaign.id);
  await personalStore.flush();
  const file = await exportBackup(vault, MAILBOX_BACKUP_PASS, {
    openStores: [store, personalStore],
    iterations: 1000,
  });
  await store.close();
  await personalStore.close();
  db.close();
  return Buffer.from(file);
}
