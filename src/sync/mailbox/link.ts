/**
 * The mailbox path of one sync session: one socket to the space's mailbox, reconnected with jittered
 * backoff; reading (receive.ts), appending once stored (push.ts), receipts, compacting (compact.ts).
 * What must stay true (docs/sync.md, "The mailbox path"):
 * - The cursor is saved only after what it covers is stored (`whenDurable`), and a seen receipt
 *   names only a saved cursor: persist, then announce.
 * - A receipt never answers a receipt (only applied updates of other devices call for one).
 * - One socket per space, never shared; a stale connection's events are ignored (`gen`).
 * - Membership first (with `ctx.settle`): after every connect, nothing of this device's is appended
 *   or compacted until the catch-up was applied and the session settled the room as open.
 * long-file: one connection's lifecycle (connect, catch-up, release, cursor, receipts, compaction)
 * shares the connection generation and state; split it when compaction moves out.
 */
import * as Y from 'yjs';
import { SyncError } from '../errors';
import { COMPACT_AFTER_BYTES, COMPACT_AFTER_ENTRIES, isWhole, uploadSnapshot } from './compact';
import { type MailboxConnection, openMailboxConnection } from './connection';
import { HeldByMailbox } from './held';
import { campaignMailboxRoot, deriveMailboxKeys, type MailboxKeys } from './keys';
import type { MailboxLinkContext, MailboxLinkOptions, MailboxView } from './link-types';
import { CatchUpProgress } from './progress';
import { MailboxPusher } from './push';
import { MailboxReceiver } from './receive';
import {
  decodeMailboxState,
  deleteSetDigest,
  encodeMailboxState,
  hasStructsBeyond,
  type MailboxState,
} from './state';

const DEFAULT_WINDOW_BYTES = 8 * 1024 * 1024; // `windowBytes`

export type { MailboxLinkContext, MailboxLinkOptions, MailboxView } from './link-types';

/** The mailbox path of a session. */
export class MailboxLink {
  private readonly keys: Promise<MailboxKeys>;
  private state: MailboxState | null = null;
  private conn: MailboxConnection | null = null;
  private receiver: MailboxReceiver | null = null;
  private gen = 0;
  private view: MailboxView['state'] = 'connecting';
  private error: string | null = null;
  /** Progress of the catch-up under way, null once caught up. */
  private progress: CatchUpProgress | null = null;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly pusher: MailboxPusher;
  private receiptDue = false;
  private receiptTimer: ReturnType<typeof setTimeout> | null = null;
  private compactTimer: ReturnType<typeof setTimeout> | null = null;
  private quotaTimer: ReturnType<typeof setTimeout> | null = null;
  private advancing = false;
  private advanceTo = 0;
  private cleanTimer: ReturnType<typeof setTimeout> | null = null;
  private covers = 0;
  /** Sealed bytes of entries past the snapshot received on this connection. */
  private bytesReceived = 0;
  private acked = 0; // handled bytes last reported with `consumed` on this connection
  /** Resolves once the first catch-up settled, the mailbox could not be reached, or the link stopped. */
  readonly firstLook: Promise<void>;
  /** What the mailbox holds, for difference pushes (held.ts). */
  private readonly held = new HeldByMailbox();
  private looked: () => void = () => {};
  constructor(
    private readonly ctx: MailboxLinkContext,
    private readonly opts: MailboxLinkOptions,
  ) {
    this.firstLook = new Promise<void>((r) => {
      this.looked = r;
    });
    this.keys = campaignMailboxRoot(ctx.spaceKey).then(deriveMailboxKeys);
    this.keys.catch(() => {});
    this.pusher = new MailboxPusher({
      doc: ctx.doc,
      deviceId: ctx.deviceId,
      keys: this.keys,
      authorship: ctx.authorship ?? null,
      whenDurable: ctx.whenDurable,
      conn: () => this.conn,
      gen: () => this.gen,
      state: () => this.state,
      save: () => this.save(),
      changed: () => ctx.changed(),
      refused: (code, gen) => this.refused(code, gen),
      pushed: () => {
        if (this.error === 'quota') this.set(this.view === 'error' ? 'live' : this.view, null);
      },
      pushBase: (saved) => this.held.base(saved),
    });
  }

  /** Loads the saved state and connects. */
  async start(): Promise<void> {
    const state = decodeMailboxState(await this.opts.load().catch(() => null));
    if (this.stopped) return;
    this.state = state;
    this.held.reset(state.sv);
    // An empty doc has nothing to push (a fresh device); otherwise compare with what was saved.
    const empty = Y.encodeStateVector(this.ctx.doc).length <= 1;
    this.pusher.dirty = empty
      ? false
      : hasStructsBeyond(this.ctx.doc, state.sv) || (await deleteSetDigest(this.ctx.doc)) !== state.ds;
    this.connect();
  }

  /** Status for the session. */
  status(): {
    mailbox: MailboxView;
    latest: 'this-device' | 'mailbox' | 'seen';
    seenBy: number;
    pending: boolean;
  } {
    const s = this.state;
    const pending = this.pusher.pending;
    let seenBy = 0;
    if (s && s.lastLocalSeq > 0) {
      for (const [d, seq] of Object.entries(s.seen))
        if (d !== this.ctx.deviceId && seq >= s.lastLocalSeq) seenBy++;
    }
    const latest = pending || !s ? 'this-device' : seenBy > 0 ? 'seen' : 'mailbox';
    const state = this.stopped ? 'offline' : this.view;
    const receiving = this.progress?.view() ?? null;
    return { mailbox: { state, error: this.error, receiving }, latest, seenBy, pending };
  }

  /** Reconnects now when not connected (the app returned to the foreground). */
  resume(): void {
    if (this.stopped || this.conn || !this.state) return;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.connect();
  }

  /** Drops the connection and reconnects. */
  reconnect(): void {
    this.drop();
    this.resume();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.looked();
    this.pusher.close();
    for (const t of [this.retry, this.receiptTimer, this.compactTimer, this.cleanTimer, this.quotaTimer])
      if (t) clearTimeout(t);
    this.drop();
  }

  private set(view: MailboxView['state'], error: string | null = this.error): void {
    this.view = view;
    this.error = error;
    this.ctx.changed();
  }

  private drop(): void {
    this.gen++;
    const c = this.conn;
    this.conn = null;
    this.receiver = null;
    this.progress = null;
    c?.close();
  }

  private scheduleReconnect(ms?: number): void {
    if (this.stopped || this.retry) return;
    const [min, max] = this.opts.backoffMs ?? [1_000, 60_000];
    const base = Math.min(max, min * 2 ** Math.min(this.attempt, 16));
    this.attempt++;
    this.retry = setTimeout(
      () => {
        this.retry = null;
        if (!this.conn) this.connect();
      },
      ms ?? base * (0.5 + Math.random()),
    );
  }

  private connect(): void {
    if (this.stopped || !this.state) return;
    const gen = ++this.gen;
    const url = this.opts.urls[this.attempt % this.opts.urls.length] as string;
    this.set('connecting');
    void this.open(url, gen).catch((e: unknown) => {
      if (gen !== this.gen) return;
      const code = e instanceof SyncError ? e.code : 'mailbox-unreachable';
      const offline = code === 'mailbox-unreachable' || code === 'mailbox-timeout' || code === 'unavailable';
      this.set(offline ? 'offline' : 'error', offline ? null : code);
      this.looked();
      this.scheduleReconnect();
    });
  }

  private async open(url: string, gen: number): Promise<void> {
    const keys = await this.keys;
    const since = this.receiver?.applied ?? (this.state as MailboxState).cursor;
    const receiver = new MailboxReceiver(
      {
        doc: this.ctx.doc,
        deviceId: this.ctx.deviceId,
        keys: this.keys,
        authorship: this.ctx.authorship ?? null,
        check: this.ctx.check,
        reject: this.ctx.reject,
        seen: (d, seq) => this.noteSeen(d, seq),
        appliedOthers: () => {
          this.receiptDue = true;
        },
        held: this.held,
      },
      since,
    );
    const handlers = this.handlersFor(gen, receiver);
    const connOpts = this.opts.WebSocketImpl ? { WebSocketImpl: this.opts.WebSocketImpl } : {};
    const window = this.opts.windowBytes ?? DEFAULT_WINDOW_BYTES;
    const request = { mailboxId: keys.mailboxId, cap: keys.readCap, since, window };
    let conn: MailboxConnection;
    try {
      conn = await openMailboxConnection(url, request, handlers, connOpts);
    } catch (e) {
      if (!(e instanceof SyncError && e.code === 'unknown-mailbox')) throw e;
      const create = { mailboxId: keys.mailboxId, cap: keys.appendCap, create: keys }; // first member
      (await openMailboxConnection(url, create, {}, connOpts)).close();
      conn = await openMailboxConnection(url, request, handlers, connOpts);
    }
    if (gen !== this.gen) {
      conn.close();
      return;
    }
    this.conn = conn;
    this.receiver = receiver;
    this.attempt = 0;
    this.covers = conn.snapshot?.covers ?? 0;
    this.bytesReceived = 0;
    this.acked = 0;
    this.pusher.reset();
    this.pusher.held = !!this.ctx.settle; // membership first: read before appending
    const progress = new CatchUpProgress(since, conn.head, conn.snapshot);
    this.progress = progress.shown ? progress : null;
    this.set(conn.head > since ? 'catching-up' : 'connecting', conn.retired ? 'retired' : null);
    if (!conn.retired) this.pusher.pushMissing(gen);
  }

  /** What the connection `gen` calls as the server pushes. */
  private handlersFor(gen: number, receiver: MailboxReceiver) {
    return {
      onEntry: (seq: number, sealed: Uint8Array) => {
        if (gen !== this.gen) return;
        if (seq > this.covers) this.bytesReceived += sealed.length;
        this.progress?.entry(seq);
        receiver.entry(seq, sealed);
        this.afterReceive(gen, receiver);
      },
      onSnapshotPart: (covers: number, index: number, count: number, sealed: Uint8Array) => {
        if (gen !== this.gen) return;
        this.progress?.snapshotPart(covers, index, count, sealed.length);
        receiver.snapshotPart(covers, index, count, sealed);
        this.afterReceive(gen, receiver);
      },
      onCaughtUp: () => {
        if (gen !== this.gen) return;
        void receiver.settled.then(() => {
          if (gen !== this.gen || receiver.failed) return;
          this.progress = null;
          this.ctx.synced();
          this.set('live', this.error === 'retired' ? 'retired' : null);
          void this.release(gen);
        });
      },
      onClose: () => {
        if (gen !== this.gen) return;
        this.conn = null;
        this.receiver = null;
        this.progress = null;
        this.set('offline', this.error === 'quota' ? 'quota' : null);
        this.looked();
        this.scheduleReconnect();
      },
    };
  }

  private afterReceive(gen: number, receiver: MailboxReceiver): void {
    const showing = this.progress !== null;
    void receiver.settled.then(() => {
      if (gen !== this.gen) return;
      if (receiver.failed) {
        // A busy phone retries with the usual backoff (from where it stopped); a snapshot that
        // cannot be used waits longer, as after 'quota'.
        this.set(receiver.busy ? 'offline' : 'error', receiver.busy ? null : 'bad-snapshot');
        this.drop();
        this.scheduleReconnect(receiver.busy ? undefined : (this.opts.quotaRetryMs ?? 60_000));
        return;
      }
      if (showing && this.progress) this.ctx.changed();
      this.ackHandled(receiver);
      if (receiver.refusedAny && this.state) this.state.lacks = true; // saved with the cursor
      this.advance(receiver.applied);
    });
  }

  /**
   * After a catch-up: with membership first, the session settles the room (what the catch-up
   * brought may be a key change) before anything of this device's is appended or compacted; a room
   * that was left gets nothing. Without it, appending was never held.
   */
  private async release(gen: number): Promise<void> {
    const settle = this.ctx.settle;
    if (settle) {
      const verdict = await settle().catch(() => 'retired' as const);
      this.looked();
      if (gen !== this.gen || verdict !== 'open' || this.stopped) return;
      this.pusher.held = false;
      if (this.conn && !this.conn.retired) this.pusher.pushMissing(gen);
    } else this.looked();
    this.maybeCompact(false);
  }

  /** Lets the server send more once a quarter of the window was handled (bounds what is held). */
  private ackHandled(receiver: MailboxReceiver): void {
    const conn = this.conn;
    if (
      !conn ||
      receiver !== this.receiver ||
      receiver.handledBytes - this.acked < (this.opts.windowBytes ?? DEFAULT_WINDOW_BYTES) / 4
    )
      return;
    this.acked = receiver.handledBytes;
    conn.consumed(this.acked).catch(() => {}); // a dropped socket reconnects from the cursor
  }

  /** Saves the cursor once what it covers is stored (coalesced); then a receipt may follow. */
  private advance(upTo: number): void {
    this.advanceTo = Math.max(this.advanceTo, upTo);
    if (this.advancing) return;
    this.advancing = true;
    void this.runAdvance().finally(() => {
      this.advancing = false;
    });
  }

  private async runAdvance(): Promise<void> {
    while (this.state && this.advanceTo > this.state.cursor && !this.stopped) {
      const upTo = this.advanceTo;
      try {
        await this.ctx.whenDurable?.();
      } catch {
        return; // not stored: the cursor stays, the entries come again
      }
      this.state.cursor = Math.max(this.state.cursor, upTo);
      await this.pusher.markClean();
      await this.save();
      if (this.receiptDue && !this.receiptTimer && !this.stopped) {
        this.receiptTimer = setTimeout(() => this.sendReceipt(), this.opts.receiptDelayMs ?? 3_000);
      }
    }
  }

  private save(): Promise<void> {
    const s = this.state;
    return s ? this.opts.save(encodeMailboxState(s)).catch(() => {}) : Promise.resolve();
  }

  private noteSeen(deviceId: string, seq: number): void {
    const s = this.state;
    if (!s || deviceId === this.ctx.deviceId || (s.seen[deviceId] ?? -1) >= seq) return;
    if (!(deviceId in s.seen) && Object.keys(s.seen).length >= 1000) return;
    s.seen[deviceId] = seq;
    // Saved before the status says "seen", so a relaunch right after says the same.
    void this.save();
    this.ctx.changed();
  }

  private sendReceipt(): void {
    this.receiptTimer = null;
    const s = this.state;
    if (!s || !this.receiptDue) return;
    this.receiptDue = false;
    this.pusher.receipt(s.cursor);
  }

  /** The mailbox refused an append: say why; on 'quota', compact and retry later. */
  private refused(code: string, gen: number): void {
    this.set('error', code);
    if (code !== 'quota' || this.quotaTimer) return;
    this.maybeCompact(true);
    this.quotaTimer = setTimeout(() => {
      this.quotaTimer = null;
      if (gen === this.gen && this.conn && !this.stopped) this.pusher.pushMissing(gen);
    }, this.opts.quotaRetryMs ?? 60_000);
  }

  /** Compacts the log when it is long (or the mailbox is full), after a random delay. */
  private maybeCompact(now: boolean): void {
    const conn = this.conn;
    if (!conn || conn.retired || conn.role !== 'read' || this.compactTimer || this.pusher.held) return;
    const long =
      conn.head - this.covers > COMPACT_AFTER_ENTRIES ||
      this.bytesReceived + this.pusher.bytes > COMPACT_AFTER_BYTES;
    if (!long && !now) return;
    const [min, max] = this.opts.compactDelayMs ?? [5_000, 30_000];
    const gen = this.gen;
    this.compactTimer = setTimeout(
      () => {
        this.compactTimer = null;
        void this.compact(gen);
      },
      now ? 0 : min + Math.random() * (max - min),
    );
  }

  private async compact(gen: number): Promise<void> {
    const conn = this.conn;
    const receiver = this.receiver;
    const s = this.state;
    if (!conn || !receiver || !s || gen !== this.gen) return;
    await receiver.settled;
    // Everything up to the head is in the doc when the entries past what was applied are all ours.
    const applied = receiver.passed;
    const own = this.pusher.ownSeqs.filter((q) => q > applied);
    this.pusher.ownSeqs = own;
    const covers = conn.head - applied === own.length ? conn.head : applied;
    if (covers <= this.covers || covers < conn.head || receiver.failed) return;
    // Only a whole doc may replace the log: not one that refused part of it, nor one whose Yjs
    // holds structs or deletions waiting for something it never received.
    if (receiver.refusedAny || s.lacks || !isWhole(this.ctx.doc)) return;
    try {
      const keys = await this.keys; // signed by this device when it has an Authorship (compact.ts)
      this.covers = await uploadSnapshot(conn, keys, this.ctx.doc, { ...s.seen }, covers, this.ctx);
      this.bytesReceived = 0;
      this.pusher.bytes = 0;
    } catch {
      // Another member's snapshot won, the server is busy, or the socket dropped: nothing lost.
    }
  }
}
