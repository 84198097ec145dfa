/**
 * Pacing of one mailbox socket's outgoing messages: a token bucket that lets a small burst through
 * and then sends at most one message per `interval`, so a long push stays under the server's
 * per-socket rate limit (docs/mailbox.md, "Limits") and is never cut off.
 */

/** Messages sent at once before pacing starts. */
const BURST = 20;

/** Queues encoded messages and sends them paced. */
export class SendPacer {
  private readonly queue: Uint8Array[] = [];
  private tokens = BURST;
  private lastRefill = Date.now();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  /**
   * @param interval ms between messages once the burst is spent
   * @param write sends one message on the socket (may throw)
   * @param failed called once when `write` threw; nothing more is sent
   */
  constructor(
    private readonly interval: number,
    private readonly write: (bytes: Uint8Array) => void,
    private readonly failed: () => void,
  ) {}

  send(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.queue.push(bytes);
    if (!this.timer) this.pump();
  }

  /** Drops what is queued and sends nothing more. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private pump(): void {
    this.timer = null;
    const now = Date.now();
    this.tokens = Math.min(BURST, this.tokens + (now - this.lastRefill) / this.interval);
    this.lastRefill = now;
    while (this.queue.length > 0 && this.tokens >= 1 && !this.stopped) {
      this.tokens -= 1;
      try {
        this.write(this.queue.shift() as Uint8Array);
      } catch {
        this.failed();
        return;
      }
    }
    if (this.queue.length > 0 && !this.stopped)
      this.timer = setTimeout(() => this.pump(), Math.ceil(this.interval));
  }
}
