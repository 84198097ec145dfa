/**
 * verifyLog on a log at its cap (2,000 ops): two admins inviting in batches while the invited
 * join concurrently (every admin op after a batch merges it), removals and a rotation at the end.
 * Judging every op in its causal past by replaying that past was quadratic (124 ops took
 * 0.23–0.5 s; this log did not finish in minutes); resolve.ts now walks the dominator tree once.
 * The time is printed, not asserted; the verdicts are checked.
 */
import { describe, expect, it } from 'vitest';
import {
  type DeviceSigner,
  issueInvite,
  joinWithInvite,
  MAX_OPS,
  MembershipLog,
  newKeyId,
  rotateKey,
  verifyLog,
} from '../../../src/sync/members/log';
import { DAY, ecdhKey, fork, invitePerson, NOW, newCampaign, newDevice } from '../../support/membership';

/**
 * A batch: `admin` issues `n` invites, and each is taken up on a device that saw the log as it was
 * then (parents: those heads) but no other joiner's join: the joins are concurrent.
 */
async function batch(
  log: MembershipLog,
  admin: DeviceSigner,
  n: number,
  at: number,
): Promise<DeviceSigner[]> {
  const secrets = [];
  for (let k = 0; k < n; k++)
    secrets.push(
      (await issueInvite(log, admin, { role: 'member', expiresAt: NOW + DAY, singleUse: true, now: at }))
        .secret,
    );
  const heads = log.heads();
  const joined: DeviceSigner[] = [];
  for (const [k, secret] of secrets.entries()) {
    // The joiner's copy of the log, as far as `append` looks at it: just its heads.
    const copy = new MembershipLog(log.root);
    copy.heads = () => heads;
    const device = await newDevice();
    const join = await joinWithInvite(copy, device, {
      secret,
      personName: `Person ${at}-${k}`,
      deviceName: 'phone',
      ecdhPublicKey: ecdhKey(k),
      now: at + 1,
    });
    log.add(join);
    joined.push(device);
  }
  return joined;
}

describe('verifyLog on a long log', () => {
  it('verifies 2,000 ops with concurrent joins, removals and a rotation', async () => {
    const { log, founder, root } = await newCampaign();
    const second = await invitePerson(log, founder, { name: 'Second admin', role: 'admin' });
    // Device ids the log vouches for, kept here (a removal lists every remaining one).
    const current = new Set([founder.deviceId, second.deviceId]);
    const members: DeviceSigner[] = [];
    const gone: string[] = [];
    // Two admins alternate batches of 4 invites with their joins (8 ops a batch); every 10th
    // round the founder removes the oldest member still in, rotating the key to the rest.
    for (let round = 0; log.size + 9 <= MAX_OPS - 1; round++) {
      const admin = round % 2 === 0 ? founder : second;
      const joined = await batch(log, admin, 4, NOW + 10 + round);
      members.push(...joined);
      for (const d of joined) current.add(d.deviceId);
      if (round % 10 === 9) {
        const person = (members.find((m) => current.has(m.deviceId)) as DeviceSigner).deviceId;
        current.delete(person);
        gone.push(person);
        const recipients = [...current].sort();
        await log.append(
          founder,
          { kind: 'remove', personId: person, epoch: gone.length, keyId: newKeyId(), recipients },
          NOW + 10 + round,
        );
      }
    }
    await rotateKey(log, second, { now: NOW + DAY / 2 });
    const ops = log.all();
    console.log(`log built: ${ops.length} ops, ${members.length + 2} people, ${gone.length} removed`);
    expect(ops.length).toBeGreaterThan(1990);
    expect(ops.length).toBeLessThanOrEqual(MAX_OPS);

    const t0 = performance.now();
    const final = await verifyLog(ops, { root });
    const ms = performance.now() - t0;
    console.log(`verifyLog: ${ops.length} ops in ${Math.round(ms)} ms`);
    expect(final.refused).toEqual([]);
    expect(final.accepted.length).toBe(ops.length);
    expect(final.members.size).toBe(2 + members.length - gone.length);
    expect([...final.devices.keys()].sort()).toEqual([...current].sort());
    expect(final.removals.map((r) => r.personId)).toEqual(gone);
    expect(final.epoch?.epoch).toBe(gone.length + 1);
    expect(final.rekeyNeeded).toBe(false);
  }, 240_000);

  it('judges ops after a resolution that needed a second round as replaying their whole past did', async () => {
    // X joins with an admin invite the founder revokes concurrently (X's join is void), and in
    // X's own past removes Y: a removal that prevails in the first round and not in the next, so
    // the ops after it are judged from their whole past (resolve.ts). Verdicts as before the change.
    const { log, founder, root } = await newCampaign();
    const y = await invitePerson(log, founder, { name: 'Y', role: 'admin' });
    const z = await invitePerson(log, founder, { name: 'Z', role: 'admin' });
    const invite = await issueInvite(log, founder, {
      role: 'admin',
      expiresAt: NOW + DAY,
      singleUse: true,
      now: NOW + 5,
    });
    const a = fork(log);
    const x = await newDevice();
    await joinWithInvite(a, x, {
      secret: invite.secret,
      personName: 'X',
      deviceName: 'p',
      ecdhPublicKey: ecdhKey(9),
      now: NOW + 6,
    });
    await a.append(
      x,
      {
        kind: 'remove',
        personId: y.deviceId,
        epoch: 1,
        keyId: newKeyId(),
        recipients: [founder.deviceId, x.deviceId, z.deviceId].sort(),
      },
      NOW + 7,
    );
    const b = fork(log);
    await rotateKey(b, y, { now: NOW + 8 });
    await log.append(founder, { kind: 'revoke-invite', inviteId: invite.secret.inviteId }, NOW + 6);
    log.add(...a.all(), ...b.all());
    await rotateKey(log, founder, { now: NOW + 9 });
    const c = fork(log);
    const d = fork(log);
    await c.append(z, { kind: 'set-role', personId: founder.deviceId, role: 'member' }, NOW + 10);
    await d.append(founder, { kind: 'set-role', personId: z.deviceId, role: 'member' }, NOW + 10);
    await c.append(
      z,
      {
        kind: 'rotate',
        epoch: 3,
        keyId: newKeyId(),
        recipients: [founder.deviceId, y.deviceId, z.deviceId].sort(),
      },
      NOW + 10,
    );
    log.add(...c.all(), ...d.all());
    await log.append(founder, { kind: 'revoke-invite', inviteId: invite.secret.inviteId }, NOW + 11);
    const view = await verifyLog(log.all(), { root });
    const kinds = await Promise.all(
      view.refused.map(async (r) => {
        const op = log.all().find((o) => o.hash === r.opHash);
        return `${op?.op.kind} ${op?.op.at === undefined ? '' : op.op.at - NOW} ${r.reason}`;
      }),
    );
    expect(kinds.sort()).toEqual(
      [
        'join 6 voided-invite',
        'remove 7 unknown-author',
        'rotate 10 voided-by-removal',
        'set-role 10 voided-by-removal',
        'revoke-invite 11 invite-revoked',
      ].sort(),
    );
    expect([...view.members.values()].map((m) => `${m.name}:${m.role}`).sort()).toEqual([
      'Founder:admin',
      'Y:admin',
      'Z:member',
    ]);
    expect(view.removals).toEqual([]);
    expect(view.epoch?.epoch).toBe(2);
  });
});
