/**
 * Retrying WebRTC handshakes that neither complete nor fail, per room.
 *
 * A link whose handshake (data channel open + the peer's hello) has not completed within
 * `timeoutMs` destroys its connection (peer-link.ts); y-webrtc then drops it and announces the room
 * at once. That first announce often reaches the peer while it still holds its own stuck connection
 * to us, which y-webrtc will not replace, so the pair would meet again only when the peer's own
 * timeout fires — or never, if an announce was lost (the signaling server drops messages over its
 * rate limit) or the peer does not time out. So the room announces itself again after a backoff:
 * `retryBaseMs`, doubling per stall with the same peer, up to `retryMaxMs`, with jitter so that the
 * two sides of a pair do not keep colliding; at most `maxRetries` times per peer until a handshake
 * with it completes. A stuck connection is always torn down, retries or not: a connection y-webrtc
 * holds blocks every later attempt with that peer.
 */

/** Handshake timeout and retry policy. */
export interface HandshakeOptions {
  /** A connection not handshaken within this is torn down. Default 15,000 ms. */
  timeoutMs: number;
  /** Most re-announces after stalls with one peer, until a handshake with it completes. Default 5. */
  maxRetries: number;
  /** Delay of the first re-announce after a stall; doubles per stall. Default 1,000 ms. */
  retryBaseMs: number;
  /** Longest delay before a re-announce. Default 30,000 ms. */
  retryMaxMs: number;
}

/** The default handshake policy. */
export const DEFAULT_HANDSHAKE: Readonly<HandshakeOptions> = Object.freeze({
  timeoutMs: 15_000,
  maxRetries: 5,
  retryBaseMs: 1_000,
  retryMaxMs: 30_000,
});

/** Most peers whose stalls are remembered (peer ids are random per session; a hostile member could mint many). */
const MAX_TRACKED_PEERS = 256;

/** A stalled link as the retry policy sees it. */
export interface StalledLink {
  readonly conn: { readonly remotePeerId: string };
  /** Announces the room on signaling again (PeerLink.announce). */
  announce(): void;
}

/**
 * Resolves a partial policy against the defaults; a value that is not a positive finite number
 * (or, for `maxRetries`, a non-negative integer) falls back to its default.
 */
export function handshakeOptions(partial: Partial<HandshakeOptions> = {}): HandshakeOptions {
  const pick = (key: keyof HandshakeOptions, ok: (v: number) => boolean) => {
    const v = partial[key];
    return typeof v === 'number' && ok(v) ? v : DEFAULT_HANDSHAKE[key];
  };
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  return {
    timeoutMs: pick('timeoutMs', positive),
    maxRetries: pick('maxRetries', (v) => Number.isInteger(v) && v >= 0),
    retryBaseMs: pick('retryBaseMs', positive),
    retryMaxMs: pick('retryMaxMs', positive),
  };
}

/** The retry policy of one room: counts stalls per peer and schedules re-announces. */
export class HandshakeRetry {
  readonly options: HandshakeOptions;
  /** Stalls per remote peer id since its last completed handshake (insertion order = age). */
  private readonly stalls = new Map<string, number>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  /**
   * @param partial - The policy; defaults in {@link DEFAULT_HANDSHAKE}.
   * @param active - Whether the room still wants peers (false once it disconnected).
   * @param random - Jitter source in [0, 1), for tests.
   */
  constructor(
    partial: Partial<HandshakeOptions> = {},
    private readonly active: () => boolean = () => true,
    private readonly random: () => number = Math.random,
  ) {
    this.options = handshakeOptions(partial);
  }

  /** Stalls counted for `peerId` since its last completed handshake. */
  stallCount(peerId: string): number {
    return this.stalls.get(peerId) ?? 0;
  }

  /** A handshake with `peerId` completed: it gets its full retries again. */
  handshaken(peerId: string): void {
    this.stalls.delete(peerId);
  }

  /**
   * A link's handshake stalled (its connection is being torn down). Schedules a re-announce and
   * returns its delay, or null when this peer's retries are used up.
   */
  stalled(link: StalledLink): number | null {
    const peerId = link.conn.remotePeerId;
    const n = this.stallCount(peerId) + 1;
    this.stalls.delete(peerId);
    this.stalls.set(peerId, n);
    if (this.stalls.size > MAX_TRACKED_PEERS) {
      const oldest = this.stalls.keys().next().value;
      if (oldest !== undefined) this.stalls.delete(oldest);
    }
    if (n > this.options.maxRetries || !this.active()) return null;
    const { retryBaseMs, retryMaxMs } = this.options;
    const backoff = Math.min(retryBaseMs * 2 ** (n - 1), retryMaxMs);
    const delay = Math.round(Math.min(backoff * (0.75 + 0.5 * this.random()), retryMaxMs));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.active()) link.announce();
    }, delay);
    this.timers.add(timer);
    return delay;
  }

  /** Cancels every scheduled re-announce (the room disconnected). */
  cancel(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
