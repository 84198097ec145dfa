/**
 * The shared {@link MailboxBus}: Redis pub/sub, one channel per mailbox, so a reader connected to
 * one server instance gets entries appended through another.
 *
 * What must stay true:
 * - One subscriber connection per instance, whatever the number of sockets: a channel is
 *   subscribed when its first local listener arrives and unsubscribed when its last one leaves
 *   (reference counted), never once per socket.
 * - Messages are binary: 8 bytes of seq (u32 BE high, u32 BE low) ‖ the sealed entry. Anything
 *   shorter, or on a channel with no listener, is ignored (the channel is ours, but Redis is
 *   shared infrastructure).
 * - Order: Redis delivers one publisher connection's messages in the order it sent them, and this
 *   instance publishes in commit order, so each instance's entries arrive in seq order. Entries
 *   from different instances may interleave out of seq order; the protocol layer fills gaps from
 *   the store and drops what it already sent.
 * - `subscribe` returns before Redis has confirmed the channel, so an entry appended elsewhere in
 *   between would reach no one until the next entry revealed the gap. When the confirmation comes
 *   (and after the subscriber connection reconnects, since pub/sub is not durable), the bus reads
 *   the mailbox's newest entry from the store and hands it to the listeners: a reader that had
 *   missed anything then fills the gap from the store, and one that had not drops it as seen.
 */
import type { Redis } from 'ioredis';
import { DEFAULT_REDIS_PREFIX } from './redis-store';
import type { MailboxBus, MailboxStore, StoredEntry } from './store';

const SEQ_BYTES = 8;

/** Encodes one bus message: seq (8 bytes BE) ‖ entry bytes. */
export function encodeBusMessage(entry: StoredEntry): Buffer {
  const out = Buffer.allocUnsafe(SEQ_BYTES + entry.bytes.length);
  out.writeUInt32BE(Math.floor(entry.seq / 2 ** 32), 0);
  out.writeUInt32BE(entry.seq >>> 0, 4);
  out.set(entry.bytes, SEQ_BYTES);
  return out;
}

/** Decodes one bus message, or null when it is malformed. */
export function decodeBusMessage(message: Buffer): StoredEntry | null {
  if (message.length < SEQ_BYTES) return null;
  const seq = message.readUInt32BE(0) * 2 ** 32 + message.readUInt32BE(4);
  if (!Number.isSafeInteger(seq) || seq < 1) return null;
  return {
    seq,
    bytes: new Uint8Array(message.buffer, message.byteOffset + SEQ_BYTES, message.length - SEQ_BYTES),
  };
}

/** Options for {@link RedisMailboxBus}. */
export interface RedisBusOptions {
  /** Channel prefix; the same as the store's key prefix (default `shopfloor:mb:`). */
  prefix?: string;
  /** Where the newest entry is read after a subscription is confirmed (see the header). */
  store?: Pick<MailboxStore, 'get' | 'readEntries'>;
}

/**
 * A {@link MailboxBus} on Redis pub/sub.
 *
 * @param publisher - A normal command connection, usually the store's; the caller keeps owning it.
 * @param subscriber - A dedicated connection; it enters subscriber mode, serves only the bus, and
 *   is closed by {@link RedisMailboxBus.close}.
 *
 * @example
 * const bus = new RedisMailboxBus(store.redis, store.redis.duplicate());
 */
export class RedisMailboxBus implements MailboxBus {
  private readonly prefix: string;
  private readonly listeners = new Map<string, Set<(entry: StoredEntry) => void>>();
  private readonly store: Pick<MailboxStore, 'get' | 'readEntries'> | undefined;
  private closing: Promise<void> | undefined;
  private connectedOnce = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    opts: RedisBusOptions = {},
  ) {
    this.prefix = `${opts.prefix ?? DEFAULT_REDIS_PREFIX}ch:`;
    this.store = opts.store;
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const name = channel.toString('latin1');
      if (!name.startsWith(this.prefix)) return;
      const entry = decodeBusMessage(message);
      if (entry) this.deliver(name.slice(this.prefix.length), entry);
    });
    // ioredis subscribes every channel again after a reconnect; what was published meanwhile is lost.
    subscriber.on('ready', () => {
      if (this.connectedOnce) for (const id of this.listeners.keys()) this.replayNewest(id);
      this.connectedOnce = true;
    });
  }

  /** Hands the mailbox's newest stored entry to its current listeners (see the header). */
  private replayNewest(id: string): void {
    const store = this.store;
    if (!store || this.closing) return;
    (async () => {
      const meta = await store.get(id);
      if (!meta || meta.head === 0 || !this.listeners.has(id)) return;
      const [newest] = await store.readEntries(id, meta.head - 1, 1);
      if (newest) this.deliver(id, newest);
    })().catch(() => {
      // The next entry (or the client's reconnect with `since`) fills the gap instead.
    });
  }

  private deliver(id: string, entry: StoredEntry): void {
    const fns = this.listeners.get(id);
    if (!fns || fns.size === 0 || this.closing) return;
    for (const fn of [...fns]) {
      // A listener that throws must not keep the others (or the connection's parser) from running.
      try {
        if (fns.has(fn)) fn(entry);
      } catch {
        // The protocol layer owns its errors; nothing about an entry is logged here.
      }
    }
  }

  async publish(id: string, entry: StoredEntry): Promise<void> {
    if (this.closing) return;
    await this.publisher.publish(this.prefix + id, encodeBusMessage(entry));
  }

  subscribe(id: string, fn: (entry: StoredEntry) => void): () => void {
    let fns = this.listeners.get(id);
    if (!fns) {
      fns = new Set();
      this.listeners.set(id, fns);
      // ioredis sends commands in call order, so a quick subscribe/unsubscribe/subscribe of one
      // channel ends subscribed; a failure is recovered by gap-filling (see the header).
      if (!this.closing) {
        this.subscriber.subscribe(this.prefix + id).then(
          () => this.replayNewest(id),
          () => {},
        );
      }
    }
    fns.add(fn);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const set = this.listeners.get(id);
      if (!set) return;
      set.delete(fn);
      if (set.size === 0) {
        this.listeners.delete(id);
        if (!this.closing) this.subscriber.unsubscribe(this.prefix + id).catch(() => {});
      }
    };
  }

  /** How many channels this instance is subscribed to (for tests and stats). */
  get channels(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      this.listeners.clear();
      await this.subscriber.quit().catch(() => {});
    })();
    return this.closing;
  }
}
