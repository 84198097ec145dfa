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
import { AddressSlots, TokenBucket } from './signaling-budget';
import { resolveLimits, type SignalingLimits } from './signaling-limits';
import { type RawData, WebSocket, WebSocketServer } from './ws';

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

/** Running totals since the server started, for tests and health checks (counts only). */
export interface SignalingCounters {
  /** Upgrades refused because the address already held its maximum of connections. */
  refusedPerAddress: number;
  /** Publishes dropped because the sender had not subscribed to the topic. */
  publishesUnsubscribed: number;
  /** Publishes dropped because they would have exceeded the sender's fan-out budget. */
  publishesOverBudget: number;
  /** Sockets closed (1008) for sustained publishing over the fan-out budget. */
  closedOverBudget: number;
  /** Bytes of publish messages received from subscribed senders. */
  fanoutBytesIn: number;
  /** Bytes relayed: each relayed message's size times the sockets it went to. */
  fanoutBytesOut: number;
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

/** WebSocket close codes used here (RFC 6455 §7.4.1). */
export const CloseCode = Object.freeze({
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
});

interface Client {
  socket: WebSocket;
  topics: Set<string>;
  alive: boolean;
  /** Messages per second (every message). */
  messages: TokenBucket;
  /** Fan-out bytes per second (relayed publishes). */
  fanout: TokenBucket;
  /** Fan-out bytes dropped since the fan-out bucket was last full. */
  droppedBytes: number;
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  const onFrame = opts.onFrame;

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const topics = new Map<string, Set<Client>>();
  const clients = new Set<Client>();
  const perAddress = new AddressSlots(limits.maxConnectionsPerAddress);
  const counters: SignalingCounters = {
    refusedPerAddress: 0,
    publishesUnsubscribed: 0,
    publishesOverBudget: 0,
    closedOverBudget: 0,
    fanoutBytesIn: 0,
    fanoutBytesOut: 0,
  };
  /** Upgrades accepted and not yet closed (counted from the upgrade, so concurrent ones cannot overshoot). */
  let slots = 0;
  let closing = false;
  let closed: Promise<void> | undefined;

  const leave = (client: Client, topic: string) => {
    const subs = topics.get(topic);
    if (subs) {
      subs.delete(client);
      if (subs.size === 0) topics.delete(topic);
    }
    client.topics.delete(topic);
  };

  const send = (client: Client, text: string) => {
    const { socket } = client;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      log(`signaling: dropped a connection that stopped reading (${clients.size} open)`);
      socket.terminate();
      return;
    }
    try {
      socket.send(text);
    } catch {
      socket.terminate();
    }
  };

  /**
   * Relays a publish from a subscribed sender if its fan-out budget allows. Over budget the publish
   * is dropped and counted; a sender that keeps going until it has dropped a whole burst's worth
   * without its bucket refilling is closed (1008).
   */
  const relay = (client: Client, receivers: Set<Client>, text: string, bytesIn: number) => {
    const cost = Buffer.byteLength(text) * receivers.size;
    if (client.fanout.full()) client.droppedBytes = 0;
    if (!client.fanout.take(cost)) {
      if (client.droppedBytes === 0) {
        log(`signaling: dropping publishes over a sender's fan-out budget (${clients.size} open)`);
      }
      counters.publishesOverBudget += 1;
      client.droppedBytes += cost;
      if (client.droppedBytes >= limits.fanoutBurstBytes) {
        counters.closedOverBudget += 1;
        log(`signaling: closed a connection over the fan-out budget (${clients.size} open)`);
        client.socket.close(CloseCode.policyViolation, 'fan-out budget');
      }
      return;
    }
    counters.fanoutBytesIn += bytesIn;
    counters.fanoutBytesOut += cost;
    for (const receiver of [...receivers]) send(receiver, text);
  };

  const handleMessage = (client: Client, message: Record<string, unknown>, bytesIn: number) => {
    switch (message.type) {
      case 'subscribe': {
        if (!Array.isArray(message.topics)) return;
        for (const topic of message.topics) {
          if (typeof topic !== 'string' || topic.length > limits.maxTopicLength) continue;
          if (client.topics.has(topic)) continue;
          if (client.topics.size >= limits.maxTopicsPerConnection) break;
          let subs = topics.get(topic);
          if (!subs) {
            subs = new Set();
            topics.set(topic, subs);
          }
          subs.add(client);
          client.topics.add(topic);
        }
        return;
      }
      case 'unsubscribe': {
        if (!Array.isArray(message.topics)) return;
        for (const topic of message.topics) {
          if (typeof topic === 'string') leave(client, topic);
        }
        return;
      }
      case 'publish': {
        if (typeof message.topic !== 'string' || message.topic === '') return;
        if (!client.topics.has(message.topic)) {
          counters.publishesUnsubscribed += 1;
          return;
        }
        const receivers = topics.get(message.topic);
        if (!receivers) return;
        // No `clients` (room size) out, and none passed through from the sender: see the header.
        delete message.clients;
        relay(client, receivers, JSON.stringify(message), bytesIn);
        return;
      }
      case 'ping':
        send(client, JSON.stringify({ type: 'pong' }));
        return;
    }
  };

  wss.on('connection', (socket: WebSocket) => {
    const client: Client = {
      socket,
      topics: new Set(),
      alive: true,
      messages: new TokenBucket(limits.messageBurst, limits.messagesPerSecond),
      fanout: new TokenBucket(limits.fanoutBurstBytes, limits.fanoutBytesPerSecond),
      droppedBytes: 0,
    };
    clients.add(client);

    socket.on('pong', () => {
      client.alive = true;
    });
    // Errors (oversized frame, bad UTF-8, reset) are followed by 'close'; nothing to log.
    socket.on('error', () => {});
    socket.on('close', () => {
      for (const topic of [...client.topics]) leave(client, topic);
      clients.delete(client);
    });
    socket.on('message', (data: RawData) => {
      const raw = rawToString(data);
      onFrame?.(raw);
      if (socket.readyState !== WebSocket.OPEN) return;
      if (!client.messages.take()) {
        log(`signaling: closed a connection over the message rate limit (${clients.size} open)`);
        socket.close(CloseCode.policyViolation, 'rate limit');
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      if (isRecord(message)) handleMessage(client, message, Buffer.byteLength(raw));
    });
  });

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      try {
        client.socket.ping();
      } catch {
        client.socket.terminate();
      }
    }
  }, limits.pingIntervalMs);
  heartbeat.unref();

  const reject = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (ignored.has(pathOf(req.url))) return;
    socket.on('error', () => {});
    if (closing) return reject(socket, '503 Service Unavailable');
    if (!paths.has(pathOf(req.url))) return reject(socket, '404 Not Found');
    if (slots >= limits.maxConnections) {
      log(`signaling: refused a connection at the connection limit (${clients.size} open)`);
      return reject(socket, '503 Service Unavailable');
    }
    // Checked after the total, so a full server answers 503 to everyone alike.
    const address = req.socket.remoteAddress ?? '';
    if (!perAddress.acquire(address)) {
      counters.refusedPerAddress += 1;
      log(`signaling: refused a connection at the per-address limit (${clients.size} open)`);
      return reject(socket, '429 Too Many Requests');
    }
    slots += 1;
    socket.once('close', () => {
      slots -= 1;
      perAddress.release(address);
    });
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const subscriptions = () => {
    let n = 0;
    for (const subs of topics.values()) n += subs.size;
    return n;
  };

  return {
    limits: Object.freeze({ ...limits }),
    topicCount: () => topics.size,
    connectionCount: () => clients.size,
    stats: () => ({ connections: clients.size, topics: topics.size, subscriptions: subscriptions() }),
    counters: () => ({ ...counters }),
    close: () => {
      if (closed) return closed;
      closing = true;
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      for (const client of clients) client.socket.close(CloseCode.goingAway, 'server shutting down');
      closed = new Promise<void>((resolve) => {
        // Give clients a moment to complete the closing handshake, then cut whatever is left.
        const force = setTimeout(() => {
          for (const client of clients) client.socket.terminate();
        }, 1000);
        force.unref();
        wss.close(() => {
          clearTimeout(force);
          for (const client of [...clients]) {
            for (const topic of [...client.topics]) leave(client, topic);
            clients.delete(client);
          }
          topics.clear();
          resolve();
        });
      });
      return closed;
    },
  };
}
