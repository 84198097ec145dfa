/**
 * Takes over a y-webrtc `Room` right after y-webrtc opened it, so that every peer goes through a
 * `PeerLink` (framing + validation).
 *
 * Why monkeypatching and not a fork: y-webrtc stays an ordinary, upgradable dependency, and the
 * surface touched is small and pinned (y-webrtc 10.3.0): `room.webrtcConns` (a Map), the room's
 * `_docUpdateHandler` and `_bcSubscriber` properties, `room.connect` and `room.disconnect`, and on
 * each connection `conn.peer.send`, the peer's 'data' listeners, and its 'error' listener (called to
 * announce the room again, see peer-link.ts `announce`). Upgrading y-webrtc means re-reading its
 * `src/y-webrtc.js` against this list; the integration tests fail loudly if a hook stops working.
 *
 * Traps:
 * - The room is created inside a promise callback (after PBKDF2 of the password) and connected in
 *   the same callback; `hookRoom` must run in the next callback on the same promise
 *   (`provider.key.then(...)`), before any network event can create a connection.
 * - `webrtcConns` is replaced by a Map whose `set` wraps each connection as y-webrtc inserts it
 *   (synchronously after `new WebrtcConn`, before the peer can emit anything).
 * - BroadcastChannel is switched off: y-webrtc applies same-browser-tab messages unchecked and
 *   unframed, with the room as origin. Other tabs of the app therefore sync over WebRTC like any
 *   peer (the provider is created with `filterBcConns: false`). y-webrtc still posts its own four
 *   hello messages on the channel at connect time; nobody listens to them.
 * - The doc-update handler is wrapped so that the session decides when an update goes out (a local
 *   one only once stored: durable-outbox.ts) and the per-connection send hook knows which update a
 *   broadcast carries (for delivery tracking) and who it came from (to avoid echoing it back).
 * - Every connection's handshake is watched (handshake-retry.ts): one that does not complete in
 *   time is destroyed, and the room announced again after a backoff; the re-announces are
 *   cancelled when the room disconnects.
 */
import * as bc from 'lib0/broadcastchannel';
import type * as Y from 'yjs';
import type { SentTag } from './delivery';
import { type HandshakeOptions, HandshakeRetry } from './handshake-retry';
import { type HandshakeWatch, type LinkContext, PeerLink, type WebrtcConnLike } from './peer-link';

/** The parts of y-webrtc's `Room` used here. */
export interface RoomLike {
  name: string;
  doc: Y.Doc;
  webrtcConns: Map<string, WebrtcConnLike>;
  bcconnected: boolean;
  _bcSubscriber: (data: ArrayBuffer) => unknown;
  _docUpdateHandler: (update: Uint8Array, origin: unknown) => void;
  connect(): void;
  disconnect(): void;
  provider: { shouldConnect: boolean };
}

/** Session callbacks for a hooked room. */
export interface RoomHooks {
  /** Context shared by the room's links. */
  context: LinkContext;
  /** Handshake timeout and retry policy (defaults: handshake-retry.ts `DEFAULT_HANDSHAKE`). */
  handshake?: Partial<HandshakeOptions> | undefined;
  /** A connection was taken over. */
  added(link: PeerLink): void;
  /**
   * The doc emitted `update`: call `send(tag)` (now or later, at most once) to broadcast it to the
   * room's peers with `tag` recording which local change it carries (null for a peer's update).
   */
  docUpdate(update: Uint8Array, origin: unknown, send: (tag: SentTag | null) => void): void;
  /** Sets what the current broadcast carries (called around y-webrtc's doc-update handler). */
  beginBroadcast(tag: SentTag | null, origin: unknown): void;
  endBroadcast(): void;
}

const HOOKED = Symbol('shopfloor.hooked');

class LinkingMap extends Map<string, WebrtcConnLike> {
  constructor(private readonly onAdd: (conn: WebrtcConnLike) => void) {
    super();
  }
  override set(key: string, conn: WebrtcConnLike): this {
    if (!(conn as unknown as Record<symbol, unknown>)[HOOKED]) {
      (conn as unknown as Record<symbol, unknown>)[HOOKED] = true;
      this.onAdd(conn);
    }
    return super.set(key, conn);
  }
}

/** Takes over `room` (see the header). Idempotent per room. */
export function hookRoom(room: RoomLike, hooks: RoomHooks): void {
  const r = room as RoomLike & Record<symbol, unknown>;
  if (r[HOOKED]) return;
  r[HOOKED] = true;

  // 1. BroadcastChannel off.
  bc.unsubscribe(room.name, room._bcSubscriber);
  room._bcSubscriber = () => undefined;
  room.bcconnected = false;
  const connect = room.connect.bind(room);
  room.connect = () => {
    connect();
    room.bcconnected = false;
  };

  // 2. Every connection goes through a PeerLink, whose handshake is watched.
  const retry = new HandshakeRetry(hooks.handshake, () => room.provider.shouldConnect);
  const watch: HandshakeWatch = {
    timeoutMs: retry.options.timeoutMs,
    handshaken: (link) => retry.handshaken(link.conn.remotePeerId),
    stalled: (link) => retry.stalled(link),
  };
  const disconnect = room.disconnect.bind(room);
  room.disconnect = () => {
    retry.cancel();
    disconnect();
  };
  const conns = new LinkingMap((conn) => hooks.added(new PeerLink(conn, hooks.context, watch)));
  for (const [key, conn] of room.webrtcConns) conns.set(key, conn);
  room.webrtcConns = conns;

  // 3. The session decides when each update goes out, and the links know what it carries.
  const original = room._docUpdateHandler;
  const wrapped = (update: Uint8Array, origin: unknown) =>
    hooks.docUpdate(update, origin, (tag) => {
      hooks.beginBroadcast(tag, origin);
      try {
        original(update, origin);
      } finally {
        hooks.endBroadcast();
      }
    });
  room.doc.off('update', original);
  room._docUpdateHandler = wrapped;
  if (room.provider.shouldConnect) room.doc.on('update', wrapped);
}
