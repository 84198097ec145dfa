/**
 * The ways into a log as the Sharing screen manages them (docs/membership.md): the view's invites
 * (open, used, revoked), joins with a revoked or expired invite refused, and `add-device` made from a
 * consent that arrived from elsewhere (a pairing request): accepted only when signed by a device of
 * the person the consent names.
 */
import { describe, expect, it } from 'vitest';
import {
  addDeviceProof,
  addDeviceWithProof,
  issueInvite,
  joinWithInvite,
  type MembershipLog,
} from '../../../src/sync/members/log';
import {
  DAY,
  ecdhKey,
  fork,
  invitePerson,
  NOW,
  newCampaign,
  newDevice,
  reasonOf,
  viewOf,
} from '../../support/membership';

async function withMember() {
  const c = await newCampaign();
  const bea = await invitePerson(c.log, c.founder, { name: 'Bea', deviceName: 'Bea phone', ecdhSeed: 2 });
  return { ...c, bea };
}

async function consentFor(log: MembershipLog, by: Uint8Array, seed: number) {
  const device = await newDevice();
  const ecdhPublicKey = ecdhKey(seed);
  return {
    device,
    ecdhPublicKey,
    proof: await addDeviceProof(device, { root: log.root, by, ecdhPublicKey }),
  };
}

describe('invites in the view', () => {
  it('lists each invite with its author, uses and revocation; revoked and expired invites bring nobody in', async () => {
    const { log, founder } = await newCampaign();
    const open = await issueInvite(log, founder, {
      role: 'member',
      expiresAt: NOW + 7 * DAY,
      singleUse: false,
      now: NOW,
    });
    const revoked = await issueInvite(log, founder, {
      role: 'admin',
      expiresAt: NOW + 7 * DAY,
      singleUse: true,
      now: NOW,
    });
    const short = await issueInvite(log, founder, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: true,
      now: NOW,
    });
    const revocation = await log.append(
      founder,
      { kind: 'revoke-invite', inviteId: revoked.secret.inviteId },
      NOW + 2,
    );
    const used = await joinWithInvite(log, await newDevice(), {
      secret: open.secret,
      personName: 'Cy',
      deviceName: 'Cy phone',
      ecdhPublicKey: ecdhKey(3),
      now: NOW + 3,
    });
    const withRevoked = await joinWithInvite(fork(log), await newDevice(), {
      secret: revoked.secret,
      personName: 'Dee',
      deviceName: 'Dee phone',
      ecdhPublicKey: ecdhKey(4),
      now: NOW + 4,
    });
    const late = await joinWithInvite(fork(log), await newDevice(), {
      secret: short.secret,
      personName: 'Eve',
      deviceName: 'Eve phone',
      ecdhPublicKey: ecdhKey(5),
      now: NOW + 2 * DAY,
    });
    const view = await viewOf([...log.all(), withRevoked, late], log.root);
    expect(reasonOf(view, revocation)).toBeUndefined();
    expect(reasonOf(view, used)).toBeUndefined();
    expect(reasonOf(view, withRevoked)).toBe('invite-revoked');
    expect(reasonOf(view, late)).toBe('invite-expired');
    expect(view.invites.map((i) => [i.inviteId, i.by, i.role, i.singleUse, i.used, i.revoked, i.at])).toEqual(
      [
        [open.secret.inviteId, founder.deviceId, 'member', false, 1, false, NOW],
        [revoked.secret.inviteId, founder.deviceId, 'admin', true, 0, true, NOW],
        [short.secret.inviteId, founder.deviceId, 'member', true, 0, false, NOW],
      ],
    );
    expect([...view.members.values()].map((m) => m.name).sort()).toEqual(['Cy', 'Founder']);
  });

  it('a member cannot revoke an invite', async () => {
    const { log, founder, bea } = await withMember();
    const other = await issueInvite(log, founder, { role: 'member', expiresAt: NOW + DAY, singleUse: true });
    const revocation = await log.append(bea, { kind: 'revoke-invite', inviteId: other.secret.inviteId });
    const view = await viewOf(log);
    expect(reasonOf(view, revocation)).toBe('not-admin');
    expect(view.invites.find((i) => i.inviteId === other.secret.inviteId)?.revoked).toBe(false);
  });
});

describe('add-device from a consent made elsewhere', () => {
  it('adds the device under the signing device’s person', async () => {
    const { log, bea } = await withMember();
    const c = await consentFor(log, bea.publicKey, 9);
    const op = await addDeviceWithProof(log, bea, {
      ...c,
      device: c.device.publicKey,
      deviceName: 'Bea tablet',
    });
    const view = await viewOf(log);
    expect(reasonOf(view, op)).toBeUndefined();
    expect(view.members.get(bea.deviceId)?.devices.sort()).toEqual([bea.deviceId, c.device.deviceId].sort());
    expect(view.devices.get(c.device.deviceId)?.personId).toBe(bea.deviceId);
    expect(view.members.size).toBe(2);
  });

  it('refuses one signed by a stranger, and one whose consent names another device', async () => {
    const { log, bea, founder } = await withMember();
    const stranger = await newDevice();
    const toStranger = await consentFor(log, stranger.publicKey, 10);
    const byStranger = await addDeviceWithProof(fork(log), stranger, {
      ...toStranger,
      device: toStranger.device.publicKey,
      deviceName: 'hidden',
    });
    // A consent the new phone gave Bea, replayed by the founder to take the phone as theirs.
    const toBea = await consentFor(log, bea.publicKey, 11);
    const replayed = await addDeviceWithProof(fork(log), founder, {
      ...toBea,
      device: toBea.device.publicKey,
      deviceName: 'taken',
    });
    const view = await viewOf([...log.all(), byStranger, replayed], log.root);
    expect(reasonOf(view, byStranger)).toBe('unknown-author');
    expect(reasonOf(view, replayed)).toBe('bad-device-proof');
    expect(view.devices.size).toBe(2);
  });
});
