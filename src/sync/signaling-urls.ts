/**
 * One signaling WebSocket per session, carrying that session's room only.
 *
 * Why: y-webrtc (10.3.0) keeps one global `SignalingConn` per URL and subscribes every open room on
 * every signaling socket — on connect (`rooms.keys()`) and whenever a room announces itself
 * (`announceSignalingInfo` walks all sockets). After a key rotation a device has the old room and the
 * new one open for a while; on one socket the server could link them and see which device moved
 * (and which did not). Two measures, both needed:
 *   1. `sessionSignalingUrls` gives every session its own URLs (a random `c` query parameter, fresh
 *      per URL so that two servers cannot match their connections by it either), so y-webrtc opens
 *      a socket per session. The server ignores query strings on `/signal` (server/signaling.ts
 *      `pathOf`).
 *   2. A socket still sends every room's subscribe and announce, so `SignalingConn.prototype.send` is
 *      wrapped (once, on first use) to drop subscriptions and publications for rooms whose provider
 *      does not use that socket (`conn.providers`). This also covers the socket that connects before
 *      its own room exists (the room opens only after PBKDF2 of its password): y-webrtc would
 *      subscribe it to the other, already open, rooms.
 * What must stay true: a session's socket carries only its provider's room name. The test in
 * tests/unit/sync/signaling-urls.test.ts records every message each socket sends and fails if one
 * socket names two rooms.
 */
import { SignalingConn } from 'y-webrtc';
import { randomId } from '../crypto';

/** The parts of y-webrtc's `SignalingConn` used here. */
interface ScopedConn {
  providers: Set<{ roomName: string }>;
}

let confined = false;

/**
 * `urls` made distinct for one session: each gets a fresh random `c` query parameter, so y-webrtc
 * opens a signaling socket of its own for the session; and signaling sockets are confined to their
 * own rooms (see the header).
 *
 * @example
 * new WebrtcProvider(roomName, doc, { signaling: sessionSignalingUrls(opts.signaling), … })
 * // ['wss://shopfloor.example/signal'] → ['wss://shopfloor.example/signal?c=Vb3…']
 */
export function sessionSignalingUrls(urls: readonly string[]): string[] {
  confineSignalingSockets();
  return urls.map((text) => {
    const url = new URL(text);
    url.searchParams.set('c', randomId(12));
    return url.href;
  });
}

/**
 * A signaling message narrowed to `rooms`: subscriptions to other rooms are left out, and null when
 * nothing is left or the message publishes to another room. Other messages (ping) pass unchanged.
 */
export function scopeSignalingMessage(message: unknown, rooms: ReadonlySet<string>): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const m = message as { type?: unknown; topic?: unknown; topics?: unknown };
  switch (m.type) {
    case 'subscribe':
    case 'unsubscribe': {
      const topics = Array.isArray(m.topics) ? m.topics.filter((t) => rooms.has(t)) : [];
      return topics.length > 0 ? { ...m, topics } : null;
    }
    case 'publish':
      return typeof m.topic === 'string' && rooms.has(m.topic) ? message : null;
    default:
      return message;
  }
}

/** Wraps `SignalingConn.prototype.send` once (see the header). */
function confineSignalingSockets(): void {
  if (confined) return;
  confined = true;
  const proto = SignalingConn.prototype as unknown as { send(message: unknown): void };
  const send = proto.send; // lib0's WebsocketClient.send
  proto.send = function (this: ScopedConn, message: unknown) {
    const rooms = new Set([...this.providers].map((p) => p.roomName));
    const scoped = scopeSignalingMessage(message, rooms);
    if (scoped !== null) send.call(this, scoped);
  };
}
