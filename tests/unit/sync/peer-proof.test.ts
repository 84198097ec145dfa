/**
 * Proof of device on a peer link (src/sync/peer-proof.ts, docs/sync.md "Verified authorship"), over
 * the in-memory fake of simple-peer: content opens only once the peer proved, with the key the
 * membership log holds, the device its hello names; a member whose hello names another member, a
 * device the log does not hold and a malformed proof are refused and counted, and nothing of theirs
 * is applied. A joiner's proof carries its own join, which the other side's log lacked.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signBytes, toBase64Url } from '../../../src/crypto';
import type { RejectReason } from '../../../src/sync';
import type { Authorship } from '../../../src/sync/authorship';
import { type DeviceSigner, encodeSignedOp } from '../../../src/sync/members/log';
import { PeerLink } from '../../../src/sync/peer-link';
import { MESSAGE_CHALLENGE, sdpFingerprints } from '../../../src/sync/peer-proof';
import { isPeerOrigin, type PeerOrigin } from '../../../src/sync/wire/origin';
import { newCampaign, newDevice, pairingRequestStub } from '../../support/membership';
import { connectLinks, FakePeer, fakeConn, testLinkContext } from '../../support/peer-link';
import { waitFor } from '../../support/wait';

const KNOWN = ['meta', 'people', 'members', 'rotations', 'membership'];
const devId = (n: string) => `device-${n}-0123456789`;

interface Side {
  name: string;
  doc: Y.Doc;
  peer: FakePeer;
  link: PeerLink;
  rejected: RejectReason[];
  origins: PeerOrigin[];
}

/** Who the log holds: sync id → signing key (a test may change it). */
type Log = (doc: Y.Doc) => Map<string, Uint8Array>;

function side(
  name: string,
  signer: DeviceSigner,
  log: Log,
  opts: { hello?: string; onSettle?: (doc: Y.Doc) => void; prove?: boolean } = {},
): Side {
  const doc = new Y.Doc();
  const peer = new FakePeer();
  const s: Side = { name, doc, peer, link: null as unknown as PeerLink, rejected: [], origins: [] };
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (isPeerOrigin(tr.origin) && tr.changed.has(doc.getMap('people') as never)) s.origins.push(tr.origin);
  });
  const authorship: Authorship = {
    context: 'room-1',
    sign: (m) => signBytes(signer.privateKey, m),
    keyOf: async (id) => log(doc).get(id) ?? null,
  };
  const ctx = testLinkContext(name, doc, s.rejected, {
    known: KNOWN,
    membership: {
      settle: async () => {
        opts.onSettle?.(doc);
        return 'open';
      },
    },
    ...(opts.prove === false ? {} : { authorship }),
  });
  const link = new PeerLink(
    fakeConn(name, peer),
    opts.hello ? { ...ctx, device: { ...ctx.device, deviceId: opts.hello } } : ctx,
  );
  s.link = link;
  return s;
}

const until = (pred: () => boolean) => waitFor(pred, 5_000, 'timed out');
const flush = () => new Promise((r) => setTimeout(r, 150));

function write(s: Side, key: string): void {
  s.doc.getMap('people').set(key, `by ${s.name}`);
}

async function keys() {
  const [ana, bea, mal] = await Promise.all([newDevice(), newDevice(), newDevice()]);
  const all = new Map([
    [devId('ana'), ana.publicKey],
    [devId('bea'), bea.publicKey],
    [devId('mal'), mal.publicKey],
  ]);
  return { ana, bea, mal, all };
}

describe('proof of device on a peer link', () => {
  it('opens content once both sides proved their device, and attributes the changes to it', async () => {
    const { ana, bea, all } = await keys();
    const a = side('ana', ana, () => all);
    const b = side('bea', bea, () => all);
    write(a, 'from-ana');
    write(b, 'from-bea');
    connectLinks(a, b);
    await until(() => b.doc.getMap('people').has('from-ana') && a.doc.getMap('people').has('from-bea'));
    expect([a.rejected, b.rejected]).toEqual([[], []]);
    expect(b.origins.every((o) => o.deviceId === devId('ana') && o.verified)).toBe(true);
    expect(a.link.origin.verified).toBe(true);
  });

  it('refuses a member whose hello names another member: nothing of hers is applied', async () => {
    const { ana, mal, all } = await keys();
    const a = side('ana', ana, () => all);
    // Mal runs modified code: her hello says she is Bea; she signs with her own key.
    const m = side('mal', mal, () => all, { hello: devId('bea') });
    write(m, 'forged');
    connectLinks(a, m);
    await until(() => a.rejected.includes('forged-author'));
    await flush();
    expect(a.doc.getMap('people').has('forged')).toBe(false);
    expect(a.link.origin.verified).toBeUndefined();
    expect(a.rejected.every((r) => r === 'forged-author')).toBe(true);
  });

  it('refuses a device the log does not hold (a removed member), and counts it', async () => {
    const { ana, mal, all } = await keys();
    const removed = new Map(all);
    removed.delete(devId('mal'));
    const a = side('ana', ana, () => removed);
    const m = side('mal', mal, () => all);
    write(m, 'after-removal');
    connectLinks(a, m);
    await until(() => a.rejected.includes('unknown-author'));
    await flush();
    expect(a.doc.getMap('people').has('after-removal')).toBe(false);
  });

  it('holds content from a peer that never proves (an old or hostile app), and refuses a second challenge', async () => {
    const { ana, bea, all } = await keys();
    const a = side('ana', ana, () => all);
    const b = side('bea', bea, () => all, { prove: false });
    write(b, 'unproven');
    connectLinks(a, b);
    await until(() => a.link.handshaken);
    await flush();
    expect(a.doc.getMap('people').has('unproven')).toBe(false);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_CHALLENGE);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, new Uint8Array(32));
    b.link.send(encoding.toUint8Array(e), null);
    b.link.send(encoding.toUint8Array(e), null);
    await until(() => a.rejected.includes('invalid-proof'));
  });

  it('accepts a joiner whose proof carries the join the other side lacked', async () => {
    const { ana, bea } = await keys();
    const { log } = await newCampaign();
    const join = log.all()[0];
    if (!join) throw new Error('no op');
    // Ana's log holds Bea only once the doc has Bea's join (a real signed op stands in for it).
    const holds = (doc: Y.Doc) =>
      new Map<string, Uint8Array>([
        [devId('ana'), ana.publicKey],
        ...(doc.getMap('membership').has(join.hash) ? [[devId('bea'), bea.publicKey] as const] : []),
      ]);
    const a = side('ana', ana, holds);
    // Bea signs her join while settling, after her membership message went out.
    const b = side('bea', bea, () => new Map([[devId('ana'), ana.publicKey]]), {
      onSettle: (doc) => doc.getMap('membership').set(join.hash, toBase64Url(encodeSignedOp(join))),
    });
    write(b, 'from-joiner');
    connectLinks(a, b);
    await until(() => a.doc.getMap('people').has('from-joiner'));
    expect(a.rejected).toEqual([]);
    expect(a.link.origin.verified).toBe(true);
  });

  it('holds a new phone not in the log yet, carries its pairing request, and opens once it is added', async () => {
    const { ana, bea } = await keys();
    const { log } = await newCampaign();
    const added = log.all()[0];
    if (!added) throw new Error('no op');
    const holds = (doc: Y.Doc) =>
      new Map<string, Uint8Array>([
        [devId('ana'), ana.publicKey],
        ...(doc.getMap('membership').has(added.hash) ? [[devId('bea'), bea.publicKey] as const] : []),
      ]);
    const a = side('ana', ana, holds);
    const b = side('bea', bea, () => new Map([[devId('ana'), ana.publicKey]]));
    const request = pairingRequestStub();
    const key = 'pair:0123456789abcdefghij';
    b.doc.getMap('membership').set(key, request);
    write(b, 'from-new-phone');
    connectLinks(a, b);
    // Ana counts the unknown device once and holds its content; the request reached her doc.
    await until(() => a.rejected.includes('unknown-author'));
    await until(() => a.doc.getMap('membership').has(key));
    expect(a.doc.getMap('membership').get(key)).toEqual(request);
    await flush();
    expect(a.doc.getMap('people').has('from-new-phone')).toBe(false);
    // The paired device signs add-device (here: the op arrives in Ana's log): the link opens.
    a.doc.getMap('membership').set(added.hash, toBase64Url(encodeSignedOp(added)));
    await until(() => a.doc.getMap('people').has('from-new-phone'));
    expect(a.rejected).toEqual(['unknown-author']);
    expect(a.link.origin.verified).toBe(true);
  });

  it('binds the proof to the DTLS fingerprints the descriptions name', () => {
    const sdp = 'v=0\r\na=fingerprint:sha-256 AB:CD\r\nm=application\r\na=fingerprint:sha-256 01:02\r\n';
    expect(sdpFingerprints(sdp)).toBe('sha-256 01:02,sha-256 ab:cd');
    expect(sdpFingerprints(undefined)).toBe('');
  });
});
