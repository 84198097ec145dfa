/**
 * Signed snapshot parts (src/sync/mailbox/snapshot-sign.ts) as the receiver reads them: every part
 * is checked before its updates are applied, parts cannot be moved between uploads, and a reader
 * whose log does not hold the uploader yet weighs the membership ops the snapshot carries. The
 * whole path through the real server is tests/integration/mailbox-snapshot-authorship.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signBytes } from '../../../src/crypto';
import type { Authorship } from '../../../src/sync/authorship';
import type { RejectReason } from '../../../src/sync/errors';
import { encodeSnapshot } from '../../../src/sync/mailbox/entry';
import { deriveMailboxKeys } from '../../../src/sync/mailbox/keys';
import { MailboxReceiver } from '../../../src/sync/mailbox/receive';
import { sealMailbox } from '../../../src/sync/mailbox/seal';
import { signSnapshotParts, splitSnapshotPart } from '../../../src/sync/mailbox/snapshot-sign';
import { createDeviceIdentity, type DeviceSigner } from '../../../src/sync/members/log';
import type { GuardVerdict } from '../../../src/sync/wire/decode-guard';

const ANA = 'AAAAAAAAAAAAAAAAAAAAAA';
const NEW = 'NNNNNNNNNNNNNNNNNNNNNN';

/** The reader's log: `keys`; a device it lacks is admitted when the carried ops name it. */
function authorship(signer: DeviceSigner, keys: Map<string, Uint8Array>, carried?: DeviceSigner): Authorship {
  return {
    context: 'room',
    sign: (m) => signBytes(signer.privateKey, m),
    keyOf: async (id, update) => {
      if (keys.has(id)) return keys.get(id) ?? null;
      if (!update || !carried) return null;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      return doc.getMap('membership').get(`admits:${id}`) === 'yes' ? carried.publicKey : null;
    },
  };
}

function updateFor(key: string): Uint8Array {
  const d = new Y.Doc();
  d.getMap('people').set(key, key);
  return Y.encodeStateAsUpdate(d);
}

async function setup(reader: Authorship) {
  const keys = await deriveMailboxKeys(new Uint8Array(32).fill(4));
  const doc = new Y.Doc();
  const rejected: RejectReason[] = [];
  const receiver = new MailboxReceiver(
    {
      doc,
      deviceId: 'RRRRRRRRRRRRRRRRRRRRRR',
      keys: Promise.resolve(keys),
      authorship: reader,
      check: async () => ({ ok: true }) as GuardVerdict,
      reject: (r) => rejected.push(r),
      seen: () => {},
      appliedOthers: () => {},
    },
    0,
  );
  /** Signed, sealed parts of a snapshot of `names`, one update per part. */
  const parts = async (
    a: Authorship,
    deviceId: string,
    names: string[],
    membership: Uint8Array = new Uint8Array(),
  ) => {
    const bodies = encodeSnapshot({ seen: {}, updates: names.map(updateFor) });
    // One update per part, so a swap can replace exactly one.
    const cut = names.length > 1 ? splitEvenly(bodies, names.length) : bodies;
    const signed = await signSnapshotParts(a, keys.mailboxId, { deviceId, covers: 10, membership }, cut);
    return Promise.all(signed.map((p) => sealMailbox(keys.sealKey, keys.mailboxId, 'snapshot', p)));
  };
  const feed = async (sealed: Uint8Array[]) => {
    for (const [i, p] of sealed.entries()) receiver.snapshotPart(10, i, sealed.length, p);
    await receiver.settled;
  };
  return { doc, receiver, rejected, parts, feed };
}

function splitEvenly(bodies: Uint8Array[], n: number): Uint8Array[] {
  const all = new Uint8Array(bodies.reduce((k, b) => k + b.length, 0));
  let at = 0;
  for (const b of bodies) {
    all.set(b, at);
    at += b.length;
  }
  const size = Math.ceil(all.length / n);
  return Array.from({ length: n }, (_, i) => all.subarray(i * size, (i + 1) * size));
}

async function signers() {
  const [ana, mal, fresh] = await Promise.all(
    [1, 2, 3].map(async () => (await createDeviceIdentity()).signer),
  );
  return { ana: ana as DeviceSigner, mal: mal as DeviceSigner, fresh: fresh as DeviceSigner };
}

describe('signed mailbox snapshots', () => {
  it('reads an honest snapshot signed by a device the log holds, and moves the cursor', async () => {
    const { ana } = await signers();
    const log = new Map([[ANA, ana.publicKey]]);
    const { doc, receiver, rejected, parts, feed } = await setup(authorship(ana, log));
    await feed(await parts(authorship(ana, log), ANA, ['a', 'b', 'c']));
    expect(rejected).toEqual([]);
    expect([...doc.getMap('people').keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(receiver.applied).toBe(10);
  });

  it('refuses a part taken from another upload (even the same device’s); keeps the cursor before it', async () => {
    const { ana } = await signers();
    const log = new Map([[ANA, ana.publicKey]]);
    const { doc, receiver, rejected, parts, feed } = await setup(authorship(ana, log));
    const honest = await parts(authorship(ana, log), ANA, ['a', 'b', 'c']);
    const other = await parts(authorship(ana, log), ANA, ['x', 'y', 'z']);
    await feed([honest[0], honest[1], other[2], honest[3]] as Uint8Array[]);
    expect(rejected).toEqual(['forged-author']);
    // Nothing of the other upload, nor anything after the swapped part, is applied.
    expect(['b', 'c', 'x', 'y', 'z'].filter((k) => doc.getMap('people').has(k))).toEqual([]);
    expect(receiver.applied).toBe(0);
    expect(receiver.passed).toBe(0);
  });

  it('admits an uploader the log lacks through the ops the snapshot carries, and no one they do not name', async () => {
    const { ana, fresh, mal } = await signers();
    const log = new Map([[ANA, ana.publicKey]]);
    const carrier = new Y.Doc();
    carrier.getMap('membership').set(`admits:${NEW}`, 'yes');
    const membership: Uint8Array = Y.encodeStateAsUpdate(carrier);
    const first = await setup(authorship(ana, log, fresh));
    await first.feed(await first.parts(authorship(fresh, log), NEW, ['n'], membership));
    expect(first.rejected).toEqual([]);
    expect(first.doc.getMap('people').get('n')).toBe('n');
    // Without the carried ops the same snapshot is refused; Mal's key under the carried name too.
    const second = await setup(authorship(ana, log, fresh));
    await second.feed(await second.parts(authorship(fresh, log), NEW, ['n']));
    const third = await setup(authorship(ana, log, fresh));
    await third.feed(await third.parts(authorship(mal, log), NEW, ['m'], membership));
    expect([...second.rejected, ...third.rejected]).toEqual(['unknown-author', 'forged-author']);
    expect(second.doc.getMap('people').size + third.doc.getMap('people').size).toBe(0);
  });

  it('splits only what it signed: garbage and unsigned streams are told apart', async () => {
    const unsigned = encodeSnapshot({ seen: {}, updates: [updateFor('u')] })[0] as Uint8Array;
    expect(splitSnapshotPart(unsigned, 0)).toBe('unsigned');
    expect(splitSnapshotPart(unsigned, 1)).toBeNull();
    expect(splitSnapshotPart(new Uint8Array([0x53, 200, 1]), 0)).toBeNull();
    expect(splitSnapshotPart(new Uint8Array(), 0)).toBeNull();
  });
});
