/**
 * A hostile member: attribution that survives reload and compaction, the per-member activity
 * summary, undo of one member's changes that keeps everyone else's, and local snapshots restored
 * after a mass deletion. Three docs exchange updates under peer origins, as sync applies them.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ClaimCheck, campaignActivity, loadChangeLog } from '../../../src/app/activity';
import {
  createPerson,
  deletePerson,
  getPerson,
  initCampaign,
  listPeople,
  memberActivity,
  prepareMemberUndo,
  prepareSnapshotRestore,
  rateAssessment,
  updatePerson,
} from '../../../src/domain';
import {
  type ActivityOptions,
  createSpace,
  createVault,
  type SpaceStore,
  SpaceStore as Store,
  type UnlockedVault,
} from '../../../src/storage';
import { MEMBERS_COLLECTION, parseMemberRecord, registerMember } from '../../../src/sync/members/devices';
import { createPeerOrigin, isPeerOrigin } from '../../../src/sync/wire/origin';
import { value } from '../../support/domain';
import { claimsOf, deliver as deliverAs, signedMember, signingMemberDevice } from '../../support/peer-docs';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('undo');
const DAY = 86_400_000;

/** Delivers as sync does from a proven sender (a signed entry or a peer link's device proof). */
const deliver = (from: Y.Doc, to: Y.Doc, fromDevice: string) =>
  deliverAs(from, to, fromDevice, { verified: true });

interface World {
  vault: UnlockedVault;
  spaceId: string;
  store: SpaceStore;
  a: Awaited<ReturnType<typeof signingMemberDevice>>;
  x: Awaited<ReturnType<typeof signingMemberDevice>>;
  y: Awaited<ReturnType<typeof signingMemberDevice>>;
  xDoc: Y.Doc;
  yDoc: Y.Doc;
  clock: { now: number };
  ids: Record<string, string>;
  since: number;
  options: ActivityOptions;
  /** Client-id claims checked as the app does, the three devices standing in for the verified log. */
  claims: ClaimCheck;
}

const T0 = Date.parse('2025-05-01T09:00:00.000Z');

/**
 * A (the phone under test, persisted), X (the infiltrator) and Y (a good member). Before `since`
 * everyone shares six people; after it X deletes three, re-rates one, adds one and edits a note,
 * while Y renames one, writes a note on a person X re-rated, and re-rates a person X edited.
 * One of X's changes reaches A relayed by Y. Each device signs its client-id claim.
 */
async function world(opts: { compactAfter?: number } = {}): Promise<World> {
  const db = newDb();
  const vault = await createVault(db, 'undo test passphrase', FAST);
  const meta = await createSpace(vault, { kind: 'campaign', name: 'Dock 4' });
  const [a, x, y] = await Promise.all([
    signingMemberDevice('Phone A'),
    signingMemberDevice('Phone X'),
    signingMemberDevice('Phone Y'),
  ]);
  const claims = claimsOf(meta.id, [a, x, y]);
  const clock = { now: T0 };
  const base = campaignActivity(() => a.deviceId);
  const options: ActivityOptions = { ...base, now: () => clock.now };
  const store = await Store.open(db, vault.cipher, meta.id, { activity: options, ...opts });
  const doc = store.doc;
  initCampaign(doc, { name: 'Dock 4', by: a.deviceId });
  await registerMember(doc, signedMember(a, meta.id));
  const ctxA = { by: a.deviceId };
  const ids: Record<string, string> = {};
  for (const [key, name, assessment] of [
    ['ana', 'Ana López', 2],
    ['bo', 'Bo Chen', 3],
    ['cy', 'Cyrus Noor', 1],
    ['dee', 'Dee Okafor', 2],
    ['eli', 'Eli Park', 3],
    ['fay', 'Fay Ruiz', 4],
  ] as const)
    ids[key] = value(createPerson(doc, { name, assessment }, ctxA));
  await store.flush();

  const xDoc = new Y.Doc();
  const yDoc = new Y.Doc();
  deliver(doc, xDoc, a.deviceId);
  deliver(doc, yDoc, a.deviceId);
  await registerMember(xDoc, signedMember(x, meta.id));
  await registerMember(yDoc, signedMember(y, meta.id));
  clock.now = T0 + DAY;
  deliver(xDoc, doc, x.deviceId);
  deliver(yDoc, doc, y.deviceId);
  deliver(doc, xDoc, a.deviceId);
  deliver(doc, yDoc, a.deviceId);
  await store.flush();

  const since = T0 + 2 * DAY;
  clock.now = since + 1000;
  const ctxX = { by: x.deviceId };
  const ctxY = { by: y.deviceId };
  // X: three deletions (reach A directly, after A edited one of them offline)…
  for (const key of ['ana', 'bo', 'cy']) value(deletePerson(xDoc, ids[key]!, ctxX));
  value(updatePerson(doc, ids.bo!, { jobTitle: 'forklift' }, { by: a.deviceId }));
  deliver(xDoc, doc, x.deviceId);
  clock.now += 1000;
  // …a re-rating, a new person and a note (reach A relayed through Y, as part of Y's catch-up).
  value(rateAssessment(xDoc, ids.dee!, 4, ctxX));
  ids.planted = value(createPerson(xDoc, { name: 'Planted Person' }, ctxX));
  value(updatePerson(xDoc, ids.eli!, { notes: 'says the union is a scam' }, ctxX));
  deliver(xDoc, yDoc, x.deviceId);
  // Y, having seen X's edits: renames Fay, notes on Dee (re-rated by X), re-rates Eli (noted by X).
  value(updatePerson(yDoc, ids.fay!, { name: 'Fay Ruiz-Ortega' }, ctxY));
  value(updatePerson(yDoc, ids.dee!, { notes: 'met at the gate, keen' }, ctxY));
  value(rateAssessment(yDoc, ids.eli!, 1, ctxY));
  deliver(yDoc, doc, y.deviceId);
  clock.now += 1000;
  await store.flush();
  return { vault, spaceId: meta.id, store, a, x, y, xDoc, yDoc, clock, ids, since, options, claims };
}

function person(doc: Y.Doc, id: string) {
  const r = getPerson(doc, id);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

/** What the undo must produce (and nothing of Y's or A's may be lost). */
function expectUndone(doc: Y.Doc, ids: Record<string, string>) {
  for (const key of ['ana', 'bo', 'cy']) expect(person(doc, ids[key]!).deleted).toBe(false);
  expect(person(doc, ids.bo!).jobTitle).toBe('forklift'); // A's edit of a record X deleted
  expect(person(doc, ids.dee!).assessment).toBe(2); // X's re-rating undone…
  expect(person(doc, ids.dee!).notes).toBe('met at the gate, keen'); // …Y's note on it kept
  expect(person(doc, ids.dee!).assessmentHistory.map((h) => h.value)).toEqual([2]);
  expect(person(doc, ids.eli!).notes).toBeUndefined(); // X's note undone…
  expect(person(doc, ids.eli!).assessment).toBe(1); // …Y's later re-rating kept
  expect(person(doc, ids.fay!).name).toBe('Fay Ruiz-Ortega'); // Y's rename kept
  expect(person(doc, ids.planted!).deleted).toBe(true); // X's planted record soft-deleted
  expect(listPeople(doc).people.map((p) => p.name)).toEqual([
    'Ana López',
    'Bo Chen',
    'Cyrus Noor',
    'Dee Okafor',
    'Eli Park',
    'Fay Ruiz-Ortega',
  ]);
}

describe('undo of one member’s changes', () => {
  it('restores the prior state while keeping the others’ edits, and every peer converges', async () => {
    const w = await world();
    const { log, owners } = await loadChangeLog(w.store, w.claims);
    const undo = prepareMemberUndo(w.store.doc, log, w.x.deviceId, w.since, owners, { by: w.a.deviceId });
    expect(undo.plan.counts).toEqual({ restored: 3, removed: 1, reverted: 2 });
    const applied = undo.apply();
    undo.dispose();
    expect(applied.ok).toBe(true);
    await w.store.flush();
    expectUndone(w.store.doc, w.ids);

    // The undo is an ordinary change: it reaches X and Y and they converge on the same state.
    deliver(w.store.doc, w.yDoc, w.a.deviceId);
    deliver(w.yDoc, w.xDoc, w.y.deviceId);
    expectUndone(w.yDoc, w.ids);
    expectUndone(w.xDoc, w.ids);
    expect(Y.encodeStateVector(w.xDoc)).toEqual(Y.encodeStateVector(w.store.doc));
  });

  it('undoes nothing of a member who changed nothing since the moment chosen', async () => {
    const w = await world();
    const { log, owners } = await loadChangeLog(w.store, w.claims);
    const undo = prepareMemberUndo(w.store.doc, log, w.x.deviceId, w.clock.now + 1, owners, {
      by: w.a.deviceId,
    });
    expect(undo.plan.steps).toEqual([]);
    const before = Y.encodeStateVector(w.store.doc);
    undo.apply();
    expect(Y.encodeStateVector(w.store.doc)).toEqual(before);
  });

  it('works the same after a reload from the encrypted store, and after compaction', async () => {
    for (const compactAfter of [500, 2]) {
      const w = await world({ compactAfter });
      await w.store.close();
      w.store.doc.destroy();
      const reopened = await Store.open(w.vault.db, w.vault.cipher, w.spaceId, { activity: w.options });
      if (compactAfter === 2) {
        const rows = await w.vault.db.updates
          .where('[spaceId+seq]')
          .between([w.spaceId, 0], [w.spaceId, 1e9])
          .count();
        expect(rows).toBeLessThanOrEqual(2); // the update log was compacted…
      }
      const { log, owners } = await loadChangeLog(reopened, w.claims); // …the attributed log was not
      const content = await reopened.readActivity();
      expect(content.unreadable).toEqual([]);
      expect(content.entries.some((e) => e.author.kind === 'peer' && e.author.name === 'Phone X')).toBe(true);
      const undo = prepareMemberUndo(reopened.doc, log, w.x.deviceId, w.since, owners, { by: w.a.deviceId });
      expect(undo.apply().ok).toBe(true);
      await reopened.flush();
      expectUndone(reopened.doc, w.ids);
      await reopened.close();
      const again = await Store.open(w.vault.db, w.vault.cipher, w.spaceId, { activity: w.options });
      expectUndone(again.doc, w.ids);
      await again.close();
    }
  });

  it('can itself be undone: undoing this device’s undo brings X’s changes back', async () => {
    const w = await world();
    let { log, owners } = await loadChangeLog(w.store, w.claims);
    const undo = prepareMemberUndo(w.store.doc, log, w.x.deviceId, w.since, owners, { by: w.a.deviceId });
    undo.apply();
    await w.store.flush();
    const undoneAt = w.clock.now;
    w.clock.now += 1000;
    ({ log, owners } = await loadChangeLog(w.store, w.claims));
    const redo = prepareMemberUndo(w.store.doc, log, w.a.deviceId, undoneAt, owners, { by: w.a.deviceId });
    redo.apply();
    expect(person(w.store.doc, w.ids.ana!).deleted).toBe(true);
    expect(person(w.store.doc, w.ids.dee!).assessment).toBe(4);
    expect(person(w.store.doc, w.ids.bo!).jobTitle).toBe('forklift');
  });
});

describe('activity of one member', () => {
  it('summarizes X’s changes newest first, including the ones relayed by Y', async () => {
    const w = await world();
    const { log, owners } = await loadChangeLog(w.store, w.claims);
    const groups = memberActivity(log, w.x.deviceId, w.since, owners);
    const lines = groups.flatMap((g) => g.lines.map((l) => ({ ...l, at: g.at })));
    const deleted = lines.filter((l) => l.kind === 'deleted').map((l) => l.name);
    expect(deleted.sort()).toEqual(['Ana López', 'Bo Chen', 'Cyrus Noor']);
    expect(lines.find((l) => l.kind === 'created')?.name).toBe('Planted Person');
    const dee = lines.find((l) => l.kind === 'edited' && l.name === 'Dee Okafor');
    expect(dee?.fields.find((f) => f.field === 'assessment')).toEqual({
      field: 'assessment',
      from: 2,
      to: 4,
    });
    expect(groups[0]!.at).toBeGreaterThan(groups.at(-1)!.at);
    // Nothing of Y's is listed as X's.
    expect(lines.some((l) => l.name === 'Fay Ruiz-Ortega' || l.name === 'Fay Ruiz')).toBe(false);
    const yLines = memberActivity(log, w.y.deviceId, w.since, owners).flatMap((g) => g.lines);
    expect(yLines.map((l) => l.name).sort()).toEqual(['Dee Okafor', 'Eli Park', 'Fay Ruiz-Ortega']);
  });
});

describe('client-id claims are signed by the device they name', () => {
  /**
   * X rewrites Y's member record with a fresh client id F added (keeping Y's signature, or without
   * one), deletes two people and plants one under F, and delivers it all to A.
   */
  async function framed(w: World, signature: 'kept' | 'dropped') {
    const members = w.xDoc.getMap(MEMBERS_COLLECTION);
    const yRecord = parseMemberRecord(w.y.deviceId, members.get(w.y.deviceId))!;
    const vandal = new Y.Doc();
    Y.applyUpdate(vandal, Y.encodeStateAsUpdate(w.xDoc));
    const forged = { ...yRecord, clients: [...(yRecord.clients ?? []), vandal.clientID] };
    if (signature === 'dropped') delete forged.clientsSig;
    w.xDoc.transact(() => members.set(w.y.deviceId, forged));
    Y.applyUpdate(vandal, Y.encodeStateAsUpdate(w.xDoc));
    for (const key of ['dee', 'eli']) value(deletePerson(vandal, w.ids[key]!, { by: w.y.deviceId }));
    const framedId = value(createPerson(vandal, { name: 'Framed Entry' }, { by: w.y.deviceId }));
    Y.applyUpdate(w.xDoc, Y.encodeStateAsUpdate(vandal));
    w.clock.now += 1000;
    deliver(w.xDoc, w.store.doc, w.x.deviceId);
    await w.store.flush();
    return framedId;
  }

  for (const signature of ['kept', 'dropped'] as const) {
    it(`another member adding a client id to Y’s record (signature ${signature}) cannot frame Y`, async () => {
      const w = await world();
      await framed(w, signature);
      const { log, owners } = await loadChangeLog(w.store, w.claims);
      const names = (device: string) =>
        memberActivity(log, device, w.since, owners).flatMap((g) =>
          g.lines.map((l) => `${l.kind} ${l.name}`),
        );
      // Y is credited only with what Y wrote…
      expect(names(w.y.deviceId).sort()).toEqual([
        'edited Dee Okafor',
        'edited Eli Park',
        'edited Fay Ruiz-Ortega',
      ]);
      // …and the vandalism counts for X, who delivered it.
      expect(names(w.x.deviceId)).toContain('created Framed Entry');
      expect(names(w.x.deviceId)).toContain('deleted Dee Okafor');
      // Undoing Y touches nothing of the vandalism.
      const undo = prepareMemberUndo(w.store.doc, log, w.y.deviceId, w.since, owners, { by: w.a.deviceId });
      undo.apply();
      undo.dispose();
      expect(listPeople(w.store.doc).people.map((p) => p.name)).not.toContain('Dee Okafor');
      expect(listPeople(w.store.doc).people.map((p) => p.name)).toContain('Framed Entry');
    });
  }

  it('Y re-registering after the rewrite does not sign over the planted id', async () => {
    const w = await world();
    await framed(w, 'kept');
    deliver(w.store.doc, w.yDoc, w.a.deviceId);
    const planted = parseMemberRecord(w.y.deviceId, w.yDoc.getMap(MEMBERS_COLLECTION).get(w.y.deviceId))!;
    const next = new Y.Doc();
    Y.applyUpdate(next, Y.encodeStateAsUpdate(w.yDoc)); // Y's next session
    const rec = await registerMember(next, signedMember(w.y, w.spaceId));
    // The list X tampered with no longer verifies: none of it is signed over, the id X planted
    // included. Without a list of its own (the app keeps one, src/app/own-clients.ts, and passes it
    // as `own`) Y's earlier session is un-credited too: its relayed changes count for the deliverer.
    expect(planted.clients).toHaveLength(2);
    expect(rec?.clients).toEqual([next.clientID]);
    deliver(next, w.store.doc, w.y.deviceId);
    await w.store.flush();
    const { log, owners } = await loadChangeLog(w.store, w.claims);
    const yLines = memberActivity(log, w.y.deviceId, w.since, owners).flatMap((g) => g.lines);
    expect(yLines.map((l) => l.name)).not.toContain('Framed Entry');
    expect(owners.get(next.clientID)).toBe(w.y.deviceId);
  });
});

describe('local snapshots', () => {
  it('takes one before a mass deletion from a peer, and restoring it brings the people back', async () => {
    const w = await world();
    const many: string[] = [];
    for (let i = 0; i < 14; i++)
      many.push(value(createPerson(w.store.doc, { name: `Worker ${i}` }, { by: w.a.deviceId })));
    value(updatePerson(w.store.doc, w.ids.fay!, { notes: 'before the purge' }, { by: w.a.deviceId }));
    await w.store.flush();
    deliver(w.store.doc, w.xDoc, w.a.deviceId);
    w.xDoc.transact(() => {
      for (const id of [...many, w.ids.fay!]) deletePerson(w.xDoc, id, { by: w.x.deviceId });
      updatePerson(w.xDoc, w.ids.eli!, { name: 'Eli Traitor' }, { by: w.x.deviceId });
    });
    w.clock.now += 1000;
    deliver(w.xDoc, w.store.doc, w.x.deviceId);
    // Y keeps working after the purge.
    deliver(w.store.doc, w.yDoc, w.a.deviceId);
    value(updatePerson(w.yDoc, w.ids.dee!, { jobTitle: 'picker' }, { by: w.y.deviceId }));
    value(createPerson(w.yDoc, { name: 'Nadia New-Hire' }, { by: w.y.deviceId }));
    deliver(w.yDoc, w.store.doc, w.y.deviceId);
    await w.store.flush();
    expect(listPeople(w.store.doc).people.length).toBe(4);

    const snaps = await w.store.listSnapshots();
    const pre = snaps.find((s) => s.reason === 'pre-deletion');
    expect(pre?.counts.people).toBe(4 + 14); // Dee, Eli, Fay, the planted one, and the 14 workers
    const snapshotDoc = new Y.Doc();
    Y.applyUpdate(snapshotDoc, await w.store.readSnapshot(pre!.seq));
    const restore = prepareSnapshotRestore(w.store.doc, snapshotDoc, { by: w.a.deviceId });
    expect(restore.plan.counts.restored).toBe(15);
    restore.apply();
    restore.dispose();
    await w.store.flush();
    const names = listPeople(w.store.doc).people.map((p) => p.name);
    expect(names).toHaveLength(19);
    expect(names).toContain('Worker 13');
    expect(names).toContain('Eli Park'); // X's rename set back
    expect(names).toContain('Nadia New-Hire'); // records added since the snapshot are kept
    expect(person(w.store.doc, w.ids.fay!).notes).toBe('before the purge');
    // A snapshot is blunt: every field changed since goes back, good edits too (see the user guide).
    expect(person(w.store.doc, w.ids.dee!).jobTitle).toBeUndefined();
  });

  it('takes a daily snapshot at most once a day and keeps a bounded number', async () => {
    const w = await world();
    for (let day = 0; day < 10; day++) {
      expect((await w.store.maintain(w.clock.now)).snapshot).toBe(true);
      expect((await w.store.maintain(w.clock.now + 1000)).snapshot).toBe(false);
      w.clock.now += DAY;
    }
    const snaps = await w.store.listSnapshots();
    expect(snaps.filter((s) => s.reason === 'daily')).toHaveLength(7);
    expect(snaps[0]!.counts.people).toBe(4);
    expect(snaps[0]!.bytes).toBeGreaterThan(100);
  });

  it('stores nothing readable: activity rows and snapshots are sealed', async () => {
    const w = await world();
    await w.store.takeSnapshot('manual');
    const { activity, snapshots, snapshotStates } = w.vault.db;
    const raw = [
      ...(await activity.toArray()),
      ...(await snapshots.toArray()),
      ...(await snapshotStates.toArray()),
    ]
      .map((r) =>
        JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v)),
      )
      .join('\n');
    for (const secret of ['Ana López', 'Planted Person', 'Phone X', 'scam', 'people'])
      expect(raw.includes(secret), secret).toBe(false);
  });
});

describe('activity log pruning', () => {
  it('folds entries past the window into the base without changing what it rebuilds', async () => {
    const w = await world();
    const { ActivityLog, replayActivity } = await import('../../../src/storage');
    const before = Y.encodeStateVector(replayActivity(await w.store.readActivity()));
    const log = new ActivityLog(w.vault.db, w.vault.cipher, w.spaceId);
    const folded = await log.prune({ now: w.since + 90 * DAY });
    expect(folded).toBeGreaterThan(0);
    const after = await w.store.readActivity();
    expect(after.entries.every((e) => e.at >= w.since)).toBe(true);
    expect(Y.encodeStateVector(replayActivity(after))).toEqual(before);
    expect(isPeerOrigin(createPeerOrigin('p'))).toBe(true);
  });
});
