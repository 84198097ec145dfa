/**
 * Client-id claims in the app (src/app/member-activity.ts, docs/threat-model.md "A planted
 * member's changes can be seen"): a member record's `clients` credit a relayed change to a device
 * only when that device signed the list, checked against the key the verified membership log holds
 * for it. Real sessions over fake-indexeddb with a signed log, docs carried by hand; a member who
 * rewrites another's record with a client id of its own and writes under it frames nobody.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadMemberActivity, prepareMemberUndoSince } from '../../../src/app/member-activity';
import type { Session } from '../../../src/app/session';
import { createPerson, deletePerson, listPeople } from '../../../src/domain';
import { MEMBERS_COLLECTION, parseMemberRecord } from '../../../src/sync/members/devices';
import { value } from '../../support/domain';
import { peerOriginOf } from '../../support/peer-docs';
import { carry, inviteLink, joinSession, memberSession } from '../../support/sessions';
import { testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('member-claims');

async function committee() {
  const ana = await memberSession(newDb(), 'Ana', { membership: true });
  const bea = await joinSession(newDb(), ana, 'Bea', { link: await inviteLink(ana), register: true });
  carry(bea, ana);
  const mal = await joinSession(newDb(), ana, 'Mal', { link: await inviteLink(ana), register: true });
  carry(mal, ana);
  for (const s of [bea, mal]) carry(ana, s);
  return { ana, bea, mal };
}

/** Everything `from` has that `to` lacks, applied as sync applies a proven sender's change. */
function deliverProven(from: Session, to: Session): void {
  const update = Y.encodeStateAsUpdate(from.campaign.doc, Y.encodeStateVector(to.campaign.doc));
  Y.applyUpdate(to.campaign.doc, update, peerOriginOf(from.deviceId, true));
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
    const members = mal.campaign.doc.getMap(MEMBERS_COLLECTION);
    const beaRecord = parseMemberRecord(bea.deviceId, members.get(bea.deviceId));
    const vandal = new Y.Doc();
    Y.applyUpdate(vandal, Y.encodeStateAsUpdate(mal.campaign.doc));
    mal.campaign.doc.transact(() =>
      members.set(bea.deviceId, { ...beaRecord, clients: [...(beaRecord?.clients ?? []), vandal.clientID] }),
    );
    Y.applyUpdate(vandal, Y.encodeStateAsUpdate(mal.campaign.doc));
    value(deletePerson(vandal, lee, { by: bea.deviceId }));
    value(createPerson(vandal, { name: 'Framed Entry' }, { by: bea.deviceId }));
    Y.applyUpdate(mal.campaign.doc, Y.encodeStateAsUpdate(vandal));
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
