/**
 * The signaling server's in-memory state and protocol: the topic → sockets map, the connected
 * clients, and what each message does (`subscribe`, `unsubscribe`, `publish`, `ping`). See the
 * header of `signaling.ts` for what must stay true; this module owns no timer and no HTTP server.
 */
import { TokenBucket } from './signaling-budget';
import type { SignalingLimits } from './signaling-limits';
import { type RawData, WebSocket } from './ws';

/** WebSocket close codes used here (RFC 6455 §7.4.1). */
export const CloseCode = Object.freeze({
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
});

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

/** One connected socket and what it holds. */
export interface Client {
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

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Topics, clients and counters of one signaling server, and the handling of their messages. */
export class SignalingHub {
  readonly topics = new Map<string, Set<Client>>();
  readonly clients = new Set<Client>();
  readonly counters: SignalingCounters = {
    refusedPerAddress: 0,
    publishesUnsubscribed: 0,
    publishesOverBudget: 0,
    closedOverBudget: 0,
    fanoutBytesIn: 0,
    fanoutBytesOut: 0,
  };

  constructor(
    private readonly limits: SignalingLimits,
    private readonly log: (line: string) => void,
    private readonly onFrame: ((raw: string) => void) | undefined,
  ) {}

  /** Sum over topics of their subscriber counts. */
  subscriptions(): number {
    let n = 0;
    for (const subs of this.topics.values()) n += subs.size;
    return n;
  }

  /** Takes a new socket in: its client state, and its pong, close and message handlers. */
  connect(socket: WebSocket): void {
    const { limits } = this;
    const client: Client = {
      socket,
      topics: new Set(),
      alive: true,
      messages: new TokenBucket(limits.messageBurst, limits.messagesPerSecond),
      fanout: new TokenBucket(limits.fanoutBurstBytes, limits.fanoutBytesPerSecond),
      droppedBytes: 0,
    };
    this.clients.add(client);

    socket.on('pong', () => {
      client.alive = true;
    });
    // Errors (oversized frame, bad UTF-8, reset) are followed by 'close'; nothing to log.
    socket.on('error', () => {});
    socket.on('close', () => this.forget(client));
    socket.on('message', (data: RawData) => this.receive(client, data));
  }

  /** Drops a client from every topic and from the client set. */
  forget(client: Client): void {
    for (const topic of [...client.topics]) this.leave(client, topic);
    this.clients.delete(client);
  }

  private receive(client: Client, data: RawData): void {
    const { socket } = client;
    const raw = rawToString(data);
    this.onFrame?.(raw);
    if (socket.readyState !== WebSocket.OPEN) return;
    if (!client.messages.take()) {
      this.log(`signaling: closed a connection over the message rate limit (${this.clients.size} open)`);
      socket.close(CloseCode.policyViolation, 'rate limit');
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (isRecord(message)) this.handleMessage(client, message, Buffer.byteLength(raw));
  }

  private leave(client: Client, topic: string): void {
    const subs = this.topics.get(topic);
    if (subs) {
      subs.delete(client);
      if (subs.size === 0) this.topics.delete(topic);
    }
    client.topics.delete(topic);
  }

  private send(client: Client, text: string): void {
    const { socket } = client;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.log(`signaling: dropped a connection that stopped reading (${this.clients.size} open)`);
      socket.terminate();
      return;
    }
    try {
      socket.send(text);
    } catch {
      socket.terminate();
    }
  }

  /**
   * Relays a publish from a subscribed sender if its fan-out budget allows. Over budget the publish
   * is dropped and counted; a sender that keeps going until it has dropped a whole burst's worth
   * without its bucket refilling is closed (1008).
   */
  private relay(client: Client, receivers: Set<Client>, text: string, bytesIn: number): void {
    const { counters } = this;
    const cost = Buffer.byteLength(text) * receivers.size;
    if (client.fanout.full()) client.droppedBytes = 0;
    if (!client.fanout.take(cost)) {
      if (client.droppedBytes === 0) {
        this.log(`signaling: dropping publishes over a sender's fan-out budget (${this.clients.size} open)`);
      }
      counters.publishesOverBudget += 1;
      client.droppedBytes += cost;
      if (client.droppedBytes >= this.limits.fanoutBurstBytes) {
        counters.closedOverBudget += 1;
        this.log(`signaling: closed a connection over the fan-out budget (${this.clients.size} open)`);
        client.socket.close(CloseCode.policyViolation, 'fan-out budget');
      }
      return;
    }
    counters.fanoutBytesIn += bytesIn;
    counters.fanoutBytesOut += cost;
    for (const receiver of [...receivers]) this.send(receiver, text);
  }

  private handleMessage(client: Client, message: Record<string, unknown>, bytesIn: number): void {
    switch (message.type) {
      case 'subscribe':
        if (Array.isArray(message.topics)) this.subscribe(client, message.topics);
        return;
      case 'unsubscribe': {
        if (!Array.isArray(message.topics)) return;
        for (const topic of message.topics) {
          if (typeof topic === 'string') this.leave(client, topic);
        }
        return;
      }
      case 'publish':
        this.publish(client, message, bytesIn);
        return;
      case 'ping':
        this.send(client, JSON.stringify({ type: 'pong' }));
        return;
    }
  }

  private subscribe(client: Client, wanted: unknown[]): void {
    const { limits } = this;
    for (const topic of wanted) {
      if (typeof topic !== 'string' || topic.length > limits.maxTopicLength) continue;
      if (client.topics.has(topic)) continue;
      if (client.topics.size >= limits.maxTopicsPerConnection) break;
      let subs = this.topics.get(topic);
      if (!subs) {
        subs = new Set();
        this.topics.set(topic, subs);
      }
      subs.add(client);
      client.topics.add(topic);
    }
  }

  private publish(client: Client, message: Record<string, unknown>, bytesIn: number): void {
    if (typeof message.topic !== 'string' || message.topic === '') return;
    if (!client.topics.has(message.topic)) {
      this.counters.publishesUnsubscribed += 1;
      return;
    }
    const receivers = this.topics.get(message.topic);
    if (!receivers) return;
    // No `clients` (room size) out, and none passed through from the sender: see signaling.ts.
    delete message.clients;
    this.relay(client, receivers, JSON.stringify(message), bytesIn);
  }
}
