/**
 * What a campaign's restore points and activity log cost at unlock (issue 16): opening the
 * activity log (finding where it ends) right after the daily fold left a base as its last row, the
 * daily restore-point check and the Settings list with a week of restore points, and the bytes
 * they take. In Node over fake-indexeddb; the baseline of each time is loading the same campaign
 * (read, decrypt, apply its update log), measured in the same run.
 *
 * Run alone: `node --expose-gc --import tsx tests/bench/restore-points.ts [people]`.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import * as Y from 'yjs';
import { campaignActivity } from '../../src/app/activity';
import {
  ActivityLog,
  createSpace,
  createVault,
  DAILY_MS,
  listSnapshots,
  ShopfloorDb,
  SpaceStore,
  type UnlockedVault,
} from '../../src/storage';
import { generateCampaign } from '../fixtures/campaign-generator';
import { median, record, table } from './report';

const DAYS = 7;

/** Bytes of every row of each table of `db` (all values are sealed byte arrays). */
async function tableBytes(db: ShopfloorDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of db.tables) {
    let n = 0;
    await t.each((row: Record<string, unknown>) => {
      for (const v of Object.values(row)) if (v instanceof Uint8Array) n += v.length;
    });
    out[t.name] = n;
  }
  return out;
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** A campaign with a week of daily restore points (one edit a day) and a freshly folded log. */
async function seed(people: number, conversations: number) {
  const db = new ShopfloorDb(`bench-restore-${people}-${Math.random()}`);
  const vault: UnlockedVault = await createVault(db, 'bench passphrase for restore points', {
    iterations: 1000,
  });
  const meta = await createSpace(vault, { kind: 'campaign', name: 'Bench' });
  const clock = { now: Date.now() - DAYS * DAILY_MS };
  const activity = { ...campaignActivity(() => 'dev-self-bench-0001'), now: () => clock.now };
  const store = await SpaceStore.open(db, vault.cipher, meta.id, { activity });
  const source = new Y.Doc();
  generateCampaign(source, { seed: 42, people, units: 40, shifts: 3, conversations });
  Y.applyUpdate(store.doc, Y.encodeStateAsUpdate(source));
  await store.flush();
  const ids = [...store.doc.getMap('people').keys()];
  const takes: number[] = [];
  for (let day = 0; day < DAYS; day++) {
    (store.doc.getMap('people').get(ids[day] as string) as Y.Map<unknown>).set('jobTitle', `Day ${day}`);
    await store.flush();
    const ms = await timed(() => store.maintain(clock.now));
    if (day > 0) takes.push(ms);
    clock.now += DAILY_MS;
  }
  // Fold the whole log into its base: the log now ends with the base row (the whole space).
  await new ActivityLog(db, vault.cipher, meta.id).prune({ now: clock.now, windowMs: 0 });
  await store.compact();
  await store.close();
  return { db, vault, spaceId: meta.id, clock, takes };
}

export async function benchRestorePoints(people = 8000, conversations = 30_000, runs = 5): Promise<void> {
  const label = `${people.toLocaleString('en')} people, ${conversations.toLocaleString('en')} conversations, ${DAYS} restore points`;
  const { db, vault, spaceId, clock, takes } = await seed(people, conversations);
  const load: number[] = [];
  const open: number[] = [];
  const check: number[] = [];
  const list: number[] = [];
  for (let i = 0; i < runs; i++) {
    load.push(await timed(async () => (await SpaceStore.open(db, vault.cipher, spaceId)).close()));
    open.push(await timed(() => new ActivityLog(db, vault.cipher, spaceId).init(() => new Uint8Array())));
    // The daily check at an unlock less than a day after the last restore point: nothing to take.
    const store = await SpaceStore.open(db, vault.cipher, spaceId, {
      activity: { ...campaignActivity(() => 'dev-self-bench-0001'), now: () => clock.now - DAILY_MS / 2 },
    });
    check.push(await timed(() => store.maintain(clock.now - DAILY_MS / 2)));
    list.push(await timed(() => listSnapshots(db, vault.cipher, spaceId)));
    await store.close();
  }
  const baseline = median(load);
  const fig = (what: string, values: number[]) =>
    record({ figure: `${what} (${label})`, value: median(values), unit: 'ms', baseline });
  fig('restore points: open the activity log after the daily fold, vs loading the campaign', open);
  fig('restore points: daily check at unlock (none due), vs loading the campaign', check);
  fig('restore points: list them (Settings), vs loading the campaign', list);
  fig('restore points: take the daily one (one edit since the day before), vs loading the campaign', takes);
  const bytes = await tableBytes(db);
  const restore = (bytes.snapshots ?? 0) + (bytes.snapshotStates ?? 0);
  record({
    figure: `restore points: bytes stored for ${DAYS} (${label}), vs the update log`,
    value: restore,
    unit: 'B',
    baseline: bytes.updates,
  });
  const all = Object.values(bytes).reduce((a, b) => a + b, 0);
  record({
    figure: `all stored bytes (update log, activity log, restore points; ${label}), vs the update log`,
    value: all,
    unit: 'B',
    baseline: bytes.updates,
  });
  db.close();
  await Dexie.delete(db.name);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const people = Number(process.argv[2] ?? 8000);
  await benchRestorePoints(people, Math.round(people * 3.75));
  console.log(`\n${table()}`);
}
