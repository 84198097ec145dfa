/**
 * PeerLink without WebRTC: an in-memory fake of simple-peer and the context a link runs in, for
 * unit tests of the link, its membership gate and the room hook (real WebRTC: tests/integration).
 */
import { EventEmitter } from 'node:events';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { DEFAULT_STATE_PART_BYTES, DeliveryTracker, type RejectReason } from '../../src/sync';
import { DEFAULT_MAX_QUEUED_BYTES, type LinkContext, type WebrtcConnLike } from '../../src/sync/peer-link';
import { DecodeGuard } from '../../src/sync/wire/decode-guard';

/** simple-peer as a link sees it: frames sent reach `other` on a microtask; every frame is kept. */
export class FakePeer extends EventEmitter {
  _channel = { readyState: 'open', bufferedAmount: 0 };
  other: FakePeer | null = null;
  frames: Uint8Array[] = [];
  send(data: Uint8Array) {
    this.frames.push(data);
    const other = this.other;
    queueMicrotask(() => other?.emit('data', data));
  }
  destroy() {
    this._channel.readyState = 'closed';
    this.emit('close');
  }
}

/** What a test may set on a link's context (the rest is the app's defaults, the check in-thread). */
export interface TestLinkOptions {
  known?: string[];
  check?: LinkContext['check'];
  whenDurable?: LinkContext['whenDurable'];
  statePartBytes?: number;
  maxUpdateBytes?: number;
  membership?: LinkContext['membership'];
  authorship?: LinkContext['authorship'];
}

/** A link context for device `name` over `doc`; refusals go to `rejected`. */
export function testLinkContext(
  name: string,
  doc: Y.Doc,
  rejected: RejectReason[],
  opts: TestLinkOptions = {},
): LinkContext & { broadcast: LinkContext['broadcast'] } {
  const rules = {
    maxUpdateBytes: opts.maxUpdateBytes ?? 1024 * 1024,
    knownCollections: new Set(opts.known ?? ['meta', 'people']),
  };
  const guard = new DecodeGuard({ rules, createWorker: null });
  return {
    doc,
    device: { deviceId: `device-${name}-0123456789`, deviceName: `Phone ${name}` },
    rules,
    frameLimits: {},
    senderLimits: {},
    delivery: new DeliveryTracker(false),
    check: opts.check ?? ((u) => guard.check(u)),
    whenDurable: opts.whenDurable ?? null,
    statePartBytes: opts.statePartBytes ?? DEFAULT_STATE_PART_BYTES,
    maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
    broadcast: null,
    reject: (r) => rejected.push(r),
    changed: () => {},
    membership: opts.membership ?? null,
    authorship: opts.authorship ?? null,
  };
}

/** y-webrtc's connection record around `peer`, as a link is handed it. */
export function fakeConn(name: string, peer: FakePeer): WebrtcConnLike {
  return {
    remotePeerId: `remote-of-${name}`,
    peer: peer as never,
    connected: true,
    closed: false,
    synced: false,
  };
}

/**
 * Wires two fake peers together and does what y-webrtc does on connect: each side sends its sync
 * step 1 (held by a gated link) and sees 'connect'.
 */
export function connectLinks(a: { peer: FakePeer; doc: Y.Doc }, b: { peer: FakePeer; doc: Y.Doc }): void {
  a.peer.other = b.peer;
  b.peer.other = a.peer;
  for (const s of [a, b]) {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0); // y-webrtc's sync message
    encoding.writeVarUint(e, 0); // step 1
    encoding.writeVarUint8Array(e, Y.encodeStateVector(s.doc));
    s.peer.send(encoding.toUint8Array(e));
    s.peer.emit('connect');
  }
}
