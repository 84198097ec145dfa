/**
 * What the hostile-member tools cost a campaign (issue: safety under a hostile employer): the
 * attributed activity log stores every change a second time for its window, and a change from
 * another device that deletes many records first writes a snapshot. Figures for a seeded campaign
 * received from a peer as its first sync, in Node over fake-indexeddb; baselines are the same
 * operations on a store without the activity log, measured in the same run.
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { campaignActivity, loadChangeLog } from '../../src/app/activity';
import { listPeople, prepareMemberUndo } from '../../src/domain';
import { createSpace, createVault, ShopfloorDb, SpaceStore, type UnlockedVault } from '../../src/storage';
import { registerMember } from '../../src/sync/members/devices';
import { generateCampaign } from '../fixtures/campaign-generator';
import { claimsOf, peerOriginOf, signedMember, signingMemberDevice } from '../support/peer-docs';
import { median, record } from './report';
import { benchRestorePoints } from './restore-points';

async function rowBytes(db: ShopfloorDb): Promise<{ updates: number; activity: number; snapshots: number }> {
  let updates = 0;
  let activity = 0;
  let snapshots = 0;
  for (const r of await db.updates.toArray()) updates += r.data.length;
  for (const r of await db.activity.toArray()) activity += r.data.length;
  for (const r of await db.snapshots.toArray()) snapshots += r.meta.length;
  for (const r of await db.snapshotStates.toArray()) snapshots += r.data.length;
  return { updates, activity, snapshots };
}

async function openStore(withActivity: boolean) {
  const db = new ShopfloorDb(`bench-activity-${withActivity}-${Math.random()}`);
  const vault: UnlockedVault = await createVault(db, 'bench passphrase for activity', { iterations: 1000 });
  const meta = await createSpace(vault, { kind: 'campaign', name: 'Bench' });
  const store = await SpaceStore.open(db, vault.cipher, meta.id, {
    ...(withActivity ? { activity: campaignActivity(() => 'dev-self-bench-0001') } : {}),
  });
  return { db, store };
}

/**
 * Applies `update` as if the peer `from` had sent it in signed entries (a proven sender: activity
 * attributes only those), then waits until it is durable.
 */
async function receive(store: SpaceStore, update: Uint8Array, from: string): Promise<number> {
  const origin = peerOriginOf(from, true);
  const t0 = performance.now();
  Y.applyUpdate(store.doc, update, origin);
  await store.flush();
  return performance.now() - t0;
}

export async function benchActivity(people = 8000, conversations = 30_000): Promise<void> {
  const label = `${people.toLocaleString('en')} people, ${conversations.toLocaleString('en')} conversations`;
  // An organizer's device built the campaign (and claims its Yjs client id as a member); a second
  // member's device delivers it to this phone as the first sync.
  const organizer = await signingMemberDevice('Organizer');
  const relay = await signingMemberDevice('Relay');
  const infiltrator = await signingMemberDevice('Infiltrator');
  // Client-id claims are signed for the campaign; the three devices stand in for the verified log.
  const context = 'bench-campaign';
  const claims = claimsOf(context, [organizer, relay, infiltrator]);
  const source = new Y.Doc();
  generateCampaign(source, { seed: 42, people, units: 40, shifts: 3, conversations });
  await registerMember(source, signedMember(organizer, context));
  const first = Y.encodeStateAsUpdate(source);

  const plain = await openStore(false);
  const logged = await openStore(true);
  const plainMs = await receive(plain.store, first, relay.deviceId);
  const loggedMs = await receive(logged.store, first, relay.deviceId);
  const plainBytes = await rowBytes(plain.db);
  const loggedBytes = await rowBytes(logged.db);
  const total = (b: { updates: number; activity: number; snapshots: number }) =>
    b.updates + b.activity + b.snapshots;
  record({
    figure: `activity log: store a first sync from a peer (${label})`,
    value: loggedMs,
    unit: 'ms',
    baseline: plainMs,
  });
  record({
    figure: `activity log: bytes stored after that first sync (${label})`,
    value: total(loggedBytes),
    unit: 'B',
    baseline: total(plainBytes),
    note: 'the log keeps each change a second time for 90 days',
  });

  // The infiltrator's device (a member claiming its own client id) deletes 50 people outright in
  // one change: this phone writes a snapshot before storing it.
  const bad = new Y.Doc();
  Y.applyUpdate(bad, first);
  await registerMember(bad, signedMember(infiltrator, context));
  const joined = Y.encodeStateAsUpdate(bad, Y.encodeStateVector(source));
  await receive(plain.store, joined, infiltrator.deviceId);
  await receive(logged.store, joined, infiltrator.deviceId);
  const since = Date.now();
  const before = Y.encodeStateVector(bad);
  const ids = [...bad.getMap('people').keys()].slice(0, 50);
  bad.transact(() => {
    for (const id of ids) bad.getMap('people').delete(id);
  });
  const deletion = Y.encodeStateAsUpdate(bad, before);
  const edits: Uint8Array[] = [];
  const keys = [...bad.getMap('people').keys()];
  for (let i = 0; i < 9; i++) {
    const sv = Y.encodeStateVector(bad);
    (bad.getMap('people').get(keys[100 + i * 37] as string) as Y.Map<unknown>).set('jobTitle', `Picker ${i}`);
    edits.push(Y.encodeStateAsUpdate(bad, sv));
  }

  const plainDeletion = await receive(plain.store, deletion, infiltrator.deviceId);
  const loggedDeletion = await receive(logged.store, deletion, infiltrator.deviceId);
  const afterDeletion = await rowBytes(logged.db);
  if (afterDeletion.snapshots === 0) throw new Error('no snapshot was taken before the mass deletion');
  record({
    figure: `activity log: store a peer's change deleting 50 people, snapshot first (${label})`,
    value: loggedDeletion,
    unit: 'ms',
    baseline: plainDeletion,
  });
  record({
    figure: `activity log: size of that pre-deletion snapshot (${label})`,
    value: afterDeletion.snapshots,
    unit: 'B',
    baseline: plainBytes.updates,
  });
  const plainEdits: number[] = [];
  const loggedEdits: number[] = [];
  for (const edit of edits) {
    plainEdits.push(await receive(plain.store, edit, infiltrator.deviceId));
    loggedEdits.push(await receive(logged.store, edit, infiltrator.deviceId));
  }
  const editMs = median(loggedEdits);
  record({
    figure: `activity log: store a peer's one-field edit, median of ${edits.length} (${label})`,
    value: editMs,
    unit: 'ms',
    baseline: median(plainEdits),
    target: '< 50 ms',
    ok: editMs < 50,
  });

  // Undo that member since before the deletion: read the log, rebuild without them, plan.
  const t0 = performance.now();
  const { log, owners } = await loadChangeLog(logged.store, claims);
  const undo = prepareMemberUndo(logged.store.doc, log, infiltrator.deviceId, since, owners, {
    by: 'dev-self',
  });
  const planMs = performance.now() - t0;
  const t1 = performance.now();
  const applied = undo.apply();
  await logged.store.flush();
  const applyMs = performance.now() - t1;
  undo.dispose();
  if (!applied.ok) throw new Error(`undo failed: ${applied.error.code}`);
  const back = listPeople(logged.store.doc).people.length;
  if (back !== people) throw new Error(`member undo left ${back} of ${people} people`);
  record({
    figure: `member undo: read the log, rebuild without the member, plan (${label})`,
    value: planMs,
    unit: 'ms',
    baseline: loggedMs,
    target: '< 5000 ms',
    ok: planMs < 5000,
  });
  record({
    figure: `member undo: apply and make durable (${label}; ${back.toLocaleString('en')} people after)`,
    value: applyMs,
    unit: 'ms',
  });
  await plain.store.close();
  await logged.store.close();
  plain.db.close();
  logged.db.close();
  await benchRestorePoints(people, conversations);
}
