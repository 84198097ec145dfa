import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromBase64Url, randomBytes, toBase64Url, utf8 } from '../../../src/crypto';
import {
  checkRotations,
  type DeviceKeys,
  deviceIdForPublicKey,
  type EnvelopeContext,
  exportPublicKey,
  generateDeviceKeyPair,
  importPublicKey,
  listMembers,
  MEMBERS_COLLECTION,
  openEnvelope,
  ROTATIONS_COLLECTION,
  registerMember,
  rotateSpaceKey,
  SyncError,
  sealEnvelope,
} from '../../../src/sync';

async function device(name: string) {
  const keyPair = await generateDeviceKeyPair();
  const publicKey = await exportPublicKey(keyPair.publicKey);
  const deviceId = await deviceIdForPublicKey(publicKey);
  return { name, keyPair, publicKey, deviceId, keys: { deviceId, keyPair } as DeviceKeys };
}

const ctx = (sender: string, recipient: string): EnvelopeContext => ({
  rotationId: 'rotation-0123456789ab',
  spaceId: 'space-0123456789abcdef',
  senderDeviceId: sender,
  recipientDeviceId: recipient,
});

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toBeInstanceOf(SyncError);
  await expect(p).rejects.toMatchObject({ code });
}

describe('rekey envelopes', () => {
  it('opens for the recipient, authenticated as the sender', async () => {
    const [s, r] = await Promise.all([device('s'), device('r')]);
    const payload = randomBytes(64);
    const env = await sealEnvelope({
      payload,
      sender: s.keyPair,
      recipientPublicKey: r.keyPair.publicKey,
      context: ctx(s.deviceId, r.deviceId),
    });
    const out = await openEnvelope({
      envelope: env,
      recipient: r.keyPair,
      senderPublicKey: s.keyPair.publicKey,
      context: ctx(s.deviceId, r.deviceId),
    });
    expect(out).toEqual(payload);
  });

  it('cannot be opened by anyone else, including a removed member holding every envelope', async () => {
    const [s, r, removed] = await Promise.all([device('s'), device('r'), device('x')]);
    const env = await sealEnvelope({
      payload: utf8('new key'),
      sender: s.keyPair,
      recipientPublicKey: r.keyPair.publicKey,
      context: ctx(s.deviceId, r.deviceId),
    });
    await expectCode(
      openEnvelope({
        envelope: env,
        recipient: removed.keyPair,
        senderPublicKey: s.keyPair.publicKey,
        context: ctx(s.deviceId, r.deviceId),
      }),
      'envelope-invalid',
    );
    await expectCode(
      openEnvelope({
        envelope: env,
        recipient: removed.keyPair,
        senderPublicKey: s.keyPair.publicKey,
        context: ctx(s.deviceId, removed.deviceId),
      }),
      'envelope-invalid',
    );
  });

  it('rejects every tampered byte, another context, and a forged sender', async () => {
    const [s, r, forger] = await Promise.all([device('s'), device('r'), device('f')]);
    const c = ctx(s.deviceId, r.deviceId);
    const env = await sealEnvelope({
      payload: utf8('secret'),
      sender: s.keyPair,
      recipientPublicKey: r.keyPair.publicKey,
      context: c,
    });
    for (const i of [1, 20, 66, 70, env.length - 1]) {
      const bad = env.slice();
      bad[i] = (bad[i] ?? 0) ^ 1;
      await expectCode(
        openEnvelope({
          envelope: bad,
          recipient: r.keyPair,
          senderPublicKey: s.keyPair.publicKey,
          context: c,
        }),
        'envelope-invalid',
      );
    }
    await expectCode(
      openEnvelope({
        envelope: env.subarray(0, 80),
        recipient: r.keyPair,
        senderPublicKey: s.keyPair.publicKey,
        context: c,
      }),
      'envelope-invalid',
    );
    const v2 = env.slice();
    v2[0] = 2;
    await expectCode(
      openEnvelope({ envelope: v2, recipient: r.keyPair, senderPublicKey: s.keyPair.publicKey, context: c }),
      'envelope-version',
    );
    await expectCode(
      openEnvelope({
        envelope: env,
        recipient: r.keyPair,
        senderPublicKey: s.keyPair.publicKey,
        context: { ...c, rotationId: 'other-rotation-000000' },
      }),
      'envelope-invalid',
    );
    // Sealed by someone else who claims to be s:
    const forged = await sealEnvelope({
      payload: utf8('evil'),
      sender: forger.keyPair,
      recipientPublicKey: r.keyPair.publicKey,
      context: c,
    });
    await expectCode(
      openEnvelope({
        envelope: forged,
        recipient: r.keyPair,
        senderPublicKey: s.keyPair.publicKey,
        context: c,
      }),
      'envelope-invalid',
    );
  });

  it('imports only valid public keys', async () => {
    const d = await device('d');
    await expect(importPublicKey(d.publicKey)).resolves.toBeDefined();
    await expectCode(importPublicKey('abc'), 'invalid-public-key');
    const notOnCurve = fromBase64Url(d.publicKey);
    notOnCurve[40] = (notOnCurve[40] ?? 0) ^ 0xff;
    await expectCode(importPublicKey(toBase64Url(notOnCurve)), 'invalid-public-key');
    expect(d.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('members and rotation', () => {
  async function committee() {
    const devices = await Promise.all(['Ana', 'Ben', 'Cy'].map(device));
    const doc = new Y.Doc();
    for (const d of devices) {
      expect(
        await registerMember(doc, { deviceId: d.deviceId, deviceName: d.name, publicKey: d.publicKey }),
      ).not.toBeNull();
    }
    doc.getMap('people').set('p1', 'Someone');
    return {
      doc,
      devices: devices as [(typeof devices)[0], (typeof devices)[0], (typeof devices)[0]],
      spaceId: 'old-space-0123456789',
    };
  }

  it('registers members with self-certifying ids and refuses mismatches', async () => {
    const { doc, devices } = await committee();
    const [ana, ben] = devices;
    expect((await listMembers(doc)).members.map((m) => m.deviceName).sort()).toEqual(['Ana', 'Ben', 'Cy']);
    expect(
      await registerMember(doc, { deviceId: ana.deviceId, deviceName: 'Ana', publicKey: ben.publicKey }),
    ).toBeNull();
    // A record written directly with someone else's key under Ana's id is not a member.
    doc.getMap(MEMBERS_COLLECTION).set(ana.deviceId, {
      v: 1,
      deviceId: ana.deviceId,
      deviceName: 'Ana',
      publicKey: ben.publicKey,
      joinedAt: 1,
    });
    const list = await listMembers(doc);
    expect(list.invalid).toEqual([ana.deviceId]);
    expect(list.members.map((m) => m.deviceName).sort()).toEqual(['Ben', 'Cy']);
  });

  it('removing a member: remaining devices find the new key, the removed one cannot', async () => {
    const { doc, devices, spaceId } = await committee();
    const [ana, ben, cy] = devices;
    const rotated = await rotateSpaceKey({ doc, spaceId, self: ana.keys, remove: [cy.deviceId] });
    expect(rotated.newSpaceKey).toHaveLength(32);
    expect(Object.keys(rotated.rotation.envelopes).sort()).toEqual([ana.deviceId, ben.deviceId].sort());
    // Ben's device sees the rotation through sync (here: a copy of the doc).
    const bensDoc = new Y.Doc();
    Y.applyUpdate(bensDoc, Y.encodeStateAsUpdate(doc));
    const forBen = await checkRotations({ doc: bensDoc, spaceId, self: ben.keys });
    expect(forBen).toMatchObject({ kind: 'moved', newSpaceId: rotated.newSpaceId });
    expect(forBen.kind === 'moved' && forBen.newSpaceKey).toEqual(rotated.newSpaceKey);
    expect(forBen.kind === 'moved' && forBen.by.deviceId).toBe(ana.deviceId);
    // The new space starts with the full state.
    const newDoc = new Y.Doc();
    Y.applyUpdate(newDoc, rotated.newState);
    expect(newDoc.getMap('people').get('p1')).toBe('Someone');
    // Cy: marked removed, no envelope, and none of the others' envelopes open for Cy.
    const forCy = await checkRotations({ doc: bensDoc, spaceId, self: cy.keys });
    expect(forCy).toMatchObject({ kind: 'removed' });
    const cyRecord = (await listMembers(bensDoc)).members.find((m) => m.deviceId === cy.deviceId);
    expect(cyRecord?.removedAt).toBeTypeOf('number');
    for (const [recipient, env] of Object.entries(rotated.rotation.envelopes)) {
      await expectCode(
        openEnvelope({
          envelope: fromBase64Url(env),
          recipient: cy.keyPair,
          senderPublicKey: ana.keyPair.publicKey,
          context: {
            rotationId: rotated.rotation.id,
            spaceId,
            senderDeviceId: ana.deviceId,
            recipientDeviceId: recipient,
          },
        }),
        'envelope-invalid',
      );
    }
    // The new key appears nowhere in the old doc.
    const oldBytes = Y.encodeStateAsUpdate(doc);
    expect(Buffer.from(oldBytes).includes(Buffer.from(rotated.newSpaceKey))).toBe(false);
    expect(Buffer.from(oldBytes).toString('latin1')).not.toContain(toBase64Url(rotated.newSpaceKey));
  });

  it('ignores tampered envelopes and rotations forged under another member’s id', async () => {
    const { doc, devices, spaceId } = await committee();
    const [ana, ben, cy] = devices;
    const rotated = await rotateSpaceKey({ doc, spaceId, self: ana.keys, remove: [] });
    const rotations = doc.getMap<Record<string, unknown>>(ROTATIONS_COLLECTION);
    const rec = rotations.get(rotated.rotation.id) as Record<string, unknown>;
    const envs = { ...(rec.envelopes as Record<string, string>) };
    const tampered = fromBase64Url(envs[ben.deviceId] as string);
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 1;
    rotations.set(rotated.rotation.id, {
      ...rec,
      envelopes: { ...envs, [ben.deviceId]: toBase64Url(tampered) },
    });
    expect(await checkRotations({ doc, spaceId, self: ben.keys })).toEqual({ kind: 'none' });
    // Cy seals a rotation but claims Ana made it: does not open under Ana's key.
    const fake = await rotateSpaceKey({ doc, spaceId, self: cy.keys, remove: [] });
    const fakeRec = rotations.get(fake.rotation.id) as Record<string, unknown>;
    rotations.set(fake.rotation.id, { ...fakeRec, by: ana.deviceId });
    expect(await checkRotations({ doc, spaceId, self: ben.keys })).toEqual({ kind: 'none' });
  });

  it('reports two competing rotations as a conflict, and refuses rotating by a non-member', async () => {
    const { doc, devices, spaceId } = await committee();
    const [ana, ben, cy] = devices;
    await rotateSpaceKey({ doc, spaceId, self: ana.keys, remove: [] });
    await rotateSpaceKey({ doc, spaceId, self: ben.keys, remove: [] });
    const r = await checkRotations({ doc, spaceId, self: cy.keys });
    expect(r.kind).toBe('conflict');
    expect(r.kind === 'conflict' && r.options).toHaveLength(2);
    const outsider = await device('Zed');
    await expectCode(rotateSpaceKey({ doc, spaceId, self: outsider.keys, remove: [] }), 'not-a-member');
    await expectCode(
      rotateSpaceKey({ doc, spaceId, self: ana.keys, remove: [ana.deviceId] }),
      'not-a-member',
    );
  });
});
