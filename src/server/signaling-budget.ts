/**
 * The signaling server's accounting: a token bucket (messages per socket, fan-out bytes per sender)
 * and a per-address connection counter. Kept apart from `signaling.ts` so the protocol handler stays
 * readable; nothing here knows about WebSockets.
 */

/** A token bucket: `capacity` tokens, refilled at `perSecond`, starting full. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  /**
   * @param capacity - Largest burst, in tokens.
   * @param perSecond - Sustained refill rate, in tokens per second.
   * @param now - Clock in milliseconds (tests may pass their own).
   */
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.refilledAt = now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
  }

  /** True when the bucket is (back to) full: the owner has been within its rate for a while. */
  full(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  /** Takes `cost` tokens if there are that many; false (and nothing taken) otherwise. */
  take(cost = 1): boolean {
    this.refill();
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/**
 * Open connections per client address. `acquire` before accepting an upgrade, `release` once that
 * connection's socket has closed (exactly once per successful `acquire`).
 */
export class AddressSlots {
  private readonly open = new Map<string, number>();

  /** @param perAddress - Connections one address may hold at once. */
  constructor(private readonly perAddress: number) {}

  /** Takes a slot for `address`; false when it already holds `perAddress` connections. */
  acquire(address: string): boolean {
    const mine = this.open.get(address) ?? 0;
    if (mine >= this.perAddress) return false;
    this.open.set(address, mine + 1);
    return true;
  }

  /** Gives back a slot taken by {@link acquire}; an address with none left is forgotten. */
  release(address: string): void {
    const left = (this.open.get(address) ?? 1) - 1;
    if (left > 0) this.open.set(address, left);
    else this.open.delete(address);
  }

  /** Addresses holding at least one connection. */
  get addresses(): number {
    return this.open.size;
  }
}
