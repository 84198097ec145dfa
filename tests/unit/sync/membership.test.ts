/**
 * Membership log: identities, canonical encoding, every refusal reason, and the issue 17 attacks at
 * the log level (docs/membership.md maps each to its rule).
 */
import { describe, expect, it } from 'vitest';
import { fromBase64Url, signingKeyFromSeed, toBase64Url } from '../../../src/crypto';
import type { DeviceSigner, MembershipLog } from '../../../src/sync/members/log';
import {
  addDevice,
  createDeviceIdentity,
  decodeOpBody,
  deviceIdForSigningKey,
  encodeSignedOp,
  fingerprintWords,
  issueInvite,
  joinWithInvite,
  loadDeviceIdentity,
  MAX_DEVICES_PER_PERSON,
  MembershipError,
  type OpBody,
  removePerson,
  rotateKey,
  type SignedOp,
  signOp,
  verifyLog,
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
  summary,
  viewOf,
} from '../../support/membership';

/** A campaign with the founder and one member (Mallory, a planted member). */
async function withMember() {
  const c = await newCampaign();
  const mallory = await invitePerson(c.log, c.founder, { name: 'Mallory', ecdhSeed: 2 });
  return { ...c, mallory };
}

/** Signs an arbitrary op on top of `log`'s heads without any of the builders' care (a hostile device). */
async function forge(
  log: MembershipLog,
  signer: DeviceSigner,
  body: OpBody,
  extra: { parents?: string[]; root?: string; at?: number } = {},
) {
  const op = await signOp(signer, {
    root: extra.root ?? log.root,
    author: signer.publicKey,
    at: extra.at ?? NOW + 10,
    parents: extra.parents ?? log.heads(),
    ...body,
  } as never);
  log.add(op);
  return op;
}

describe('device identities', () => {
  it('round-trips through the stored form with a non-extractable key and a self-certifying id', async () => {
    const { signer, stored } = await createDeviceIdentity();
    expect(signer.privateKey.extractable).toBe(false);
    expect(signer.publicKey.length).toBe(32);
    const again = await loadDeviceIdentity(JSON.parse(JSON.stringify(stored)));
    expect(again.deviceId).toBe(signer.deviceId);
    expect(again.deviceId).toBe(await deviceIdForSigningKey(signer.publicKey));
    await expect(loadDeviceIdentity({ v: 1, alg: 'Ed25519', seed: 'short' })).rejects.toThrow();
    await expect(loadDeviceIdentity({ v: 2 })).rejects.toBeInstanceOf(MembershipError);
  });

  it('gives six deterministic safety words (known vector)', async () => {
    const { publicKey } = await signingKeyFromSeed(new Uint8Array(32).fill(7));
    expect(toBase64Url(publicKey)).toBe('6kpsY-KcUgq-9VB7Ey7F-ZVHdq6-vnuSQh7qaRRG0iw');
    const words = await fingerprintWords(publicKey);
    expect(words).toEqual(
      await fingerprintWords(fromBase64Url('6kpsY-KcUgq-9VB7Ey7F-ZVHdq6-vnuSQh7qaRRG0iw')),
    );
    expect(words).toEqual(KNOWN_WORDS);
    const other = await fingerprintWords((await newDevice()).publicKey);
    expect(other).toHaveLength(6);
    expect(other).not.toEqual(words);
  });

  it('measures Ed25519 and ECDSA P-256 sign/verify in this runtime (printed, not asserted)', async () => {
    const msg = new Uint8Array(300);
    const n = 200;
    const rows: string[] = [];
    const algorithms: [string, EcKeyGenParams | Algorithm, EcdsaParams | Algorithm][] = [
      ['Ed25519', { name: 'Ed25519' }, { name: 'Ed25519' }],
      ['ECDSA P-256', { name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }],
    ];
    for (const [name, gen, alg] of algorithms) {
      const kp = (await crypto.subtle.generateKey(gen, false, ['sign', 'verify'])) as CryptoKeyPair;
      let t = performance.now();
      let sig = new ArrayBuffer(0);
      for (let i = 0; i < n; i++) sig = await crypto.subtle.sign(alg, kp.privateKey, msg);
      const sign = (performance.now() - t) / n;
      t = performance.now();
      for (let i = 0; i < n; i++) expect(await crypto.subtle.verify(alg, kp.publicKey, sig, msg)).toBe(true);
      const verify = (performance.now() - t) / n;
      const pub = (await crypto.subtle.exportKey('raw', kp.publicKey)).byteLength;
      rows.push(
        `${name}: sign ${sign.toFixed(3)} ms, verify ${verify.toFixed(3)} ms, public key ${pub} B, signature ${sig.byteLength} B`,
      );
    }
    console.log(rows.join('\n'));
  });
});

const KNOWN_WORDS = ['carrot', 'lake', 'boot', 'cousin', 'marble', 'pearl'];

describe('op encoding', () => {
  it('decodes what it encodes and refuses non-canonical bytes', async () => {
    const { log } = await withMember();
    for (const op of log.all()) {
      expect(decodeOpBody(op.body)).toEqual(op.op);
      const wire = encodeSignedOp(op);
      // A trailing byte inside the body (moving the signature) is malformed, never a second op.
      const longer = new Uint8Array(wire.length + 1);
      longer.set(op.body);
      longer.set(op.signature, op.body.length + 1);
      expect(() => decodeOpBody(longer.subarray(0, op.body.length + 1))).toThrow(MembershipError);
    }
  });

  it('never lets a flipped byte through as the same op and never throws', async () => {
    const { log, root } = await withMember();
    const ops = log.all();
    const before = summary(await viewOf(log));
    // Every op but the genesis (a damaged genesis is a foreign log, refused as a whole elsewhere).
    // The log is in hash order, so the ops are picked by kind, never by position.
    const targets = ops.filter((o) => o.op.kind !== 'genesis');
    expect(targets.map((o) => o.op.kind).sort()).toEqual(['invite', 'join']);
    for (const target of targets) {
      const wire = encodeSignedOp(target);
      for (let i = 0; i < wire.length; i += 3) {
        const bad = wire.slice();
        bad[i] = (bad[i] as number) ^ 0x41;
        const others = ops.filter((o) => o !== target).map(encodeSignedOp);
        const view = await verifyLog([...others, bad], { root });
        // The damaged op never takes effect: the join it carried (or led to) is gone or refused.
        expect(view.members.size).toBe(1);
      }
    }
    expect(summary(await viewOf(log))).toEqual(before);
  });
});

describe('refusal reasons', () => {
  it('malformed, bad-signature, foreign-genesis, wrong-root, missing-parent', async () => {
    const { log, founder, root, mallory } = await withMember();
    const other = await newCampaign();
    const valid = (await rotateKey(fork(log), founder)) as SignedOp;
    const badSig = { ...valid, signature: new Uint8Array(64) };
    const wrongRoot = await forge(
      fork(other.log),
      other.founder,
      { kind: 'rotate', epoch: 1, keyId: 'AAAAAAAAAAAAAAAAAAAAAA', recipients: [] },
      { root: log.root, parents: [other.root] },
    );
    const orphan = await forge(
      fork(log),
      founder,
      { kind: 'revoke-invite', inviteId: 'AAAAAAAAAAAAAAAAAAAAAA' },
      { parents: ['ab'.repeat(32)] },
    );
    const view = await verifyLog(
      [
        ...log.all(),
        new Uint8Array([1, 2, 3]),
        encodeSignedOp(badSig),
        ...other.log.all(),
        wrongRoot,
        orphan,
      ],
      { root },
    );
    const reasons = new Map(view.refused.map((r) => [r.opHash, r.reason]));
    expect([...reasons.values()]).toContain('malformed');
    expect(reasons.get(valid.hash)).toBe('bad-signature');
    expect(reasons.get(other.root)).toBe('foreign-genesis');
    expect(reasons.get(orphan.hash)).toBe('missing-parent');
    // `wrongRoot` names this campaign's root but builds on the other genesis: its parent is not here.
    expect(reasons.get(wrongRoot.hash)).toBe('missing-parent');
    const replay = await forge(fork(other.log), other.founder, {
      kind: 'revoke-invite',
      inviteId: 'AAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(reasonOf(await verifyLog([...log.all(), replay], { root }), replay)).toBe('wrong-root');
    expect(view.members.has(mallory.deviceId)).toBe(true);
    await expect(verifyLog(other.log.all(), { root })).rejects.toMatchObject({ code: 'no-genesis' });
  });

  it('unknown-author and not-admin: removals and rotations by a member or an outsider are ignored', async () => {
    const { log, founder, mallory } = await withMember();
    const outsider = await newDevice();
    const ops = [
      await forge(fork(log), mallory, {
        kind: 'remove',
        personId: founder.deviceId,
        epoch: 1,
        keyId: 'AAAAAAAAAAAAAAAAAAAAAA',
        recipients: [mallory.deviceId],
      }),
      await forge(fork(log), mallory, {
        kind: 'rotate',
        epoch: 1,
        keyId: 'AAAAAAAAAAAAAAAAAAAAAA',
        recipients: [mallory.deviceId],
      }),
      await forge(fork(log), mallory, { kind: 'set-role', personId: mallory.deviceId, role: 'admin' }),
      await forge(fork(log), outsider, {
        kind: 'remove',
        personId: founder.deviceId,
        epoch: 1,
        keyId: 'AAAAAAAAAAAAAAAAAAAAAA',
        recipients: [],
      }),
      await forge(fork(log), outsider, {
        kind: 'rotate',
        epoch: 1,
        keyId: 'AAAAAAAAAAAAAAAAAAAAAA',
        recipients: [outsider.deviceId],
      }),
    ];
    const view = await viewOf([...log.all(), ...ops], log.root);
    expect(ops.map((o) => reasonOf(view, o))).toEqual([
      'not-admin',
      'not-admin',
      'not-admin',
      'unknown-author',
      'unknown-author',
    ]);
    expect(summary(view)).toMatchObject({ latestEpoch: 0 });
    expect(view.members.get(founder.deviceId)?.role).toBe('admin');
    expect(view.members.get(mallory.deviceId)?.role).toBe('member');
  });

  it('invite rules: unknown, expired, backdated, revoked, used, bad proof, duplicate, device-known', async () => {
    const { log, founder } = await newCampaign();
    const join = async (
      l: MembershipLog,
      secret: { inviteId: string; seed: string },
      now: number,
      device?: DeviceSigner,
    ) =>
      joinWithInvite(l, device ?? (await newDevice()), {
        secret,
        personName: 'X',
        deviceName: 'x',
        ecdhPublicKey: ecdhKey(9),
        now,
      });
    const single = await issueInvite(log, founder, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: true,
      now: NOW + 1,
    });
    const multi = await issueInvite(log, founder, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: false,
      now: NOW + 2,
    });
    const revoked = await issueInvite(log, founder, {
      role: 'member',
      expiresAt: NOW + DAY,
      singleUse: false,
      now: NOW + 3,
    });
    await log.append(founder, { kind: 'revoke-invite', inviteId: revoked.secret.inviteId }, NOW + 4);
    const ok1 = await join(log, single.secret, NOW + 5);
    const reuse = await join(fork(log), single.secret, NOW + 6);
    const ok2 = await join(log, multi.secret, NOW + 7);
    const ok3 = await join(log, multi.secret, NOW + 8);
    const late = await join(fork(log), multi.secret, NOW + 2 * DAY);
    const onRevoked = await join(fork(log), revoked.secret, NOW + 9);
    const unknown = await join(
      fork(log),
      { inviteId: 'BBBBBBBBBBBBBBBBBBBBBA', seed: multi.secret.seed },
      NOW + 10,
    );
    const wrongSeed = await join(
      fork(log),
      { inviteId: multi.secret.inviteId, seed: single.secret.seed },
      NOW + 11,
    );
    const dupInvite = await forge(fork(log), founder, {
      kind: 'invite',
      inviteId: multi.secret.inviteId,
      role: 'admin',
      expiresAt: NOW + DAY,
      singleUse: false,
      inviteKey: new Uint8Array(32),
    });
    const already = await newDevice();
    const first = await join(log, multi.secret, NOW + 12, already);
    const firstJoin = first.op as Extract<typeof first.op, { kind: 'join' }>;
    const again = await forge(fork(log), already, {
      kind: 'join',
      inviteId: firstJoin.inviteId,
      personName: 'Again',
      deviceName: firstJoin.deviceName,
      ecdhPublicKey: firstJoin.ecdhPublicKey,
      proof: firstJoin.proof,
    });
    // Backdated: an expired link's holder claims a time before the expiry, but after admin ops it saw.
    const admin2 = await log.append(
      founder,
      {
        kind: 'rotate',
        epoch: 1,
        keyId: 'CCCCCCCCCCCCCCCCCCCCCA',
        recipients: (await viewOf(log)).epoch ? [...(await viewOf(log)).devices.keys()].sort() : [],
      },
      NOW + 2 * DAY,
    );
    const backdated = await join(fork(log), multi.secret, NOW + 13);
    const view = await viewOf(
      [...log.all(), reuse, late, onRevoked, unknown, wrongSeed, dupInvite, again, backdated],
      log.root,
    );
    expect([ok1, ok2, ok3, first, admin2].map((o) => reasonOf(view, o))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect({
      reuse: reasonOf(view, reuse),
      late: reasonOf(view, late),
      onRevoked: reasonOf(view, onRevoked),
      unknown: reasonOf(view, unknown),
      wrongSeed: reasonOf(view, wrongSeed),
      dupInvite: reasonOf(view, dupInvite),
      again: reasonOf(view, again),
      backdated: reasonOf(view, backdated),
    }).toEqual({
      reuse: 'invite-used',
      late: 'invite-expired',
      onRevoked: 'invite-revoked',
      unknown: 'unknown-invite',
      wrongSeed: 'bad-invite-proof',
      dupInvite: 'duplicate-invite',
      again: 'device-known',
      backdated: 'invite-expired',
    });
  });

  it('devices: a member adds their own devices (visible as one person), up to the cap, with the device’s consent', async () => {
    const { log, mallory, founder } = await withMember();
    const added: SignedOp[] = [];
    for (let i = 1; i < MAX_DEVICES_PER_PERSON; i++)
      added.push(
        await addDevice(log, mallory, await newDevice(), {
          deviceName: `phone ${i}`,
          ecdhPublicKey: ecdhKey(i),
        }),
      );
    const tooMany = await addDevice(fork(log), mallory, await newDevice(), {
      deviceName: 'one more',
      ecdhPublicKey: ecdhKey(7),
    });
    const stolen = await newDevice();
    const noConsent = await forge(fork(log), mallory, {
      kind: 'add-device',
      device: stolen.publicKey,
      deviceName: 'x',
      ecdhPublicKey: ecdhKey(3),
      proof: new Uint8Array(64),
    });
    const founderAsMine = await addDevice(fork(log), mallory, founder, {
      deviceName: 'x',
      ecdhPublicKey: ecdhKey(3),
    });
    const view = await viewOf([...log.all(), tooMany, noConsent, founderAsMine], log.root);
    expect(added.map((o) => reasonOf(view, o))).toEqual(added.map(() => undefined));
    expect(view.members.get(mallory.deviceId)?.devices).toHaveLength(MAX_DEVICES_PER_PERSON);
    expect(reasonOf(view, tooMany)).toBe('too-many-devices');
    expect(reasonOf(view, noConsent)).toBe('bad-device-proof');
    expect(reasonOf(view, founderAsMine)).toBe('device-known');
  });

  it('roles and rotations: unknown-person, last-admin, no-change, bad-epoch, recipients-mismatch', async () => {
    const { log, founder, mallory } = await withMember();
    const key = 'AAAAAAAAAAAAAAAAAAAAAA';
    const ops = [
      await forge(fork(log), founder, {
        kind: 'set-role',
        personId: 'DDDDDDDDDDDDDDDDDDDDDA',
        role: 'admin',
      }),
      await forge(fork(log), founder, { kind: 'set-role', personId: founder.deviceId, role: 'member' }),
      await forge(fork(log), founder, {
        kind: 'remove',
        personId: founder.deviceId,
        epoch: 1,
        keyId: key,
        recipients: [mallory.deviceId],
      }),
      await forge(fork(log), founder, { kind: 'set-role', personId: mallory.deviceId, role: 'member' }),
      await forge(fork(log), founder, {
        kind: 'rotate',
        epoch: 5,
        keyId: key,
        recipients: [founder.deviceId, mallory.deviceId].sort(),
      }),
      await forge(fork(log), founder, {
        kind: 'rotate',
        epoch: 1,
        keyId: key,
        recipients: [founder.deviceId],
      }),
    ];
    const view = await viewOf([...log.all(), ...ops], log.root);
    expect(ops.map((o) => reasonOf(view, o))).toEqual([
      'unknown-person',
      'last-admin',
      'last-admin',
      'no-change',
      'bad-epoch',
      'recipients-mismatch',
    ]);
  });
});

describe('issue 17 attacks at the log level', () => {
  it('a hidden second device under a copied name gets no key unless the log vouches for it, and then it is visible and removed with its person', async () => {
    const { log, founder, mallory } = await withMember();
    const hidden = await newDevice();
    // Registered by nothing in the log: not a device, not a recipient of any rotation.
    await rotateKey(log, founder);
    let view = await viewOf(log);
    expect(view.devices.has(hidden.deviceId)).toBe(false);
    expect(view.epoch?.recipients).not.toContain(hidden.deviceId);
    // A rotation that slips it in is refused: recipients must be exactly the vouched devices.
    const slipped = await forge(fork(log), founder, {
      kind: 'rotate',
      epoch: 2,
      keyId: 'AAAAAAAAAAAAAAAAAAAAAA',
      recipients: [...view.devices.keys(), hidden.deviceId].sort(),
    });
    expect(reasonOf(await viewOf([...log.all(), slipped], log.root), slipped)).toBe('recipients-mismatch');
    // Added by the rules: it is listed under Mallory ("Mallory: 2 devices"), whatever name it claims.
    await addDevice(log, mallory, hidden, { deviceName: 'phone', ecdhPublicKey: ecdhKey(5) });
    view = await viewOf(log);
    expect(view.members.get(mallory.deviceId)?.devices).toEqual([mallory.deviceId, hidden.deviceId].sort());
    expect(view.devices.get(hidden.deviceId)?.personId).toBe(mallory.deviceId);
    // Removing Mallory removes both devices in one op, and the new key goes to neither.
    await removePerson(log, founder, mallory.deviceId);
    view = await viewOf(log);
    expect(view.devices.has(hidden.deviceId) || view.devices.has(mallory.deviceId)).toBe(false);
    expect(view.epoch?.recipients).toEqual([founder.deviceId]);
    expect(view.removals.map((r) => [r.personId, r.by])).toEqual([[mallory.deviceId, founder.deviceId]]);
  });

  it('a self-only rotation moves nobody', async () => {
    const { log, founder, mallory } = await withMember();
    const selfOnly = await forge(fork(log), founder, {
      kind: 'rotate',
      epoch: 1,
      keyId: 'AAAAAAAAAAAAAAAAAAAAAA',
      recipients: [founder.deviceId],
    });
    const byMember = await forge(fork(log), mallory, {
      kind: 'rotate',
      epoch: 1,
      keyId: 'AAAAAAAAAAAAAAAAAAAAAA',
      recipients: [mallory.deviceId],
    });
    const view = await viewOf([...log.all(), selfOnly, byMember], log.root);
    expect(view.latestEpoch).toBe(0);
    expect(view.members.size).toBe(2);
    expect(view.removals).toEqual([]);
  });

  it('a bare removal claim without a valid signature changes nothing', async () => {
    const { log, founder, mallory } = await withMember();
    const real = await removePerson(fork(log), founder, mallory.deviceId);
    // The same removal with the signature of another op, with zeros, or "signed" by Mallory's key.
    const other = log.all()[0] as SignedOp;
    const claims = [
      { ...real, signature: other.signature },
      { ...real, signature: new Uint8Array(64) },
      await signOp(mallory, { ...real.op, author: mallory.publicKey }).then((o) => ({
        ...o,
        body: real.body,
        hash: real.hash,
      })),
    ];
    for (const claim of claims) {
      const view = await verifyLog([...log.all().map(encodeSignedOp), encodeSignedOp(claim)], {
        root: log.root,
      });
      expect(view.members.has(mallory.deviceId)).toBe(true);
      expect(reasonOf(view, real)).toBe('bad-signature');
    }
    // A device that receives the bad copy first still accepts the real one.
    const view = await verifyLog([encodeSignedOp(claims[1] as SignedOp), ...log.all(), real], {
      root: log.root,
    });
    expect(view.members.has(mallory.deviceId)).toBe(false);
  });
});

describe('determinism', () => {
  it('the same set of ops gives the same result in any order, with duplicates', async () => {
    const { log, founder, mallory } = await withMember();
    await addDevice(log, mallory, await newDevice(), { deviceName: 'tablet', ecdhPublicKey: ecdhKey(3) });
    await rotateKey(log, founder);
    await removePerson(log, founder, mallory.deviceId);
    const wire = log.wire();
    const expected = summary(await verifyLog(wire, { root: log.root }));
    for (let k = 0; k < 5; k++) {
      const shuffled = [...wire, ...wire.slice(0, k)].sort(() => Math.random() - 0.5);
      expect(summary(await verifyLog(shuffled, { root: log.root }))).toEqual(expected);
    }
  });
});
