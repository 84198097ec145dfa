/**
 * Concurrent membership changes: one test per rule in docs/membership.md ("Concurrent changes").
 * Each case forks the log into two devices' views, lets each act without seeing the other, merges,
 * and checks the outcome is the documented one and the same in every arrival order.
 */
import { describe, expect, it } from 'vitest';
import {
  issueInvite,
  joinWithInvite,
  type MembershipLog,
  removePerson,
  rotateKey,
  type SignedOp,
  verifyLog,
} from '../../../src/sync/members/log';
import {
  DAY,
  ecdhKey,
  fork,
  invitePerson,
  merge,
  NOW,
  newCampaign,
  newDevice,
  reasonOf,
  summary,
  viewOf,
} from '../../support/membership';

/** Founder F, admin A (made by F), member M. */
async function committee() {
  const c = await newCampaign();
  const admin = await invitePerson(c.log, c.founder, { name: 'A', role: 'admin' });
  const member = await invitePerson(c.log, c.founder, { name: 'M' });
  return { ...c, admin, member };
}

/** The merged view, checked to be identical in reverse and shuffled arrival order. */
async function merged(...logs: MembershipLog[]) {
  const all = merge(...logs);
  const view = await viewOf(all);
  const wire = all.wire();
  expect(summary(await verifyLog([...wire].reverse(), { root: all.root }))).toEqual(summary(view));
  expect(
    summary(
      await verifyLog(
        [...wire].sort(() => Math.random() - 0.5),
        { root: all.root },
      ),
    ),
  ).toEqual(summary(view));
  return view;
}

describe('concurrent membership changes', () => {
  it('two admins removing each other: the senior admin’s removal stands, whatever the depth', async () => {
    const { log, founder, admin } = await committee();
    const f = fork(log);
    const a = fork(log);
    const byFounder = await removePerson(f, founder, admin.deviceId);
    // The junior admin races, and piles up ops first to look "later" or "deeper".
    for (let i = 0; i < 5; i++)
      await a.append(admin, {
        kind: 'revoke-invite',
        inviteId: (await issueInvite(a, admin, { role: 'member', expiresAt: NOW + DAY, singleUse: true }))
          .secret.inviteId,
      });
    const byAdmin = await removePerson(a, admin, founder.deviceId);
    const view = await merged(f, a);
    expect(reasonOf(view, byFounder)).toBeUndefined();
    expect(reasonOf(view, byAdmin)).toBe('voided-by-removal');
    expect(view.members.has(founder.deviceId)).toBe(true);
    expect(view.members.has(admin.deviceId)).toBe(false);
    expect(view.epoch?.recipients).not.toContain(admin.deviceId);
  });

  it('an admin made by a junior admin never outranks the senior one', async () => {
    const { log, founder, admin } = await committee();
    const planted = await invitePerson(log, admin, { name: 'P', role: 'admin' });
    const f = fork(log);
    const p = fork(log);
    const byFounder = await removePerson(f, founder, planted.deviceId);
    const byPlanted = await removePerson(p, planted, founder.deviceId);
    const view = await merged(f, p);
    expect(reasonOf(view, byFounder)).toBeUndefined();
    expect(reasonOf(view, byPlanted)).toBe('voided-by-removal');
    expect(view.members.has(founder.deviceId) && view.members.has(admin.deviceId)).toBe(true);
    expect(view.members.has(planted.deviceId)).toBe(false);
  });

  it('a removal racing an invite the removed admin issued: the invite and joins through it are void', async () => {
    const { log, founder, admin } = await committee();
    const f = fork(log);
    const a = fork(log);
    await removePerson(f, founder, admin.deviceId);
    const { op: invite, secret } = await issueInvite(a, admin, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: true,
    });
    const newcomer = await newDevice();
    const join = await joinWithInvite(a, newcomer, {
      secret,
      personName: 'N',
      deviceName: 'n',
      ecdhPublicKey: ecdhKey(4),
    });
    const view = await merged(f, a);
    expect(reasonOf(view, invite)).toBe('voided-by-removal');
    expect(reasonOf(view, join)).toBe('unknown-invite');
    expect(view.members.has(newcomer.deviceId)).toBe(false);
  });

  it('an open invite of a removed admin, seen by the remover, dies with the removal (concurrent join void)', async () => {
    const { log, founder, admin } = await committee();
    const { secret } = await issueInvite(log, admin, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: false,
    });
    const f = fork(log);
    const j = fork(log);
    await removePerson(f, founder, admin.deviceId);
    const concurrentJoin = await joinWithInvite(j, await newDevice(), {
      secret,
      personName: 'N',
      deviceName: 'n',
      ecdhPublicKey: ecdhKey(4),
    });
    const lateJoin = await joinWithInvite(fork(f), await newDevice(), {
      secret,
      personName: 'L',
      deviceName: 'l',
      ecdhPublicKey: ecdhKey(5),
    });
    const view = await viewOf([...merge(f, j).all(), lateJoin], log.root);
    expect(reasonOf(view, concurrentJoin)).toBe('voided-invite');
    expect(reasonOf(view, lateJoin)).toBe('invite-revoked');
  });

  it('a revocation racing a join: the revocation wins', async () => {
    const { log, founder } = await committee();
    const { secret } = await issueInvite(log, founder, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: false,
    });
    const f = fork(log);
    const j = fork(log);
    await f.append(founder, { kind: 'revoke-invite', inviteId: secret.inviteId });
    const join = await joinWithInvite(j, await newDevice(), {
      secret,
      personName: 'N',
      deviceName: 'n',
      ecdhPublicKey: ecdhKey(4),
    });
    expect(reasonOf(await merged(f, j), join)).toBe('voided-invite');
  });

  it('a removal racing a join: both take effect; the newcomer is not a recipient of the new key and waits for one', async () => {
    const { log, founder, admin, member } = await committee();
    const { secret } = await issueInvite(log, admin, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: true,
    });
    const f = fork(log);
    const j = fork(log);
    await removePerson(f, founder, member.deviceId);
    const newcomer = await newDevice();
    await joinWithInvite(j, newcomer, {
      secret,
      personName: 'N',
      deviceName: 'n',
      ecdhPublicKey: ecdhKey(4),
    });
    const view = await merged(f, j);
    expect(view.members.has(member.deviceId)).toBe(false);
    expect(view.members.has(newcomer.deviceId)).toBe(true);
    expect(view.epoch?.recipients).toEqual([founder.deviceId, admin.deviceId].sort());
    expect(view.awaitingKey).toEqual([newcomer.deviceId]);
    expect(view.rekeyNeeded).toBe(true);
  });

  it('a role change racing a removal: a demoted admin’s concurrent admin ops are void; a removed admin’s promotion is void', async () => {
    const { log, founder, admin, member } = await committee();
    const f = fork(log);
    const a = fork(log);
    await f.append(founder, { kind: 'set-role', personId: admin.deviceId, role: 'member' });
    const removal = await removePerson(a, admin, member.deviceId);
    let view = await merged(f, a);
    expect(reasonOf(view, removal)).toBe('voided-by-removal');
    expect(view.members.get(member.deviceId)?.role).toBe('member');
    expect(view.members.get(admin.deviceId)?.role).toBe('member');

    const f2 = fork(log);
    const a2 = fork(log);
    await removePerson(f2, founder, admin.deviceId);
    const promotion = await a2.append(admin, { kind: 'set-role', personId: member.deviceId, role: 'admin' });
    view = await merged(f2, a2);
    expect(reasonOf(view, promotion)).toBe('voided-by-removal');
    expect(view.members.get(member.deviceId)?.role).toBe('member');
  });

  it('concurrent rotations: one deterministic winner (senior author); a rotation that reached a removed device never wins', async () => {
    const { log, founder, admin, member } = await committee();
    const f = fork(log);
    const a = fork(log);
    const rf = await rotateKey(f, founder);
    const ra = await rotateKey(a, admin);
    let view = await merged(f, a);
    expect(view.epoch?.opHash).toBe(rf.hash);
    expect(reasonOf(view, ra)).toBeUndefined();

    const f2 = fork(log);
    const a2 = fork(log);
    const removal = await removePerson(a2, admin, member.deviceId);
    const stale = await rotateKey(f2, founder);
    view = await merged(f2, a2);
    expect(view.epoch?.opHash).toBe(removal.hash);
    expect(view.epoch?.recipients).not.toContain(member.deviceId);
    expect(stale.op.kind === 'rotate' && stale.op.recipients).toContain(member.deviceId);
  });

  it('two concurrent removals of different people both stand; no epoch that reached either is current', async () => {
    const { log, founder, admin, member } = await committee();
    const other = await invitePerson(log, founder, { name: 'O' });
    const f = fork(log);
    const a = fork(log);
    await removePerson(f, founder, member.deviceId);
    await removePerson(a, admin, other.deviceId);
    const all = merge(f, a);
    let view = await merged(f, a);
    expect(view.members.has(member.deviceId) || view.members.has(other.deviceId)).toBe(false);
    expect(view.rekeyNeeded).toBe(true);
    for (const d of view.epoch?.recipients ?? []) expect(view.devices.has(d)).toBe(true);
    // Any admin who has seen both rotates, and the log is whole again.
    const fresh: SignedOp = await rotateKey(all, founder);
    view = await viewOf(all);
    expect(view.epoch?.opHash).toBe(fresh.hash);
    expect(view.epoch?.recipients).toEqual([founder.deviceId, admin.deviceId].sort());
    expect(view.rekeyNeeded).toBe(false);
  });
});
