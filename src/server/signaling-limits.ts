/**
 * The signaling server's limits, their defaults and their validation (env names in
 * src/server/config.ts `LIMIT_ENV`, documented in docs/deploy.md).
 */

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
  /**
   * Open connections from one client address (`req.socket.remoteAddress`); upgrades beyond it are
   * refused with HTTP 429. Behind a reverse proxy every client has the proxy's address.
   */
  maxConnectionsPerAddress: number;
  /**
   * Sustained fan-out per sender, in bytes per second: a relayed publish costs its size times the
   * number of sockets it goes to. Publishes beyond the budget are dropped.
   */
  fanoutBytesPerSecond: number;
  /**
   * Fan-out burst per sender, in bytes (bucket size). A sender whose dropped publishes add up to
   * this much before its bucket is full again is closed with 1008.
   */
  fanoutBurstBytes: number;
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
  maxConnectionsPerAddress: 32,
  fanoutBytesPerSecond: 8 * 1024 * 1024,
  fanoutBurstBytes: 32 * 1024 * 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  pingIntervalMs: 30_000,
});

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
