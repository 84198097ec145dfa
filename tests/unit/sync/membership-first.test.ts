/**
 * Membership before content on a peer link (src/sync/peer-link-gate.ts, docs/sync.md "Membership
 * before content"), over an in-memory fake of simple-peer: a returning device whose peer is the
 * removed member sends none of its content once the records say the room was left; forged and
 * oversized membership messages are refused and counted; a peer that never sends its membership
 * is torn down by the handshake watch. Real WebRTC: tests/integration/membership-first.test.ts.
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes, toBase64Url } from '../../../src/crypto';
import { type RejectReason, splitMessage } from '../../../src/sync';
import { MAX_PHASE_OPS, MESSAGE_MEMBERSHIP } from '../../../src/sync/members/membership-phase';
import { PeerLink } from '../../../src/sync/peer-link';
import type { RoomVerdict } from '../../../src/sync/peer-link-gate';
import { connectLinks, FakePeer, fakeConn, testLinkContext } from '../../support/peer-link';
import { waitFor } from '../../support/wait';

interface Side {
  doc: Y.Doc;
  peer: FakePeer;
  link: PeerLink;
  rejected: RejectReason[];
  settled: number;
}

const KNOWN = ['meta', 'people', 'members', 'rotations', 'membership'];

function side(
  name: string,
  doc: Y.Doc,
  settle: ((doc: Y.Doc) => RoomVerdict) | null,
  watch: ConstructorParameters<typeof PeerLink>[2] = null,
): Side {
  const peer = new FakePeer();
  const s: Side = { doc, peer, link: null as unknown as PeerLink, rejected: [], settled: 0 };
  const membership = settle
    ? {
        settle: async () => {
          s.settled++;
          return settle(doc);
        },
      }
    : null;
  const ctx = testLinkContext(name, doc, s.rejected, { known: KNOWN, membership });
  s.link = new PeerLink(fakeConn(name, peer), ctx, watch);
  return s;
}

const until = (pred: () => boolean, timeoutMs = 5_000) => waitFor(pred, timeoutMs, 'timed out');
const flush = () => new Promise((r) => setTimeout(r, 100));

/** The room as all three had it before the removal. */
function roomBefore(): Uint8Array {
  const d = new Y.Doc();
  const p = new Y.Map<unknown>();
  d.getMap('people').set('p1', p);
  p.set('name', 'Ana');
  return Y.encodeStateAsUpdate(d);
}

const devId = (n: string) => `device-${n}-0123456789`;

/** A version 1 rotation record removing `removed` (its envelopes do not matter to the link). */
function rotationRecord(removed: string) {
  const id = 'rotation-0123456789abcdef';
  return [
    id,
    {
      v: 1,
      id,
      spaceId: 'space-0123456789abcdef',
      by: devId('admin'),
      at: 1,
      removed: [removed],
      envelopes: {},
    },
  ] as const;
}

function docFrom(state: Uint8Array): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, state);
  return d;
}

const hasRotation = (doc: Y.Doc): RoomVerdict => (doc.getMap('rotations').size > 0 ? 'retired' : 'open');

describe('membership before content (peer link)', () => {
  it('a returning device learns of the removal from the records and sends the removed member nothing', async () => {
    const state = roomBefore();
    // The removed member was connected when the admin wrote the rotation record, so it has it.
    const removed = docFrom(state);
    const [rid, rec] = rotationRecord(devId('removed'));
    removed.getMap('rotations').set(rid, rec);
    // The returning device was offline meanwhile and edited.
    const returning = docFrom(state);
    (returning.getMap('people').get('p1') as Y.Map<unknown>).set('notes', 'made offline after the removal');
    const m = side('removed', removed, () => 'open'); // wants content, follows the protocol
    const b = side('returning', returning, hasRotation);
    connectLinks(m, b);
    await until(() => b.link.handshaken && b.settled > 0 && m.settled > 0);
    await flush();
    expect(returning.getMap('rotations').get(rid)).toEqual(rec); // learned of the key change
    expect((removed.getMap('people').get('p1') as Y.Map<unknown>).get('notes')).toBeUndefined();
    expect(b.link.synced).toBe(false); // no content came in either
    expect(m.link.synced).toBe(false);
    // Whatever the removed member sends later is refused, never applied.
    const evil = docFrom(state);
    (evil.getMap('people').get('p1') as Y.Map<unknown>).set('name', 'Changed by the removed member');
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(evil));
    m.peer.send(encoding.toUint8Array(e));
    await until(() => b.rejected.includes('room-retired'));
    expect((returning.getMap('people').get('p1') as Y.Map<unknown>).get('name')).toBe('Ana');
  });

  it('content flows both ways once both sides settled the room as open', async () => {
    const state = roomBefore();
    const a = side('a', docFrom(state), hasRotation);
    const b = side('b', docFrom(state), hasRotation);
    (a.doc.getMap('people').get('p1') as Y.Map<unknown>).set('notes', 'from a');
    (b.doc.getMap('people').get('p1') as Y.Map<unknown>).set('phone', 'from b');
    connectLinks(a, b);
    await until(() => a.link.synced && b.link.synced);
    expect((b.doc.getMap('people').get('p1') as Y.Map<unknown>).get('notes')).toBe('from a');
    expect((a.doc.getMap('people').get('p1') as Y.Map<unknown>).get('phone')).toBe('from b');
    expect([...a.rejected, ...b.rejected]).toEqual([]);
  });

  it('refuses forged and oversized membership messages, counted, with nothing merged', async () => {
    const a = side('a', new Y.Doc(), hasRotation);
    const raw = (m: Uint8Array) => {
      for (const f of splitMessage(1 + Math.floor(Math.random() * 1e6), m)) a.peer.emit('data', f);
    };
    const message = (ops: [string, string][], rotations: [string, string][] = [], version = 1) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_MEMBERSHIP);
      encoding.writeVarUint(e, version);
      encoding.writeVarUint(e, ops.length);
      for (const [k, v] of ops) {
        encoding.writeVarString(e, k);
        encoding.writeVarString(e, v);
      }
      encoding.writeVarUint(e, rotations.length);
      for (const [k, v] of rotations) {
        encoding.writeVarString(e, k);
        encoding.writeVarString(e, v);
      }
      return encoding.toUint8Array(e);
    };
    const hash = 'ab'.repeat(32);
    raw(message([], [], 2)); // unknown version
    raw(message(Array.from({ length: MAX_PHASE_OPS + 1 }, () => [hash, 'AAAA'] as [string, string]))); // too many
    raw(message([['not-a-hash', 'AAAA']]));
    raw(Uint8Array.of(MESSAGE_MEMBERSHIP, 1, 5)); // truncated
    await flush();
    expect(a.rejected).toEqual([
      'invalid-membership',
      'invalid-membership',
      'invalid-membership',
      'invalid-membership',
    ]);
    expect(a.settled).toBe(0); // none of them counts as the peer's membership
    // Well-formed, but the op is not what its key says, and the "rotation" is not a record: refused
    // one by one, nothing written, and the room still settles on what this device has.
    const forgedOp = toBase64Url(randomBytes(200));
    raw(message([[hash, forgedOp]], [['rotation-0123456789abcdef', JSON.stringify({ v: 1, id: 'x' })]]));
    await until(() => a.settled === 1);
    expect(a.rejected.slice(4)).toEqual(['invalid-membership']);
    expect(a.doc.getMap('membership').size).toBe(0);
    expect(a.doc.getMap('rotations').size).toBe(0);
    // A second membership message on the same link is refused too.
    raw(message([]));
    await flush();
    expect(a.rejected.slice(5)).toEqual(['invalid-membership']);
  });

  it('tears down a peer that never sends its membership message (the handshake watch retries it)', async () => {
    let stalled = 0;
    const watch = { timeoutMs: 200, handshaken: () => {}, stalled: () => stalled++ };
    const a = side('a', docFrom(roomBefore()), hasRotation, watch);
    const old = side('old', docFrom(roomBefore()), null); // says hello, then content only
    (old.doc.getMap('people').get('p1') as Y.Map<unknown>).set('notes', 'unchecked');
    connectLinks(a, old);
    await until(() => stalled === 1);
    expect(a.link.open).toBe(false);
    expect(a.link.device).not.toBeNull(); // the hello came; the membership did not
    expect((a.doc.getMap('people').get('p1') as Y.Map<unknown>).get('notes')).toBeUndefined();
    expect((old.doc.getMap('people').get('p1') as Y.Map<unknown>).get('notes')).toBe('unchecked');
  });
});
