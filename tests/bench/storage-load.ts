/**
 * Storage figures: cold unlock-and-load of a seeded campaign, encrypted vs. the same load path
 * with a plain (no-op) cipher as the baseline; stored bytes; JS heap after loading.
 * Runs in Node over fake-indexeddb, so absolute IndexedDB costs differ from a phone's; the ratio
 * isolates what encryption adds.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import * as Y from 'yjs';
import { listPeople } from '../../src/domain';
import {
  createSpace,
  createVault,
  PlainCipher,
  type RowCipher,
  ShopfloorDb,
  SpaceStore,
  unlockVault,
} from '../../src/storage';
import { generateCampaign } from '../fixtures/campaign-generator';
import { median, record } from './report';

const PASS = 'bench passphrase with enough words';

async function seed(people: number, conversations: number) {
  const db = new ShopfloorDb(`bench-${people}-${Math.random()}`);
  const vault = await createVault(db, PASS);
  const meta = await createSpace(vault, { kind: 'campaign', name: 'Bench' });
  const doc = new Y.Doc();
  generateCampaign(doc, { seed: 42, people, units: 40, shifts: 3, conversations });
  const update = Y.encodeStateAsUpdate(doc);
  // Write the campaign the way the app leaves it after compaction: one snapshot row.
  const store = await SpaceStore.open(db, vault.cipher, meta.id);
  Y.applyUpdate(store.doc, update);
  await store.flush();
  await store.compact();
  await store.close();
  // The plain baseline: the same rows, unencrypted, in a second database.
  const plainDb = new ShopfloorDb(`bench-plain-${people}-${Math.random()}`);
  const plain: RowCipher = new PlainCipher();
  const plainStore = await SpaceStore.open(plainDb, plain, meta.id);
  Y.applyUpdate(plainStore.doc, update);
  await plainStore.flush();
  await plainStore.compact();
  await plainStore.close();
  return { db, plainDb, plain, spaceId: meta.id, updateBytes: update.length };
}

async function loadOnce(db: ShopfloorDb, cipher: RowCipher, spaceId: string) {
  const t0 = performance.now();
  const store = await SpaceStore.open(db, cipher, spaceId);
  const count = listPeople(store.doc).people.length;
  const ms = performance.now() - t0;
  store.doc.destroy();
  return { ms, count };
}

async function storedBytes(db: ShopfloorDb): Promise<number> {
  let n = 0;
  for (const row of await db.updates.toArray()) n += row.data.length;
  for (const row of await db.spaces.toArray()) n += row.sealed.length;
  return n;
}

export async function benchStorageLoad(people: number, conversations: number, runs = 5): Promise<void> {
  const { db, plainDb, plain, spaceId, updateBytes } = await seed(people, conversations);
  const label = `${people.toLocaleString('en')} people, ${conversations.toLocaleString('en')} conversations`;

  const enc: number[] = [];
  const base: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const vault = await unlockVault(db, PASS);
    const unlockMs = performance.now() - t0;
    const e = await loadOnce(db, vault.cipher, spaceId);
    cold.push(unlockMs + e.ms);
    const b = await loadOnce(plainDb, plain, spaceId);
    if (e.count !== people || b.count !== people)
      throw new Error(`loaded ${e.count}/${b.count} of ${people}`);
    enc.push(e.ms);
    base.push(b.ms);
  }
  const load = median(enc);
  const baseline = median(base);
  record({
    figure: `load campaign, encrypted vs plain (${label})`,
    value: load,
    baseline,
    unit: 'ms',
    target: '≤ 1.3× plain',
    ok: load <= baseline * 1.3,
  });
  const coldMs = median(cold);
  record({
    figure: `cold unlock (PBKDF2 600k) + load, median of ${runs} (${label})`,
    value: coldMs,
    unit: 'ms',
    target: people <= 8000 ? '< 1000 ms' : undefined,
    ok: people <= 8000 ? coldMs < 1000 : undefined,
  });
  record({
    figure: `stored bytes, encrypted (${label})`,
    value: await storedBytes(db),
    baseline: updateBytes,
    unit: 'B',
  });

  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const vault = await unlockVault(db, PASS);
  const store = await SpaceStore.open(db, vault.cipher, spaceId);
  listPeople(store.doc);
  globalThis.gc?.();
  const heap = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  record({
    figure: `JS heap added by the loaded campaign (${label})`,
    value: heap,
    unit: 'MB',
    target: people === 8000 ? '< 150 MB' : undefined,
    ok: people === 8000 ? heap < 150 : undefined,
  });
  store.doc.destroy();
  db.close();
  plainDb.close();
  await Dexie.delete(db.name);
  await Dexie.delete(plainDb.name);
}
