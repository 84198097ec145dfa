/**
 * PeerLink over an in-memory fake of simple-peer: what y-webrtc would see and send, without WebRTC.
 * (Real WebRTC is covered by tests/integration/sync-webrtc.test.ts.)
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  checkUpdate,
  encodeFrame,
  FRAME_HEADER_BYTES,
  type RejectReason,
  splitMessage,
} from '../../../src/sync';
import type { HandshakeOptions } from '../../../src/sync/handshake-retry';
import { type LinkContext, PeerLink, type WebrtcConnLike } from '../../../src/sync/peer-link';
import { hookRoom, type RoomLike } from '../../../src/sync/room-hook';
import { DecodeGuard } from '../../../src/sync/wire/decode-guard';
import { tinyStructs } from '../../fuzz/hostile-corpus';
import { nodeDecodeWorkerFactory } from '../../fuzz/node-worker';
import { FakePeer, fakeConn, testLinkContext } from '../../support/peer-link';
import { waitFor } from '../../support/wait';

interface Side {
  doc: Y.Doc;
  peer: FakePeer;
  link: PeerLink;
  ctx: LinkContext & { broadcast: LinkContext['broadcast'] };
  rejected: RejectReason[];
  /** Messages that reached "y-webrtc" (its original 'data' listener). */
  toYWebrtc: Uint8Array[];
}

interface SideOptions {
  /** The update check (default: the guard in-thread, as in Node). */
  check?: LinkContext['check'];
  whenDurable?: LinkContext['whenDurable'];
  statePartBytes?: number;
  maxUpdateBytes?: number;
}

function side(name: string, known = ['meta', 'people'], opts: SideOptions = {}): Side {
  const doc = new Y.Doc();
  const peer = new FakePeer();
  const toYWebrtc: Uint8Array[] = [];
  peer.on('data', (m: Uint8Array) => toYWebrtc.push(m)); // y-webrtc's own listener, registered first
  const rejected: RejectReason[] = [];
  const ctx = testLinkContext(name, doc, rejected, { ...opts, known });
  const link = new PeerLink(fakeConn(name, peer), ctx);
  return { doc, peer, link, ctx, rejected, toYWebrtc };
}

function pair(optsA: SideOptions = {}, optsB: SideOptions = {}) {
  const a = side('a', undefined, optsA);
  const b = side('b', undefined, optsB);
  a.peer.other = b.peer;
  b.peer.other = a.peer;
  return { a, b };
}

const flush = () => new Promise((r) => setTimeout(r, 40));

const until = (pred: () => boolean, timeoutMs: number) => waitFor(pred, timeoutMs, 'timed out');

function syncMessage(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  write(e);
  return encoding.toUint8Array(e);
}

describe('PeerLink', () => {
  it('answers step 1, applies step 2 with the peer as origin, and says hello first', async () => {
    const { a, b } = pair();
    b.doc.getMap('people').set('p1', 'Ana');
    const origins: unknown[] = [];
    a.doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    a.peer.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, a.doc))); // what y-webrtc does on connect
    await flush();
    expect(a.doc.getMap('people').get('p1')).toBe('Ana');
    expect(origins).toEqual([a.link.origin]);
    expect(a.link.origin).toMatchObject({
      kind: 'peer',
      peerId: 'remote-of-a',
      deviceId: 'device-b-0123456789',
    });
    expect(a.link.device).toEqual(b.ctx.device);
    expect(a.link.synced).toBe(true);
    expect(a.toYWebrtc).toEqual([]); // sync never reaches y-webrtc
    expect(a.rejected).toEqual([]);
  });

  it('frames large messages into chunks well under 256 KiB', async () => {
    const { a, b } = pair();
    b.doc.getMap('people').set('big', 'x'.repeat(900_000));
    a.peer.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, a.doc)));
    await flush();
    expect(String(a.doc.getMap('people').get('big')).length).toBe(900_000);
    expect(b.peer.frames.length).toBeGreaterThan(14);
    expect(Math.max(...b.peer.frames.map((f) => f.length))).toBeLessThanOrEqual(
      64 * 1024 + FRAME_HEADER_BYTES,
    );
  });

  it('rejects updates touching unknown collections and never acknowledges them', async () => {
    const { a, b } = pair();
    const evil = new Y.Doc();
    evil.getMap('people').set('p1', 'ok');
    evil.getMap('secrets').set('x', 1);
    const before = Y.encodeStateAsUpdate(a.doc);
    b.ctx.delivery.noteLocalUpdate();
    b.ctx.broadcast = { tag: { kind: 'update', gen: b.ctx.delivery.currentGen }, origin: null };
    b.peer.send(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(evil))));
    b.ctx.broadcast = null;
    await flush();
    expect(a.rejected).toEqual(['unknown-collection']);
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(before);
    expect(b.ctx.delivery.unsent).toBe(true); // no ack came back
  });

  it('acknowledges applied updates so the sender knows they arrived', async () => {
    const { a, b } = pair();
    b.ctx.delivery.noteLocalUpdate();
    expect(b.ctx.delivery.unsent).toBe(true);
    const src = new Y.Doc();
    src.getMap('people').set('p', 1);
    b.ctx.broadcast = { tag: { kind: 'update', gen: b.ctx.delivery.currentGen }, origin: null };
    b.peer.send(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(src))));
    b.ctx.broadcast = null;
    await flush();
    expect(a.doc.getMap('people').get('p')).toBe(1);
    expect(b.ctx.delivery.unsent).toBe(false);
  });

  it('does not echo a peer’s update back to it', async () => {
    const { a, b } = pair();
    const framesBefore = a.peer.frames.length;
    a.ctx.broadcast = { tag: null, origin: a.link.origin };
    a.peer.send(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(b.doc))));
    a.ctx.broadcast = null;
    expect(a.peer.frames.length).toBe(framesBefore);
  });

  it('drops garbage frames and garbage messages with coded reasons, space unchanged', async () => {
    const { a, b } = pair();
    a.doc.getMap('people').set('keep', true);
    const before = Y.encodeStateAsUpdate(a.doc);
    const raw = (f: Uint8Array) => b.peer.other?.emit('data', f);
    raw(Uint8Array.of(1, 2, 3));
    raw(encodeFrame({ id: 99, index: 5, count: 2, total: 10 }, new Uint8Array(5)));
    const whole = (m: Uint8Array) => {
      for (const f of splitMessage(1000 + Math.floor(Math.random() * 1e6), m)) raw(f);
    };
    whole(Uint8Array.of(0x80)); // unterminated varUint
    whole(Uint8Array.of(42)); // unknown type
    whole(syncMessage((e) => encoding.writeVarUint(e, 2))); // update without payload
    whole(syncMessage((e) => syncProtocol.writeUpdate(e, Uint8Array.of(1, 2, 3, 4, 5))));
    whole(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(b.doc).subarray(0, 1))));
    whole(
      syncMessage((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, Uint8Array.of(0xff, 0xff));
      }),
    );
    await flush();
    expect(a.rejected).toEqual([
      'frame-too-short',
      'frame-header',
      'undecodable-message',
      'unknown-message',
      'undecodable-message',
      // Updates are refused once their check answered; the state vector at once.
      'invalid-state-vector',
      'undecodable-update',
      'undecodable-update',
    ]);
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(before);
    expect(a.toYWebrtc).toEqual([]);
  });

  it('hands y-webrtc only sanitized awareness', async () => {
    const { a, b } = pair();
    const remote = new awarenessProtocol.Awareness(new Y.Doc());
    remote.setLocalState({
      deviceName: 'Phone B',
      deviceId: 'device-b-0123456789',
      avatar: 'https://tracker.example/x.png',
    });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(remote, [remote.clientID]));
    b.peer.send(encoding.toUint8Array(e));
    await flush();
    expect(a.toYWebrtc).toHaveLength(1);
    const local = new awarenessProtocol.Awareness(new Y.Doc());
    const d = decoding.createDecoder(a.toYWebrtc[0] as Uint8Array);
    expect(decoding.readVarUint(d)).toBe(1);
    awarenessProtocol.applyAwarenessUpdate(local, decoding.readVarUint8Array(d), 'test');
    expect(local.getStates().get(remote.clientID)).toEqual({
      deviceName: 'Phone B',
      deviceId: 'device-b-0123456789',
    });
    remote.destroy();
    local.destroy();
  });

  it('stops sending once the channel closed', async () => {
    const { a } = pair();
    a.peer.destroy();
    const n = a.peer.frames.length;
    a.link.send(Uint8Array.of(1, 2, 3), null);
    expect(a.peer.frames.length).toBe(n);
    expect(a.link.connected).toBe(false);
  });

  it('refuses an update crafted to decode slowly as decode-timeout, space unchanged, main thread running', async () => {
    const rules = { maxUpdateBytes: 8 * 1024 * 1024, knownCollections: new Set(['meta', 'people']) };
    const guard = new DecodeGuard({ rules, createWorker: nodeDecodeWorkerFactory(), budgetMs: 150 });
    expect(await guard.warmUp()).toEqual({ ok: true }); // what the session does when it opens
    const { a, b } = pair({ check: (u) => guard.check(u), maxUpdateBytes: rules.maxUpdateBytes });
    a.doc.getMap('people').set('keep', true);
    const before = Y.encodeStateAsUpdate(a.doc);
    const later = new Y.Doc();
    later.getMap('people').set('after', 'applied after the refused one');
    const laterUpdate = Y.encodeStateAsUpdate(later);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    // 4 MB of one-clock structs: about a second of decoding here, far more on a phone.
    b.peer.send(syncMessage((e) => syncProtocol.writeUpdate(e, tinyStructs(2_000_000))));
    b.peer.send(syncMessage((e) => syncProtocol.writeUpdate(e, laterUpdate)));
    await until(() => a.doc.getMap('people').has('after'), 20_000);
    clearInterval(ticker);
    expect(a.rejected).toEqual(['decode-timeout']);
    expect(ticks).toBeGreaterThan(5); // timers kept firing while the worker decoded
    // Unchanged but for the later, valid update.
    const expected = new Y.Doc();
    Y.applyUpdate(expected, before);
    Y.applyUpdate(expected, laterUpdate);
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(expected));
    expect(a.doc.getMap('people').toJSON()).toEqual(expected.getMap('people').toJSON());
    expect(a.doc.store.pendingStructs).toBeNull();
    guard.dispose();
  }, 30_000);

  it('applies remote updates in arrival order, whatever order their checks finish in', async () => {
    let n = 0;
    const { a, b } = pair({
      // The first check answers last.
      check: (u) => {
        const delay = n++ === 0 ? 60 : 0;
        return new Promise((r) => setTimeout(() => r(checkUpdate(u, a.ctx.rules)), delay));
      },
    });
    const src = new Y.Doc();
    const updates: Uint8Array[] = [];
    src.on('update', (u: Uint8Array) => updates.push(u));
    src.getMap('people').set('p', 'first');
    src.getMap('people').set('p', 'second');
    const seen: unknown[] = [];
    a.doc.getMap('people').observe(() => seen.push(a.doc.getMap('people').get('p')));
    for (const u of updates) b.peer.send(syncMessage((e) => syncProtocol.writeUpdate(e, u)));
    await until(() => seen.length === 2, 5_000);
    expect(seen).toEqual(['first', 'second']);
    expect(a.doc.store.pendingStructs).toBeNull();
  });

  it('acknowledges an update only once it is stored', async () => {
    let store!: () => void;
    const stored = new Promise<void>((r) => {
      store = r;
    });
    const { a, b } = pair({ whenDurable: () => stored });
    b.ctx.delivery.noteLocalUpdate();
    const src = new Y.Doc();
    src.getMap('people').set('p', 1);
    b.ctx.broadcast = { tag: { kind: 'update', gen: b.ctx.delivery.currentGen }, origin: null };
    b.peer.send(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(src))));
    b.ctx.broadcast = null;
    await flush();
    expect(a.doc.getMap('people').get('p')).toBe(1); // applied…
    expect(b.ctx.delivery.unsent).toBe(true); // …but not stored yet: no ack
    store();
    await flush();
    expect(b.ctx.delivery.unsent).toBe(false);
  });

  it('sends a state larger than the peer’s update limit in parts that each fit, and the peer converges', async () => {
    const fill = (doc: Y.Doc) => {
      const people = doc.getMap('people');
      for (let i = 0; i < 3000; i++) {
        const rec = new Y.Map<unknown>();
        people.set(`person-${i}`, rec);
        rec.set('name', `Person ${i} ${'n'.repeat(150)}`);
        rec.set('assessment', (i % 5) + 1);
      }
    };
    const limit = 256 * 1024;
    // One step 2 would be refused.
    const whole = pair({ maxUpdateBytes: limit }, { statePartBytes: 64 * 1024 * 1024 });
    fill(whole.b.doc);
    expect(Y.encodeStateAsUpdate(whole.b.doc).length).toBeGreaterThan(2 * limit);
    whole.a.peer.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, whole.a.doc)));
    await until(() => whole.a.rejected.length > 0, 5_000);
    expect(whole.a.rejected).toEqual(['oversized-update']);
    expect(whole.a.link.synced).toBe(false);

    // In parts of about 64 KiB, every part fits.
    const { a, b } = pair({ maxUpdateBytes: limit }, { statePartBytes: 64 * 1024 });
    fill(b.doc);
    b.ctx.delivery.noteLocalUpdate(); // the state counts as unsent until the peer confirms it all
    a.peer.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, a.doc)));
    await until(() => a.link.synced && !b.ctx.delivery.unsent, 10_000);
    expect(a.rejected).toEqual([]);
    expect(a.doc.getMap('people').size).toBe(3000);
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
    expect(a.doc.getMap('people').toJSON()).toEqual(b.doc.getMap('people').toJSON());
  });
});

/**
 * A stand-in for y-webrtc's `Room`, with the behaviour of 10.3.0 that the handshake retry relies on:
 * each connection's peer carries y-webrtc's 'data', 'error' (→ announce) and 'close' (→ drop the
 * connection, then announce) listeners before it is put in `webrtcConns`; an announce that reaches a
 * peer we hold no connection to makes a new one.
 */
class FakeRoom {
  readonly name = `room-${Math.random()}`;
  readonly doc = new Y.Doc();
  webrtcConns = new Map<string, WebrtcConnLike>();
  bcconnected = false;
  _bcSubscriber = () => undefined;
  _docUpdateHandler = () => {};
  provider = { shouldConnect: true };
  /** Announces made by y-webrtc on a close, and through a connection's 'error' listener. */
  announces = { onClose: 0, onError: 0 };
  /** Called on every announce (the signaling server passing it to the other peers). */
  onAnnounce: () => void = () => {};
  connect() {}
  disconnect() {
    this.provider.shouldConnect = false;
    for (const c of this.webrtcConns.values()) c.peer.destroy();
  }

  /** What `new WebrtcConn(…)` followed by `webrtcConns.set` does, with `peer` as its simple-peer. */
  open(remotePeerId: string, peer: FakePeer): WebrtcConnLike {
    const conn: WebrtcConnLike = {
      remotePeerId,
      peer: peer as never,
      connected: false,
      closed: false,
      synced: false,
    };
    peer.on('data', () => {});
    peer.on('error', () => {
      this.announces.onError++;
      this.onAnnounce();
    });
    peer.on('close', () => {
      conn.closed = true;
      if (this.webrtcConns.get(remotePeerId) === conn) this.webrtcConns.delete(remotePeerId);
      this.announces.onClose++;
      this.onAnnounce();
    });
    this.webrtcConns.set(remotePeerId, conn);
    return conn;
  }
}

/** A simple-peer whose handshake never completes: no answer ever comes, the channel never opens. */
function stuckPeer(): FakePeer {
  const peer = new FakePeer();
  peer._channel.readyState = 'connecting';
  return peer;
}

function hooked(room: FakeRoom, name: string, handshake: Partial<HandshakeOptions>) {
  const links: PeerLink[] = [];
  const ctx = side(name).ctx;
  hookRoom(room as unknown as RoomLike, {
    context: ctx,
    handshake,
    added: (link) => links.push(link),
    docUpdate: (_u, _o, send) => send(null),
    beginBroadcast: () => {},
    endBroadcast: () => {},
  });
  return links;
}

describe('handshake timeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tears down a connection whose handshake never completes, announces again, and a new connection is made', async () => {
    vi.useFakeTimers();
    const room = new FakeRoom();
    const links = hooked(room, 'a', { timeoutMs: 15_000, retryBaseMs: 1_000, maxRetries: 2 });
    const peers: FakePeer[] = [];
    // The silent peer answers every announce that finds no connection with a new offer.
    room.onAnnounce = () => {
      if (room.webrtcConns.has('silent')) return;
      const peer = stuckPeer();
      peers.push(peer);
      room.open('silent', peer);
    };
    peers.push(stuckPeer());
    room.open('silent', peers[0] as FakePeer);
    expect(links).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(14_900);
    expect(links[0]?.open).toBe(true); // not before the timeout
    await vi.advanceTimersByTimeAsync(200);
    expect(links[0]?.open).toBe(false);
    expect(links[0]?.stalled).toBe(true);
    expect(peers[0]?._channel.readyState).toBe('closed'); // destroyed
    expect(room.announces.onClose).toBe(1); // y-webrtc's own announce on close…
    expect(links).toHaveLength(2); // …made a fresh connection at once
    expect(room.webrtcConns.get('silent')).toBe(links[1]?.conn);

    // The re-announce after the backoff (1 s ± jitter) goes out through y-webrtc's announce.
    await vi.advanceTimersByTimeAsync(1_500);
    expect(room.announces.onError).toBe(1);

    // Each new connection is watched too; re-announces stop after maxRetries stalls with this peer.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(links.filter((l) => l.stalled).length).toBeGreaterThanOrEqual(3);
    expect(room.announces.onError).toBe(2);
    expect(links.filter((l) => l.open)).toHaveLength(1); // never more than one connection per peer
  });

  it('never tears down a connection that completed its handshake', async () => {
    vi.useFakeTimers();
    const ra = new FakeRoom();
    const rb = new FakeRoom();
    const la = hooked(ra, 'a', { timeoutMs: 1_000 });
    const lb = hooked(rb, 'b', { timeoutMs: 1_000 });
    const pa = new FakePeer();
    const pb = new FakePeer();
    pa.other = pb;
    pb.other = pa;
    ra.open('b', pa);
    rb.open('a', pb);
    pa.emit('connect');
    pb.emit('connect');
    await vi.advanceTimersByTimeAsync(10);
    expect(la[0]?.handshaken).toBe(true);
    expect(lb[0]?.handshaken).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect([la[0]?.open, lb[0]?.open, la[0]?.stalled, lb[0]?.stalled]).toEqual([true, true, false, false]);
    expect(pa._channel.readyState).toBe('open');
    expect(ra.announces).toEqual({ onClose: 0, onError: 0 });
    expect(rb.announces).toEqual({ onClose: 0, onError: 0 });
  });

  it('waits for the peer’s hello, not only the open channel', async () => {
    vi.useFakeTimers();
    const room = new FakeRoom();
    const links = hooked(room, 'a', { timeoutMs: 1_000 });
    const mute = new FakePeer(); // channel open, but the other side never says hello
    room.open('mute', mute);
    mute.emit('connect');
    await vi.advanceTimersByTimeAsync(1_100);
    expect(links[0]?.stalled).toBe(true);
    expect(room.webrtcConns.size).toBe(0);
  });

  it('schedules nothing once the room disconnected', async () => {
    vi.useFakeTimers();
    const room = new FakeRoom();
    const links = hooked(room, 'a', { timeoutMs: 1_000, retryBaseMs: 5_000 });
    room.open('silent', stuckPeer());
    await vi.advanceTimersByTimeAsync(1_100); // stalled: a re-announce is due in ~5 s
    expect(links[0]?.stalled).toBe(true);
    room.disconnect();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(room.announces.onError).toBe(0);
  });
});
