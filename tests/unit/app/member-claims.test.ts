/**
 * Client-id claims in the app (src/app/member-activity.ts, docs/threat-model.md "A planted
 * member's changes can be seen"): a member record's `clients` credit a relayed change to a device
 * only when that device signed the list, checked against the key the verified membership log holds
 * for it. Real sessions over fake-indexeddb with a signed log, docs carried by hand; a member who
 * rewrites another's record with a client id of its own and writes under it frames nobody, and the
 * device whose record it was claims all its sessions again at its next sync start (`claimOwnClients`,
 * from the list its personal space keeps; sessions locked and unlocked again on the same database).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  loadMemberActivity,
  prepareMemberUndoSince,
  withSessionClaims,
} from '../../../src/app/member-activity';
import { claimOwnClients, readOwnClients } from '../../../src/app/own-clients';
import { closeSession, type Session, settingsOf, unlockDevice } from '../../../src/app/session';
import { createPerson, deletePerson, listPeople } from '../../../src/domain';
import type { ShopfloorDb } from '../../../src/storage/db';
import {
  clientOwners,
  listMembers,
  MEMBERS_COLLECTION,
  parseMemberRecord,
  verifiedClaims,
} from '../../../src/sync/members/devices';
import { value } from '../../support/domain';
import { peerOriginOf } from '../../support/peer-docs';
import { carry, inviteLink, joinSession, memberSession } from '../../support/sessions';
import { testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('member-claims');

async function committee() {
  const dbs = { ana: newDb(), bea: newDb() };
  const ana = await memberSession(dbs.ana, 'Ana', { membership: true });
  const bea = await joinSession(dbs.bea, ana, 'Bea', { link: await inviteLink(ana), register: true });
  carry(bea, ana);
  const mal = await joinSession(newDb(), ana, 'Mal', { link: await inviteLink(ana), register: true });
  carry(mal, ana);
  for (const s of [bea, mal]) carry(ana, s);
  return { ana, bea, mal, dbs };
}

/** Everything `from` has that `to` lacks, applied as sync applies a proven sender's change. */
function deliverProven(from: Session, to: Session): void {
  const update = Y.encodeStateAsUpdate(from.campaign.doc, Y.encodeStateVector(to.campaign.doc));
  Y.applyUpdate(to.campaign.doc, update, peerOriginOf(from.deviceId, true));
}

/**
 * `mal` adds a fresh client id to `victim`'s member record (keeping its signature) and writes
 * `vandalize` under that id, all in `mal`'s campaign doc.
 */
function plantClient(mal: Session, victim: string, vandalize: (doc: Y.Doc) => void): number {
  const members = mal.campaign.doc.getMap(MEMBERS_COLLECTION);
  const record = parseMemberRecord(victim, members.get(victim));
  const vandal = new Y.Doc();
  Y.applyUpdate(vandal, Y.encodeStateAsUpdate(mal.campaign.doc));
  mal.campaign.doc.transact(() =>
    members.set(victim, { ...record, clients: [...(record?.clients ?? []), vandal.clientID] }),
  );
  Y.applyUpdate(vandal, Y.encodeStateAsUpdate(mal.campaign.doc));
  vandalize(vandal);
  Y.applyUpdate(mal.campaign.doc, Y.encodeStateAsUpdate(vandal));
  return vandal.clientID;
}

/** `s`'s device locked and unlocked again on `db`: its next session, with a new client id. */
async function nextSession(db: ShopfloorDb, s: Session, name: string): Promise<Session> {
  await closeSession(s);
  return unlockDevice(db, `${name} passphrase`);
}

/** The client ids `s`'s own member record lists, as `s`'s doc holds it. */
function recordClients(s: Session): number[] | undefined {
  const members = s.campaign.doc.getMap(MEMBERS_COLLECTION);
  return parseMemberRecord(s.deviceId, members.get(s.deviceId))?.clients;
}

async function activityNames(reader: Session, deviceId: string): Promise<string[]> {
  const { groups } = await loadMemberActivity(reader, deviceId, 0);
  return groups.flatMap((g) => g.lines.map((l) => `${l.kind} ${l.name}`)).sort();
}

describe('client-id claims checked against the verified membership log', () => {
  it('credits a member’s relayed change through its signed claim, and a forged claim frames nobody', async () => {
    const { ana, bea, mal } = await committee();
    await ana.campaign.flush(); // the committee carried in by hand is one local change of Ana's
    const lee = value(createPerson(ana.campaign.doc, { name: 'Lee Local' }, { by: ana.deviceId }));
    for (const s of [bea, mal]) carry(ana, s);
    // Bea adds someone; it reaches Ana only relayed by Mal.
    value(createPerson(bea.campaign.doc, { name: 'Kim Relayed' }, { by: bea.deviceId }));
    carry(bea, mal);
    deliverProven(mal, ana);
    await ana.campaign.flush();
    expect(await activityNames(ana, bea.deviceId)).toEqual(['created Kim Relayed']);

    // Mal adds a fresh client id to Bea's record and vandalizes under it.
    plantClient(mal, bea.deviceId, (vandal) => {
      value(deletePerson(vandal, lee, { by: bea.deviceId }));
      value(createPerson(vandal, { name: 'Framed Entry' }, { by: bea.deviceId }));
    });
    deliverProven(mal, ana);
    await ana.campaign.flush();

    // Nothing of it is Bea's. The list Mal rewrote no longer verifies, so it claims nothing at all:
    // Bea's relayed change now counts for Mal, who delivered it (un-credited, never framed).
    expect(await activityNames(ana, bea.deviceId)).toEqual([]);
    expect(await activityNames(ana, mal.deviceId)).toEqual([
      'created Framed Entry',
      'created Kim Relayed',
      'deleted Lee Local',
    ]);
    // Undoing Bea changes nothing; undoing Mal undoes the vandalism.
    const undoBea = await prepareMemberUndoSince(ana, bea.deviceId, 0);
    expect(undoBea.plan.steps).toEqual([]);
    undoBea.dispose();
    const undoMal = await prepareMemberUndoSince(ana, mal.deviceId, 0);
    value(undoMal.apply());
    undoMal.dispose();
    const names = listPeople(ana.campaign.doc).people.map((p) => p.name);
    expect(names).toContain('Lee Local');
    expect(names).not.toContain('Framed Entry');
  });
});

describe('a device repairs its own claim from the list only it keeps', () => {
  it('re-claims every earlier session at the next sync start after another member tampered with its record', async () => {
    const { ana, mal, dbs, ...rest } = await committee();
    let bea = rest.bea;
    await claimOwnClients(bea, 'Bea'); // the sync start of Bea's first session
    value(createPerson(bea.campaign.doc, { name: 'Kim First' }, { by: bea.deviceId }));
    bea = await nextSession(dbs.bea, bea, 'Bea');
    await claimOwnClients(bea, 'Bea');
    value(createPerson(bea.campaign.doc, { name: 'Ray Second' }, { by: bea.deviceId }));
    const earlier = recordClients(bea);
    expect(earlier).toHaveLength(2);
    // Both of Bea's sessions reach Ana only relayed by Mal.
    carry(bea, mal);
    deliverProven(mal, ana);
    await ana.campaign.flush();
    expect(await activityNames(ana, bea.deviceId)).toEqual(['created Kim First', 'created Ray Second']);

    // Mal plants a client id in Bea's record: the list stops verifying, and Bea's sessions count for Mal.
    const planted = plantClient(mal, bea.deviceId, (vandal) => {
      value(createPerson(vandal, { name: 'Framed Entry' }, { by: bea.deviceId }));
    });
    deliverProven(mal, ana);
    carry(mal, bea); // Bea's device receives the tampered record too
    await ana.campaign.flush();
    expect(await activityNames(ana, bea.deviceId)).toEqual([]);

    // Bea's next sync start signs her whole list again, from her personal space.
    bea = await nextSession(dbs.bea, bea, 'Bea');
    await claimOwnClients(bea, 'Bea');
    expect(recordClients(bea)).toEqual([...(earlier ?? []), bea.campaign.doc.clientID]);
    expect(recordClients(bea)).not.toContain(planted);
    deliverProven(bea, ana);
    await ana.campaign.flush();
    expect(await activityNames(ana, bea.deviceId)).toEqual(['created Kim First', 'created Ray Second']);
    expect(await activityNames(ana, mal.deviceId)).toEqual(['created Framed Entry']);
    // Undoing Bea undoes her own sessions' changes again, and nothing of Mal's.
    const undoBea = await prepareMemberUndoSince(ana, bea.deviceId, 0);
    value(undoBea.apply());
    undoBea.dispose();
    const names = listPeople(ana.campaign.doc).people.map((p) => p.name);
    expect(names).not.toContain('Kim First');
    expect(names).not.toContain('Ray Second');
    expect(names).toContain('Framed Entry');
  });

  it('a device without its own list seeds it from its record, only when that list still verifies', async () => {
    const { ana, bea, mal, dbs } = await committee();
    // Both records were written as before this list existed: signed, nothing kept locally.
    expect(readOwnClients(settingsOf(bea), bea.campaignMeta.id)).toBeNull();
    const first = bea.campaign.doc.clientID;
    let next = await nextSession(dbs.bea, bea, 'Bea');
    await claimOwnClients(next, 'Bea');
    const second = next.campaign.doc.clientID;
    expect(readOwnClients(settingsOf(next), next.campaignMeta.id)).toEqual([first, second]);
    // From then on the list survives a tampered record.
    carry(next, mal);
    plantClient(mal, next.deviceId, () => {});
    carry(mal, next);
    next = await nextSession(dbs.bea, next, 'Bea');
    await claimOwnClients(next, 'Bea');
    expect(recordClients(next)).toEqual([first, second, next.campaign.doc.clientID]);
    // Ana's record was tampered with before she kept a list: none of it is taken, the planted id
    // included (her first session stays unclaimed).
    carry(mal, ana);
    const planted = plantClient(mal, ana.deviceId, () => {});
    carry(mal, ana);
    const anaNext = await nextSession(dbs.ana, ana, 'Ana');
    await claimOwnClients(anaNext, 'Ana');
    expect(readOwnClients(settingsOf(anaNext), anaNext.campaignMeta.id)).toEqual([
      anaNext.campaign.doc.clientID,
    ]);
    expect(recordClients(anaNext)).not.toContain(planted);
    // What both signed verifies under the keys Ana's membership log holds.
    carry(next, anaNext);
    const owners = await withSessionClaims(anaNext, async (claims) =>
      clientOwners(
        await verifiedClaims(await listMembers(anaNext.campaign.doc), claims.context, claims.keyOf),
      ),
    );
    for (const c of [first, second, next.campaign.doc.clientID]) expect(owners.get(c)).toBe(next.deviceId);
    expect(owners.get(anaNext.campaign.doc.clientID)).toBe(anaNext.deviceId);
  });
});
