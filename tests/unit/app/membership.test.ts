/**
 * Signed membership wired into the app (docs/membership.md): real sessions over fake-indexeddb,
 * their campaign docs exchanged by hand (what sync would carry). Each attack issue 17 lists is
 * tried and must change nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  campaignMembership,
  createMemberInvite,
  rekeyCampaign,
  setMemberRole,
} from '../../../src/app/membership';
import { membershipMove } from '../../../src/app/membership-move';
import { ensureMembership, rememberInviteMembership } from '../../../src/app/membership-store';
import { DEFAULT_INVITE } from '../../../src/app/membership-types';
import { type Session, settingsOf } from '../../../src/app/session';
import { fromBase64Url, toBase64Url } from '../../../src/crypto';
import {
  MEMBERSHIP_COLLECTION,
  sealSignedRotation,
  writeLogEntries,
} from '../../../src/sync/members/campaign-log';
import { listMembers, markRemoved } from '../../../src/sync/members/devices';
import { parseInvite } from '../../../src/sync/members/invite';
import {
  addDevice,
  createDeviceIdentity,
  type MembershipLog,
  newKeyId,
  readSignedOp,
  verifyLog,
} from '../../../src/sync/members/log';
import { exportPublicKey, generateDeviceKeyPair } from '../../../src/sync/members/rekey';
import { rotateSpaceKey } from '../../../src/sync/members/rotation';
import { carry, INVITE_BASE, inviteLink, joinSession, memberSession } from '../../support/sessions';
import { testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('membership-app');

const founder = (name: string) => memberSession(newDb(), name);

/** A device joining `admin`'s campaign (with `link`, an invite of admin's), carried both ways. */
async function joiner(admin: Session, name: string, link?: string): Promise<Session> {
  const s = await joinSession(newDb(), admin, name, { ...(link ? { link } : {}), register: true });
  carry(s, admin);
  return s;
}

async function personOf(viewer: Session, name: string): Promise<string> {
  const m = await campaignMembership(viewer);
  const p = m.people.find((x) => x.name === name);
  if (!p) throw new Error(`${name} is not a member`);
  return p.personId;
}

/** A committee: Ana (founder, admin), Bea and Mal (members), everyone holding everything. */
async function committee() {
  const ana = await founder('Ana');
  await ensureMembership(ana);
  const bea = await joiner(ana, 'Bea', await inviteLink(ana));
  const mal = await joiner(ana, 'Mal', await inviteLink(ana));
  for (const s of [bea, mal]) carry(ana, s);
  return { ana, bea, mal };
}

describe('signed membership in the app', () => {
  it('founds the log on the creating device, and invitees join through signed invites', async () => {
    const { ana, bea, mal } = await committee();
    const seen = await campaignMembership(bea);
    expect(seen.state).toBe('ready');
    expect(seen.people.map((p) => [p.name, p.role])).toEqual([
      ['Ana', 'admin'],
      ['Bea', 'member'],
      ['Mal', 'member'],
    ]);
    expect(seen.people.find((p) => p.name === 'Bea')?.invitedBy).toBe('Ana');
    expect(seen.me?.role).toBe('member');
    expect(seen.deviceWords).toHaveLength(6);
    // Everyone sees the same safety words for a device.
    const anaWords = (await campaignMembership(ana)).people[0]?.devices[0]?.words;
    expect(seen.people[0]?.devices[0]?.words).toEqual(anaWords);
    expect((await campaignMembership(mal)).people).toHaveLength(3);
  });

  it('lets only admins invite, change roles and remove', async () => {
    const { ana, bea, mal } = await committee();
    expect(await createMemberInvite(mal, DEFAULT_INVITE, INVITE_BASE)).toEqual({
      ok: false,
      error: 'not-admin',
    });
    expect(await setMemberRole(mal, await personOf(mal, 'Mal'), 'admin')).toEqual({
      ok: false,
      error: 'not-admin',
    });
    expect(await rekeyCampaign(mal, await personOf(mal, 'Ana'))).toEqual({ ok: false, error: 'not-admin' });
    expect(await setMemberRole(ana, await personOf(ana, 'Ana'), 'member')).toEqual({
      ok: false,
      error: 'last-admin',
    });
    expect(await setMemberRole(ana, await personOf(ana, 'Bea'), 'admin')).toEqual({ ok: true });
    carry(ana, bea);
    expect((await campaignMembership(bea)).me?.role).toBe('admin');
  });

  it('removes a person with all their devices: the others follow, the removed devices get no key', async () => {
    const { ana, bea, mal } = await committee();
    // Mal adds a second device to herself (allowed, and shown under her).
    const hidden = await createDeviceIdentity();
    const malLog = (await ensureMembership(mal)).log as MembershipLog;
    const ecdh = fromBase64Url(await exportPublicKey((await generateDeviceKeyPair()).publicKey));
    await addDevice(malLog, mal.signer, hidden.signer, {
      deviceName: 'Mal (old phone)',
      ecdhPublicKey: ecdh,
    });
    writeLogEntries(mal.campaign.doc, malLog.all());
    carry(mal, ana);
    carry(mal, bea);
    expect((await campaignMembership(ana)).people.find((p) => p.name === 'Mal')?.devices).toHaveLength(2);

    const r = await rekeyCampaign(ana, await personOf(ana, 'Mal'));
    if (!r.ok) throw new Error(r.error);
    carry(ana, bea);
    carry(ana, mal);
    const moved = await membershipMove(bea);
    expect(moved).toMatchObject({
      kind: 'moved',
      by: 'Ana',
      removed: ['Mal'],
      newSpaceId: r.rekeyed.newSpaceId,
    });
    expect(moved.kind === 'moved' && toBase64Url(moved.newSpaceKey)).toBe(toBase64Url(r.rekeyed.newSpaceKey));
    expect(await membershipMove(mal)).toEqual({ kind: 'removed', by: 'Ana' });
    expect((await campaignMembership(mal)).state).toBe('removed');
    // The rotation record has an envelope for Ana and Bea only: none for either of Mal's devices.
    const record = [...ana.campaign.doc.getMap<{ v: number; envelopes: object }>('rotations').values()].find(
      (x) => x.v === 2,
    );
    expect(Object.keys(record?.envelopes ?? {}).sort()).toEqual([ana.deviceId, bea.deviceId].sort());
  });

  it('ignores a removal or rotation signed by a member, and an unsigned one', async () => {
    const { ana, bea, mal } = await committee();
    // Mal signs a removal of Ana (not an admin) and seals a "new room" to Bea.
    const log = (await ensureMembership(mal)).log as MembershipLog;
    const view = await verifyLog(log.all(), { root: log.root });
    const anaId = await personOf(mal, 'Ana');
    const recipients = [...view.devices.keys()]
      .filter((d) => !view.members.get(anaId)?.devices.includes(d))
      .sort();
    const forged = await log.append(mal.signer, {
      kind: 'remove',
      personId: anaId,
      epoch: 1,
      keyId: newKeyId(),
      recipients,
    });
    mal.campaign.doc
      .getMap(MEMBERSHIP_COLLECTION)
      .set(forged.hash, toBase64Url(new Uint8Array([...forged.body, ...forged.signature])));
    await sealSignedRotation({
      doc: mal.campaign.doc,
      spaceId: mal.campaignMeta.id,
      self: mal.device,
      op: forged,
      view,
    });
    // And an unsigned (version 1) rotation removing Ana, as the app wrote before the log.
    await rotateSpaceKey({
      doc: mal.campaign.doc,
      spaceId: mal.campaignMeta.id,
      self: mal.device,
      remove: [ana.deviceId],
    });
    // A bare removedAt on Ana's member record.
    const anaRecord = (await listMembers(mal.campaign.doc)).members.find((m) => m.deviceId === ana.deviceId);
    if (anaRecord) markRemoved(mal.campaign.doc, [anaRecord], mal.deviceId, Date.now());
    carry(mal, bea);
    carry(mal, ana);
    for (const s of [ana, bea]) {
      expect(await membershipMove(s)).toEqual({ kind: 'none' });
      const m = await campaignMembership(s);
      expect(m.people.map((p) => p.name)).toEqual(['Ana', 'Bea', 'Mal']);
      expect(m.refusedOps).toBeGreaterThanOrEqual(1);
    }
    expect((await campaignMembership(ana)).me?.role).toBe('admin');
  });

  it('puts back ops a member deleted from the campaign doc', async () => {
    const { ana, bea, mal } = await committee();
    const r = await rekeyCampaign(ana, await personOf(ana, 'Mal'));
    if (!r.ok) throw new Error(r.error);
    carry(ana, bea);
    await ensureMembership(bea);
    // Mal, still in the old room, deletes every op from it.
    carry(ana, mal);
    const map = mal.campaign.doc.getMap(MEMBERSHIP_COLLECTION);
    mal.campaign.doc.transact(() => {
      for (const k of [...map.keys()]) map.delete(k);
    });
    carry(mal, bea);
    expect(bea.campaign.doc.getMap(MEMBERSHIP_COLLECTION).size).toBe(0);
    expect(await membershipMove(bea)).toMatchObject({ kind: 'moved', by: 'Ana' });
    expect(bea.campaign.doc.getMap(MEMBERSHIP_COLLECTION).size).toBeGreaterThan(0);
  });

  it('brings a campaign made before the log into it: the creator founds it, members join with the space key', async () => {
    const ana = await founder('Ana');
    // Bea joined with an old link (no membership) and registered, as before the log.
    const bea = await joiner(ana, 'Bea');
    carry(bea, ana);
    // Until the creator opens the campaign there is no log: the unsigned rotations of before apply.
    expect(await membershipMove(bea)).toEqual({ kind: 'legacy' });
    const founded = await ensureMembership(ana);
    expect(founded.view?.members.size).toBe(1);
    carry(ana, bea);
    expect((await campaignMembership(bea)).state).toBe('ready');
    carry(bea, ana);
    const seen = await campaignMembership(ana);
    expect(seen.people.map((p) => [p.name, p.role])).toEqual([
      ['Ana', 'admin'],
      ['Bea', 'member'],
    ]);
  });

  it('refuses a log whose genesis is not the invite’s root', async () => {
    const ana = await founder('Ana');
    await ensureMembership(ana);
    const link = await inviteLink(ana);
    const parsed = parseInvite(link);
    if (!parsed.ok || !parsed.value.membership) throw new Error('no membership in the link');
    const wrongRoot = { ...parsed.value.membership, root: 'ab'.repeat(32) };
    const bea = await joiner(ana, 'Bea');
    rememberInviteMembership(settingsOf(bea), ana.campaignMeta.id, wrongRoot);
    const m = await campaignMembership(bea);
    expect(m.state).toBe('untrusted');
    expect(m.people).toEqual([]);
    // Nothing was signed on its word.
    const ops = [...bea.campaign.doc.getMap<string>(MEMBERSHIP_COLLECTION).values()];
    for (const text of ops) expect((await readSignedOp(fromBase64Url(text))).op.kind).not.toBe('join');
  });
});
