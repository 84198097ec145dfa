/**
 * The app's gate of membership first (src/app/membership-gate.ts, docs/sync.md "Membership before
 * content"): real sessions over fake-indexeddb, their campaign docs carried by hand (what the
 * membership phase merges). A room is open until the verified log says it was left; then the
 * returning device follows the key change, a removed device is told, and the room stays retired.
 */
import { describe, expect, it } from 'vitest';
import { rekeyCampaign } from '../../../src/app/membership';
import type { RotationNotice } from '../../../src/app/membership-follow';
import { roomGate } from '../../../src/app/membership-gate';
import { ensureMembership } from '../../../src/app/membership-store';
import { claimOwnClients, readOwnClients } from '../../../src/app/own-clients';
import { type Session, settingsOf } from '../../../src/app/session';
import { writeLogEntries } from '../../../src/sync/members/campaign-log';
import { carry, inviteLink, joinSession, memberSession } from '../../support/sessions';
import { testDatabases } from '../../support/test-dbs';
import { waitFor } from '../../support/wait';

const newDb = testDatabases('membership-gate');

async function device(name: string, admin?: Session): Promise<Session> {
  if (!admin) return memberSession(newDb(), name, { membership: true });
  const s = await joinSession(newDb(), admin, name, { link: await inviteLink(admin), register: true });
  carry(s, admin);
  return s;
}

/** `arrived`: when the app's move to the new room completes (at once when not given). */
function gateOf(s: Session, arrived?: Promise<void>) {
  const moves: string[] = [];
  const notices: RotationNotice[] = [];
  const gate = roomGate(
    s,
    (id) => {
      moves.push(id);
      return arrived;
    },
    (n) => notices.push(n),
  );
  return { gate, moves, notices };
}

describe('the gate of membership first', () => {
  it('opens a room nobody left; retires it once the log says so, following the key change first', async () => {
    const ana = await device('Ana');
    const bea = await device('Bea', ana);
    const mal = await device('Mal', ana);
    for (const s of [bea, mal]) carry(ana, s);
    const b = gateOf(bea);
    expect(await b.gate.settle()).toBe('open');
    await claimOwnClients(bea, 'Bea'); // Bea's sessions so far, kept in her personal space
    const sessions = readOwnClients(settingsOf(bea), bea.campaignMeta.id);
    expect(sessions).toEqual([bea.campaign.doc.clientID]);

    // Bea is away; Ana removes Mal. Bea's next membership phase brings Ana's records.
    const malId = (await ensureMembership(mal)).personId as string;
    const r = await rekeyCampaign(ana, malId);
    if (!r.ok) throw new Error(r.error);
    carry(ana, bea);
    carry(ana, mal);
    let arrive = () => {};
    const back = gateOf(bea, new Promise<void>((resolve) => (arrive = resolve)));
    expect(await back.gate.settle()).toBe('retired'); // the gate does not wait on the move itself
    expect(back.moves).toEqual([r.rekeyed.newSpaceId]);
    // Her sessions go with her: their items keep their client ids in the forked room.
    expect(readOwnClients(settingsOf(bea), r.rekeyed.newSpaceId)).toEqual(sessions);
    // Who removed whom is said once the device is in the new room, never beside the old room's peers.
    expect(back.notices).toEqual([]);
    arrive();
    await waitFor(() => back.notices.length > 0, 10_000, 'no notice after the move');
    expect(back.notices).toEqual([{ kind: 'moved', by: 'Ana', removed: ['Mal'] }]);
    expect(await back.gate.settle()).toBe('retired'); // and stays so; the move happened once
    expect(back.moves).toHaveLength(1);

    // The removed device's own gate retires the room too, and says who removed it.
    const m = gateOf(mal);
    expect(await m.gate.settle()).toBe('retired');
    expect(m.notices).toEqual([{ kind: 'removed', by: 'Ana' }]);
    expect(m.moves).toEqual([]);
  }, 60_000);

  it('retires the room when the log names a newer key whose record has not arrived (content waits)', async () => {
    const ana = await device('Ana');
    const bea = await device('Bea', ana);
    const mal = await device('Mal', ana);
    carry(ana, bea);
    const r = await rekeyCampaign(ana, (await ensureMembership(mal)).personId as string);
    if (!r.ok) throw new Error(r.error);
    // Only the signed ops reach Bea (no rotation record): she cannot move yet, and sends nothing here.
    writeLogEntries(bea.campaign.doc, (await ensureMembership(ana)).log?.all() ?? []);
    const b = gateOf(bea);
    expect(await b.gate.settle()).toBe('retired');
    expect(b.moves).toEqual([]);
  }, 60_000);

  it('a retired room stays retired (a rotated-away room parked for relaying)', async () => {
    const ana = await device('Ana');
    const a = gateOf(ana);
    expect(await a.gate.settle()).toBe('open');
    a.gate.retire();
    expect(await a.gate.settle()).toBe('retired');
  }, 60_000);
});
