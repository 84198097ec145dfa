/**
 * WebSocket signaling for y-webrtc, compatible with y-webrtc's own `bin/server.js` for y-webrtc
 * clients: `subscribe` / `unsubscribe` / `publish` (relayed to every subscriber of the topic, the
 * sender included) and `ping` → `pong`. Two deliberate differences, invisible to y-webrtc 10.3's
 * client (src/y-webrtc.js):
 * - A `publish` to a topic the socket has not subscribed is dropped. The client always subscribes
 *   a room before publishing to it (on connect: `subscribe` with every room, then the announces;
 *   on a new room: `subscribe`, then its announce; signals only go to rooms it is in).
 * - The relayed message carries no `clients` (the stock server adds the topic's subscriber count).
 *   The client never reads it, and it would tell anyone who subscribes to a room id how many
 *   devices are in that room. A `clients` the sender put in is removed too.
 *
 * What must stay true:
 * - Stateless: the only state is the in-memory topic → sockets map, and a socket leaves it when it
 *   closes. Nothing is written anywhere; several instances can run side by side.
 * - It never logs a payload, a topic name or a client address: log lines carry counts only.
 * - Every limit (message size, topics per connection, message rate, connections in total and per
 *   address, fan-out bytes per sender, send buffer) has a safe default and bounds what one client
 *   can make the server hold or send.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, type SignalingCounters, SignalingHub } from './signaling-hub';
import { resolveLimits, type SignalingLimits } from './signaling-limits';
import { type WebSocket, WebSocketServer } from './ws';
import { closeWebSocketServer, pathOf, startHeartbeat, UpgradeGate } from './ws-upgrade';

export { CloseCode, type SignalingCounters } from './signaling-hub';
export { DEFAULT_LIMITS, resolveLimits, type SignalingLimits } from './signaling-limits';

/** Options for {@link attachSignaling}. */
export interface SignalingOptions extends Partial<SignalingLimits> {
  /** URL paths that accept WebSocket upgrades (query strings ignored). Default `['/signal', '/']`. */
  paths?: readonly string[];
  /** Upgrade paths left to another handler on the same server (e.g. `/mailbox`), never answered here. */
  ignorePaths?: readonly string[];
  /**
   * Test hook: called with every message received (as UTF-8 text), before any check or parsing. Lets a test record
   * everything the server saw. Never wire this to a log.
   */
  onFrame?: (raw: string) => void;
  /** Receives operational log lines (counts only, never payloads, topics or addresses). */
  log?: (line: string) => void;
}

/** Counts describing the in-memory state, for tests and health checks. */
export interface SignalingStats {
  /** Open WebSocket connections. */
  connections: number;
  /** Topics with at least one subscriber. */
  topics: number;
  /** Sum over topics of their subscriber counts. */
  subscriptions: number;
}

/** What {@link attachSignaling} returns. */
export interface SignalingHandle {
  /** The limits in force, defaults filled in. */
  readonly limits: Readonly<SignalingLimits>;
  /** Topics with at least one subscriber. */
  topicCount(): number;
  /** Open connections. */
  connectionCount(): number;
  /** All counts at once. */
  stats(): SignalingStats;
  /** Running totals of refused connections, dropped publishes and relayed bytes. */
  counters(): SignalingCounters;
  /** Stops accepting upgrades, closes every socket (1001) and forgets every topic. */
  close(): Promise<void>;
}

/**
 * Attaches y-webrtc signaling to an HTTP server: WebSocket upgrades on `/signal` (and `/`, for
 * clients configured with a bare origin) are accepted; other upgrade paths get 404.
 *
 * @param server - The HTTP server whose `upgrade` events to handle.
 * @param opts - Limits, accepted paths, and test/log hooks.
 * @returns A handle with counts and `close()`.
 */
export function attachSignaling(server: Server, opts: SignalingOptions = {}): SignalingHandle {
  const limits = resolveLimits(opts);
  const paths = new Set(opts.paths ?? ['/signal', '/']);
  const ignored = new Set(opts.ignorePaths ?? []);
  const log = opts.log ?? (() => {});

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const hub = new SignalingHub(limits, log, opts.onFrame);
  const { topics, clients, counters } = hub;
  let closed: Promise<void> | undefined;

  wss.on('connection', (socket: WebSocket) => hub.connect(socket));
  const stopHeartbeat = startHeartbeat(clients, limits.pingIntervalMs);

  const gate = new UpgradeGate(wss, limits.maxConnections, limits.maxConnectionsPerAddress, (why) => {
    if (why === 'per-address-limit') counters.refusedPerAddress += 1;
    const limit = why === 'per-address-limit' ? 'per-address' : 'connection';
    log(`signaling: refused a connection at the ${limit} limit (${clients.size} open)`);
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req.url);
    if (!ignored.has(path)) gate.admit(req, socket, head, paths.has(path));
  };
  server.on('upgrade', onUpgrade);

  return {
    limits: Object.freeze({ ...limits }),
    topicCount: () => topics.size,
    connectionCount: () => clients.size,
    stats: () => ({ connections: clients.size, topics: topics.size, subscriptions: hub.subscriptions() }),
    counters: () => ({ ...counters }),
    close: () => {
      if (closed) return closed;
      gate.closing = true;
      stopHeartbeat();
      server.off('upgrade', onUpgrade);
      for (const client of clients) client.socket.close(CloseCode.goingAway, 'server shutting down');
      const sockets = () => [...clients].map((client) => client.socket);
      closed = closeWebSocketServer(wss, sockets, () => {
        for (const client of [...clients]) hub.forget(client);
        topics.clear();
      });
      return closed;
    },
  };
}
