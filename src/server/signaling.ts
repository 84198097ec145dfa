/**
 * WebSocket signaling for y-webrtc, wire-compatible with y-webrtc's own `bin/server.js`:
 * `subscribe` / `unsubscribe` / `publish` (relayed to every subscriber of the topic, the sender
 * included, with `clients` added) and `ping` → `pong`. Clients cannot tell it from the stock server.
 *
 * What must stay true:
 * - Stateless: the only state is the in-memory topic → sockets map, and a socket leaves it when it
 *   closes. Nothing is written anywhere; several instances can run side by side.
 * - It never logs a payload, a topic name or a client address: log lines carry counts only.
 * - Every limit (message size, topics per connection, message rate, connections, send buffer) has a
 *   safe default and bounds what one client can make the server hold or send.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from './ws';

/** Limits the signaling server enforces. Every one has a safe default (see {@link DEFAULT_LIMITS}). */
export interface SignalingLimits {
  /** Largest accepted message, in bytes; a larger one closes the socket with code 1009. */
  maxMessageBytes: number;
  /** Topics one connection may be subscribed to at once; further subscribes are ignored. */
  maxTopicsPerConnection: number;
  /** Longest accepted topic name, in characters; longer names are ignored. */
  maxTopicLength: number;
  /** Sustained messages per second per connection (token bucket refill rate). */
  messagesPerSecond: number;
  /** Burst of messages a connection may send at once (token bucket size); excess closes with 1008. */
  messageBurst: number;
  /** Open connections in total; upgrades beyond it are refused with HTTP 503. */
  maxConnections: number;
  /** Bytes queued for one slow receiver before it is dropped. */
  maxBufferedBytes: number;
  /** WebSocket-level ping interval; a socket that has not answered the previous ping is terminated. */
  pingIntervalMs: number;
}

/** The defaults: generous for y-webrtc's small offers and answers, tight enough for one small host. */
export const DEFAULT_LIMITS: Readonly<SignalingLimits> = Object.freeze({
  maxMessageBytes: 64 * 1024,
  maxTopicsPerConnection: 64,
  maxTopicLength: 512,
  messagesPerSecond: 50,
  messageBurst: 200,
  maxConnections: 5000,
  maxBufferedBytes: 4 * 1024 * 1024,
  pingIntervalMs: 30_000,
});

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
  tokens: number;
  refilledAt: number;
}

/**
 * Resolves partial limits against the defaults, rejecting values that are not positive finite numbers.
 *
 * @param partial - Limits to override; `undefined` entries keep the default.
 * @returns A complete set of limits.
 * @throws RangeError when an override is not a positive finite number.
 */
export function resolveLimits(partial: Partial<SignalingLimits> = {}): SignalingLimits {
  const out: SignalingLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SignalingLimits)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`signaling limit ${key} must be a positive number`);
    }
    out[key] = value;
  }
  return out;
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

  /** Token bucket: true when the client may send one more message now. */
  const takeToken = (client: Client): boolean => {
    const now = performance.now();
    const refill = ((now - client.refilledAt) / 1000) * limits.messagesPerSecond;
    client.tokens = Math.min(limits.messageBurst, client.tokens + refill);
    client.refilledAt = now;
    if (client.tokens < 1) return false;
    client.tokens -= 1;
    return true;
  };

  const handleMessage = (client: Client, message: Record<string, unknown>) => {
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
        const receivers = topics.get(message.topic);
        if (!receivers) return;
        message.clients = receivers.size;
        const text = JSON.stringify(message);
        for (const receiver of [...receivers]) send(receiver, text);
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
      tokens: limits.messageBurst,
      refilledAt: performance.now(),
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
      if (!takeToken(client)) {
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
      if (isRecord(message)) handleMessage(client, message);
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
    if (clients.size >= limits.maxConnections) {
      log(`signaling: refused a connection at the connection limit (${clients.size} open)`);
      return reject(socket, '503 Service Unavailable');
    }
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
