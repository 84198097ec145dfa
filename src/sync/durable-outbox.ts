/**
 * Persist, then announce: local updates wait here until the space's store made them durable, and
 * only then go out, in the order they were made.
 *
 * Why: Yjs applies an update's deletions at once even while its insertions wait for a missing
 * predecessor. If a phone sent updates 1–3, the network lost 1 and 2, and a power cut then took
 * all three off the phone before they were stored, every peer would keep update 3's deletions
 * without its insertions for good — an edit another phone had already saved (say a card status)
 * vanishes everywhere. The convergence fuzz found it (seed 1024; tests/unit/fuzz/convergence.test.ts).
 * Sending only what is durable means whatever a peer holds, the sender still holds after a crash,
 * so the next handshake fills any hole.
 *
 * What must stay true:
 * - An item is sent only after `whenDurable()` — called after the item was queued — resolved.
 * - Items are sent in queue order; `clear()` drops what is held (a crash, a stopped session).
 * - Without `whenDurable` (a doc with no store, e.g. tools and tests) items are sent at once.
 *
 * @example
 * const outbox = new DurableOutbox({ whenDurable: () => store.flush(), send: (u) => broadcast(u) });
 * doc.on('update', (u, origin) => origin === LOCAL_ORIGIN && outbox.push(u));
 */

export interface DurableOutboxOptions<T> {
  /** Resolves once every doc update emitted before the call is stored (SpaceStore.flush); null: none. */
  whenDurable: (() => Promise<void>) | null;
  /** Sends one item. */
  send(item: T): void;
  /** Release on every push (default), or only when `release()` is called (a deterministic harness). */
  auto?: boolean;
  /** After `whenDurable` failed (e.g. the disk is full), try again this much later; default 2,000 ms. */
  retryMs?: number;
}

export class DurableOutbox<T> {
  private queue: T[] = [];
  private chain: Promise<boolean> = Promise.resolve(true);
  private scheduled = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by `clear()`: a release that was waiting sends nothing of what was cleared. */
  private epoch = 0;
  private closed = false;

  constructor(private readonly opts: DurableOutboxOptions<T>) {}

  /** Items waiting to become durable. */
  get size(): number {
    return this.queue.length;
  }

  /** Queues `item`; it is sent once durable (at once when there is no store). */
  push(item: T): void {
    if (this.closed) return;
    if (!this.opts.whenDurable) {
      this.opts.send(item);
      return;
    }
    this.queue.push(item);
    if (this.opts.auto !== false) void this.release();
  }

  /**
   * Waits until what is queued now is durable and sends it. Resolves true when it was sent, false
   * when `whenDurable` failed (the items stay queued) or they were cleared meanwhile.
   */
  release(): Promise<boolean> {
    if (this.scheduled) return this.chain;
    this.scheduled = true;
    this.chain = this.chain.then(() => {
      this.scheduled = false;
      return this.releaseNow();
    });
    return this.chain;
  }

  private async releaseNow(): Promise<boolean> {
    const count = this.queue.length;
    const whenDurable = this.opts.whenDurable;
    if (count === 0 || !whenDurable || this.closed) return true;
    const epoch = this.epoch;
    try {
      await whenDurable();
    } catch {
      if (this.opts.auto !== false && !this.closed && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          void this.release();
        }, this.opts.retryMs ?? 2_000);
      }
      return false;
    }
    if (epoch !== this.epoch || this.closed) return false;
    for (const item of this.queue.splice(0, count)) this.opts.send(item);
    return true;
  }

  /** Drops every held item (they were never sent; a handshake carries whatever survived). */
  clear(): void {
    this.epoch++;
    this.queue = [];
  }

  /** Drops what is held and sends nothing more. */
  close(): void {
    this.clear();
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}
