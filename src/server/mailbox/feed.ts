/**
 * The entries one reading socket receives: the catch-up after `open {since}` and then live pushes,
 * as one ordered stream without gaps or repeats.
 *
 * What must stay true:
 * - It subscribes to the bus before it reads the store, so nothing appended meanwhile is missed;
 *   `sent` (the highest seq delivered or covered) drops everything at or below it, so the overlap
 *   of catch-up and live is never sent twice.
 * - Entries go out in seq order. A bus entry that is not the next one (the Redis bus may reorder
 *   across instances) makes the feed read the gap from the store; an entry that is not in the
 *   store any more was deleted or is covered by a snapshot, which is then sent.
 * - A reader behind the snapshot whose next entry is still kept (store.ts `Quota.keepBytes`) gets
 *   the entries, not the snapshot; a fresh reader (since 0) always gets the snapshot.
 * - Memory is bounded: the store is read in pages, and a catch-up waits while the socket's send
 *   buffer is above `sendBufferBytes`; a live receiver that stops reading is dropped.
 * - A reader that opened with a `window` never has more than that many body bytes sent and not yet
 *   `consumed` (catch-up and live alike): its own memory is bounded too, whatever its pace.
 * - The socket's own appends are never sent back to it.
 */
import type { MailboxContext } from './context';
import type { SnapshotPartReader } from './lmdb-store';
import type { StoredEntry } from './store';

const PAGE = 16;
const PENDING_BYTES = 4 * 1024 * 1024;

/** What the feed needs from its socket. */
export interface FeedSink {
  send(header: { op: string; [key: string]: unknown }, body?: Uint8Array): void;
  bufferedAmount(): number;
  isOpen(): boolean;
  /** Resolves when the appends this socket has in flight now are settled (own seqs recorded). */
  appendsSettled(): Promise<void>;
  /** True (and forgets it) when `seq` was appended by this socket. */
  takeOwn(seq: number): boolean;
  /** Drops the socket (store failure, mailbox gone, stopped reading). */
  fail(code: number, reason: string): void;
}

function hasPartReader(store: object): store is SnapshotPartReader {
  return typeof (store as Partial<SnapshotPartReader>).readSnapshotPart === 'function';
}

/** A reading socket's ordered stream of snapshot parts and entries. */
export class Feed {
  private sent: number;
  private target = 0;
  private readonly pending = new Map<number, Uint8Array>();
  private pendingBytes = 0;
  private running = false;
  private again = false;
  private caughtUp = false;
  private stopped = false;
  /** Body bytes sent, and how many of them the reader said it handled. */
  private sentBytes = 0;
  private ackedBytes = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: MailboxContext,
    private readonly id: string,
    since: number,
    private readonly window: number | null,
    private readonly sink: FeedSink,
  ) {
    this.sent = since;
    this.unsubscribe = ctx.bus.subscribe(id, (entry) => this.onEntry(entry));
    this.kick();
  }

  /** Highest seq delivered or covered so far. */
  get position(): number {
    return this.sent;
  }

  /** The reader handled `bytes` (cumulative) of what was sent: more may follow. */
  consumed(bytes: number): void {
    this.ackedBytes = Math.max(this.ackedBytes, Math.min(bytes, this.sentBytes));
  }

  /** True while the reader holds a full window of what was sent. */
  private overWindow(): boolean {
    return this.window !== null && this.sentBytes - this.ackedBytes >= this.window;
  }

  /** Unsubscribes and forgets everything buffered. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    this.pending.clear();
    this.pendingBytes = 0;
  }

  private onEntry(entry: StoredEntry): void {
    if (this.stopped || entry.seq <= this.sent) return;
    if (entry.seq > this.target) this.target = entry.seq;
    if (!this.pending.has(entry.seq) && this.pendingBytes + entry.bytes.length <= PENDING_BYTES) {
      this.pending.set(entry.seq, entry.bytes);
      this.pendingBytes += entry.bytes.length;
    }
    this.kick();
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.run().then(
      () => {
        this.running = false;
      },
      () => {
        this.running = false;
        this.stop();
        this.sink.fail(1011, 'store unavailable');
      },
    );
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      if (!this.caughtUp) {
        await this.fill();
        if (this.stopped) return;
        this.caughtUp = true;
        this.sink.send({ op: 'caught-up', head: this.sent });
      }
      await this.live();
    } while (this.again && !this.stopped);
  }

  /** Live: next entries from the bus while they come in order; otherwise fill from the store. */
  private async live(): Promise<void> {
    while (!this.stopped && this.target > this.sent) {
      const next = this.pending.get(this.sent + 1);
      if (next) {
        if (this.overWindow()) {
          await this.drain();
          continue;
        }
        if (this.sink.bufferedAmount() > this.ctx.limits.maxBufferedBytes) {
          this.ctx.log('mailbox: dropped a reader that stopped reading');
          this.stop();
          this.sink.fail(1008, 'not reading');
          return;
        }
        this.deliver({ seq: this.sent + 1, bytes: next });
        continue;
      }
      const before = this.sent;
      await this.fill();
      // Nothing more in the store yet (a bus ahead of a lagging store): wait for the next entry.
      if (this.sent === before) break;
    }
    this.prune();
  }

  /** Reads from the store: the snapshot if `sent` is below it, then pages of entries up to head. */
  private async fill(): Promise<void> {
    const { store } = this.ctx;
    for (;;) {
      await this.drain();
      await this.sink.appendsSettled();
      if (this.stopped) return;
      const meta = await store.get(this.id);
      if (!meta) {
        this.stop();
        this.sink.fail(1000, 'mailbox gone');
        return;
      }
      const page = await store.readEntries(this.id, this.sent, PAGE);
      if (this.stopped) return;
      const first = page[0];
      // A reader behind the snapshot gets it, unless the entries after its position are still
      // kept (store.ts `Quota.keepBytes`): then those few entries are all it needs. A fresh reader
      // always gets the snapshot, the compact form of everything.
      const kept = this.sent > 0 && first?.seq === this.sent + 1;
      if (meta.snapshot && this.sent < meta.snapshot.covers && !kept) {
        await this.sendSnapshot(meta.snapshot.covers, meta.snapshot.parts);
        continue;
      }
      if (first && first.seq > this.sent + 1) {
        // Entries below the first one read are gone: deleted, or covered by a snapshot installed
        // since `meta` was read, which must go first.
        const now = await store.get(this.id);
        if (now?.snapshot && now.snapshot.covers > this.sent) continue;
      }
      let full = false;
      for (const entry of page) {
        // A full window: the rest waits for the reader (read again from `sent` after draining).
        full = this.overWindow();
        if (full) break;
        this.deliver(entry);
      }
      if (full) continue;
      if (page.length < PAGE) {
        if (meta.head > this.sent) {
          // Entries up to the head are gone: deleted, or covered by a snapshot installed since
          // `meta` was read — which must then be sent, never skipped.
          const now = await store.get(this.id);
          if (now?.snapshot && now.snapshot.covers > this.sent) continue;
          this.sent = meta.head;
        }
        this.prune();
        return;
      }
    }
  }

  private async sendSnapshot(covers: number, count: number): Promise<void> {
    const { store } = this.ctx;
    let all: Uint8Array[] | null = null;
    if (!hasPartReader(store)) {
      all = await store.readSnapshot(this.id);
      const meta = await store.get(this.id);
      if (meta?.snapshot?.covers !== covers || all.length !== count) return;
    }
    for (let index = 0; index < count; index++) {
      await this.drain();
      if (this.stopped) return;
      const part = all
        ? all[index]
        : await (store as unknown as SnapshotPartReader).readSnapshotPart(this.id, covers, index);
      // A newer snapshot replaced this one mid-way: the caller reads the meta again and starts
      // over with the new one (the client discards an incomplete snapshot when index 0 comes again).
      if (!part) return;
      this.sentBytes += part.length;
      this.sink.send({ op: 'snapshot-part', covers, index, count }, part);
    }
    if (covers > this.sent) this.sent = covers;
  }

  private deliver(entry: StoredEntry): void {
    if (entry.seq <= this.sent) return;
    this.sent = entry.seq;
    const buffered = this.pending.get(entry.seq);
    if (buffered) {
      this.pending.delete(entry.seq);
      this.pendingBytes -= buffered.length;
    }
    if (this.sink.takeOwn(entry.seq)) return;
    this.sentBytes += entry.bytes.length;
    this.sink.send({ op: 'entry', seq: entry.seq }, entry.bytes);
  }

  private prune(): void {
    for (const [seq, bytes] of this.pending) {
      if (seq > this.sent) continue;
      this.pending.delete(seq);
      this.pendingBytes -= bytes.length;
    }
  }

  /** Waits while the socket's send buffer is above the catch-up threshold or the window is full. */
  private async drain(): Promise<void> {
    while (
      !this.stopped &&
      this.sink.isOpen() &&
      (this.sink.bufferedAmount() > this.ctx.limits.sendBufferBytes || this.overWindow())
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (!this.sink.isOpen()) this.stop();
  }
}
