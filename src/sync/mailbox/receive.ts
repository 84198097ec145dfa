/**
 * The receiving half of the mailbox path: every entry and snapshot part the server pushes is
 * opened, decoded, reassembled, checked by the session's decode guard and applied — strictly one
 * after another in seq order, exactly like a peer link's inbox (peer-link.ts).
 *
 * What must stay true: nothing from the server reaches the doc unless it opened under the seal key
 * (so a member wrote it), was signed by a device the membership log holds (with an `Authorship`;
 * entry-sign.ts, snapshot-sign.ts), decoded, and passed `check`; it is applied with a `PeerOrigin` carrying
 * the device id claimed inside the entry, so the session does not push it again as a local change
 * and the activity log attributes it. Anything refused is counted through `reject` and skipped.
 * The cursor (`applied`) never passes an entry whose content is not in the doc yet: not the first
 * part of a message still being reassembled (a dropped connection re-sends it from there), and not
 * an update the guard could not check in time (a busy phone; the connection is retried later).
 * An update this device refuses is skipped for good, in a snapshot as in an entry: it would be
 * refused again on every try, so retrying the snapshot would never end.
 */
import type * as Y from 'yjs';
import type { Authorship } from '../authorship';
import type { RejectReason } from '../errors';
import type { GuardVerdict } from '../wire/decode-guard';
import { createPeerOrigin, type PeerOrigin } from '../wire/origin';
import { applyCheckedUpdate } from '../wire/validate-update';
import { decodeEntry, EntryAssembler } from './entry';
import { entryAuthor, splitEntry } from './entry-sign';
import type { HeldByMailbox } from './held';
import type { MailboxKeys } from './keys';
import { openMailbox } from './seal';
import { SnapshotReader } from './snapshot-reader';
import { checkSnapshotPart, type SnapshotSigner } from './snapshot-sign';

/** What the receiver needs from its link. */
export interface ReceiverContext {
  readonly doc: Y.Doc;
  readonly deviceId: string;
  readonly keys: Promise<MailboxKeys>;
  /** Checks who signed each entry (authorship.ts); absent: the named device is taken as said. */
  readonly authorship?: Authorship | null;
  check(update: Uint8Array, opts?: { budgetScale?: number }): Promise<GuardVerdict>;
  reject(reason: RejectReason, detail?: string): void;
  /** A receipt arrived: `deviceId` has seen everything up to `seq`. */
  seen(deviceId: string, seq: number): void;
  /** Another device's update was applied (a receipt is due). */
  appliedOthers(): void;
  /** What the mailbox holds, extended by every update applied from it (held.ts). */
  readonly held?: HeldByMailbox;
}

/** Largest snapshot accepted (all parts together). */
const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;
/** Most bytes of updates held while their remaining parts are awaited. */
const MAX_PARTIAL_BYTES = 64 * 1024 * 1024;

/** Refusals that say the phone was busy, not that the update is bad: checked again, never skipped. */
const TRANSIENT: ReadonlySet<RejectReason> = new Set([
  'decode-timeout',
  'decode-worker-failed',
  'decode-backlog',
]);
/**
 * Refusals another member's device might not make (a newer version knows more collections or has
 * other limits; the space cap is this device's): see `refusedAny`.
 */
const DEVICE_REFUSALS: ReadonlySet<RejectReason> = new Set([
  'unknown-collection',
  'unsupported-content',
  'oversized-update',
  'apply-budget',
  'space-full',
]);
/** Checks of one update before a busy-phone refusal drops the connection (to retry later). */
const CHECK_TRIES = 3;

/** Applies one mailbox connection's pushed entries in order. */
export class MailboxReceiver {
  /** Highest seq handled (applied, or skipped as refused) so far. */
  private handled: number;
  /** First seq of each message still being reassembled. */
  private readonly pendingStarts = new Map<string, number>();
  /** Below the first entry that could not be checked in time (then `failed` is set). */
  private hold = Number.POSITIVE_INFINITY;
  /** Before a snapshot whose author was refused: read again at the next connect. */
  private snapshotHold = Number.POSITIVE_INFINITY;
  /** Set when a snapshot could not be used or an update could not be checked: drop and retry. */
  failed = false;
  /**
   * Set once an update was refused for a reason that depends on this device (its version's known
   * collections and limits, its space cap): another member may hold what this doc lacks, so this
   * device must not compact the log (its snapshot would drop that update for everyone). Garbage
   * that no member can open or decode does not count: dropping it loses nothing.
   */
  refusedAny = false;
  /** The failure was a busy phone (checks timed out), not a bad snapshot: retry soon. */
  busy = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly assembler = new EntryAssembler(MAX_PARTIAL_BYTES);
  private readonly origins = new Map<string, PeerOrigin>();
  /** The snapshot being read: its updates are applied part by part, as they arrive. */
  private snapshot: {
    covers: number;
    count: number;
    next: number;
    bytes: number;
    reader: SnapshotReader;
    /** Who signed part 0 (snapshot-sign.ts); null: an unsigned stream read without a check. */
    signer: SnapshotSigner | null;
    /** Set once a part was refused (its author not proven): the rest is passed over, unread. */
    refused: boolean;
  } | null = null;

  constructor(
    private readonly ctx: ReceiverContext,
    since: number,
  ) {
    this.handled = since;
  }

  /** Highest seq the cursor may move to: everything up to it is in the doc (or refused for good). */
  get applied(): number {
    return Math.min(this.passed, this.snapshotHold);
  }

  /**
   * Like `applied`, but a refused snapshot counts as passed over: what compaction may cover. A
   * whole doc caught up past it may replace it (link.ts): what it covered is out of the log either
   * way, and a snapshot no member may replace would stand for good, the log growing to its quota.
   */
  get passed(): number {
    let upTo = Math.min(this.handled, this.hold);
    for (const start of this.pendingStarts.values()) upTo = Math.min(upTo, start - 1);
    return upTo;
  }

  /** Resolves once everything queued so far was handled. */
  get settled(): Promise<void> {
    return this.chain;
  }

  /** Sealed bytes received and not handled yet (held in memory), and handled so far. */
  queuedBytes = 0;
  handledBytes = 0;

  /** Queues an entry. Opening it starts now (WebCrypto, off the main thread), handling it in turn. */
  entry(seq: number, sealed: Uint8Array): void {
    const plain = this.open('entry', sealed);
    this.queue(sealed.length, () => this.onEntry(seq, plain));
  }

  /** Queues a snapshot part (opened ahead like an entry). */
  snapshotPart(covers: number, index: number, count: number, sealed: Uint8Array): void {
    const plain = this.open('snapshot', sealed);
    this.queue(sealed.length, () => this.onSnapshotPart(covers, index, count, plain));
  }

  private open(kind: 'entry' | 'snapshot', sealed: Uint8Array): Promise<Uint8Array | null> {
    const plain = this.ctx.keys.then((keys) => openMailbox(keys.sealKey, keys.mailboxId, kind, sealed));
    plain.catch(() => {}); // awaited in turn; a failure is handled there
    return plain;
  }

  private queue(bytes: number, run: () => Promise<void>): void {
    this.queuedBytes += bytes;
    this.chain = this.chain
      .then(run)
      .catch(() => {})
      .then(() => {
        this.queuedBytes -= bytes;
        this.handledBytes += bytes;
      });
  }

  private originFor(deviceId: string | null, verified = false): PeerOrigin {
    const key = `${verified ? 'v' : 'c'}:${deviceId ?? ''}`;
    let o = this.origins.get(key);
    if (!o) {
      o = createPeerOrigin(deviceId ? `mailbox:${deviceId}` : 'mailbox');
      if (deviceId) o.deviceId = deviceId;
      if (verified) o.verified = true;
      this.origins.set(key, o);
    }
    return o;
  }

  /**
   * Checks and applies one update: 'applied', 'refused' (bad: counted and skipped) or 'busy' (the
   * guard could not check it in time even after retries: not skipped, the caller holds the cursor).
   */
  private async apply(
    update: Uint8Array,
    deviceId: string | null,
    verified = false,
    checked: Promise<GuardVerdict> = this.ctx.check(update),
  ): Promise<'applied' | 'refused' | 'busy'> {
    let verdict = await checked;
    // A busy phone (a slow or throttled CPU, a big part) gets longer on each try: 2×, then 4×.
    for (let tries = 1; !verdict.ok && TRANSIENT.has(verdict.reason) && tries < CHECK_TRIES; tries++) {
      verdict = await this.ctx.check(update, { budgetScale: 2 ** tries });
    }
    if (!verdict.ok && TRANSIENT.has(verdict.reason)) {
      this.ctx.reject(verdict.reason, verdict.detail);
      return 'busy';
    }
    const origin = this.originFor(deviceId, verified);
    const run = () => applyCheckedUpdate(this.ctx.doc, update, origin);
    const done = !verdict.ok
      ? verdict
      : this.ctx.held
        ? this.ctx.held.track(this.ctx.doc, run, (r) => r.ok)
        : run();
    if (!done.ok) {
      if (DEVICE_REFUSALS.has(done.reason)) this.refusedAny = true;
      this.ctx.reject(done.reason, done.detail);
      return 'refused';
    }
    return 'applied';
  }

  private async onEntry(seq: number, opened: Promise<Uint8Array | null>): Promise<void> {
    if (this.failed || seq <= this.handled) return; // a duplicate, or after a failure
    const keys = await this.ctx.keys;
    const plain = await opened;
    const split = plain ? splitEntry(plain) : null;
    const entry = split ? decodeEntry(split.body) : null;
    this.handled = seq;
    if (!entry || !split) {
      this.ctx.reject('undecodable-message', 'mailbox entry');
      return;
    }
    // Verified authorship: who signed it, before anything of it is used (entry-sign.ts).
    const author = await entryAuthor(this.ctx.authorship, keys.mailboxId, entry, split);
    if (!author.ok) {
      // Not `refusedAny`: anyone can write under a device id no log holds, and a device that
      // refused to compact for it would stop compacting for good.
      if (entry.type === 'update') this.pendingStarts.delete(`${entry.deviceId}/${entry.messageId}`);
      this.ctx.reject(author.reason, 'mailbox entry');
      return;
    }
    if (entry.type === 'receipt') {
      if (entry.seq <= seq) this.ctx.seen(entry.deviceId, entry.seq);
      return;
    }
    const key = `${entry.deviceId}/${entry.messageId}`;
    if (entry.count > 1 && entry.index === 0) this.pendingStarts.set(key, seq);
    const update = this.assembler.push(entry);
    if (update === 'pending') return;
    const start = this.pendingStarts.get(key) ?? seq;
    this.pendingStarts.delete(key);
    if (update === null) {
      this.ctx.reject('undecodable-message', 'mailbox part');
      return;
    }
    const result = await this.apply(update, entry.deviceId, author.verified);
    if (result === 'busy') {
      this.hold = start - 1;
      this.failed = true;
      this.busy = true;
    } else if (result === 'applied' && entry.deviceId !== this.ctx.deviceId) {
      this.ctx.appliedOthers();
    }
  }

  /**
   * One snapshot part: its signature is checked (snapshot-sign.ts), then the updates it completes
   * are checked (all handed to the guard at once, so the worker checks the next while this thread
   * applies one) and applied in order, before the rest of the snapshot has arrived. What was applied
   * of a snapshot that then turns out unusable (or is replaced mid-way) stays: every part of it was
   * signed by a device the log holds (or, with no log to ask, opened under the seal key); the cursor
   * moves only once the whole snapshot was read.
   */
  private async onSnapshotPart(
    covers: number,
    index: number,
    count: number,
    opened: Promise<Uint8Array | null>,
  ): Promise<void> {
    if (this.failed) return;
    if (covers <= this.handled) return; // nothing new in it for us
    const plain = await opened;
    let s = this.snapshot;
    if (index === 0) {
      // A first part starts a snapshot; one still incomplete was replaced by a newer one mid-way
      // (the server starts over with it, docs/mailbox.md): the rest of it is not read.
      const reader = new SnapshotReader();
      s = { covers, count, next: 0, bytes: 0, reader, signer: null, refused: false };
      this.snapshot = s;
    }
    if (!plain || !s || s.covers !== covers || s.count !== count || s.next !== index) {
      this.fail(plain ? 'mailbox snapshot order' : 'mailbox snapshot');
      return;
    }
    s.next++;
    s.bytes += plain.length;
    if (s.bytes > MAX_SNAPSHOT_BYTES) {
      this.fail('mailbox snapshot size');
      return;
    }
    if (!s.refused && !(await this.readPart(s, plain))) return;
    if (s.next < s.count) return;
    this.snapshot = null;
    if (s.refused) {
      // Not passed over: the cursor stays before it, so every connect reads the mailbox's snapshot
      // again (refused again while it is this one; the next honest one once a member compacts).
      // The tail after it is read meanwhile (what builds on the covered part waits in Yjs), and
      // peers bring the rest.
      this.snapshotHold = Math.min(this.snapshotHold, this.handled);
      return;
    }
    if (!s.reader.finish()) {
      this.fail('mailbox snapshot content');
      return;
    }
    for (const [deviceId, seq] of Object.entries(s.reader.seen))
      if (seq <= covers) this.ctx.seen(deviceId, seq);
    this.handled = covers;
  }

  /**
   * Checks who signed one part, then checks and applies the updates it completes. False when the
   * snapshot failed (the connection is dropped); a refused author sets `refused` and returns true.
   */
  private async readPart(s: NonNullable<MailboxReceiver['snapshot']>, plain: Uint8Array): Promise<boolean> {
    const keys = await this.ctx.keys;
    const place = { covers: s.covers, index: s.next - 1, count: s.count };
    const part = await checkSnapshotPart(this.ctx.authorship, keys.mailboxId, place, plain, s.signer);
    if (!part.ok) {
      if (part.reason === 'undecodable-message') {
        this.fail('mailbox snapshot part');
        return false;
      }
      // Not `refusedAny` (saved, for good): anyone with the key can upload a snapshot, and one that
      // stopped compaction would stop it everywhere (see `passed`).
      s.refused = true;
      this.ctx.reject(part.reason, 'mailbox snapshot');
      return true;
    }
    s.signer = part.signer;
    const updates = s.reader.push(part.body);
    if (s.reader.bad) {
      this.fail('mailbox snapshot content');
      return false;
    }
    const checks = updates.map((u) => this.ctx.check(u));
    for (const [i, update] of updates.entries()) {
      // Applied attributed to nobody: a snapshot relays everyone's changes, its signer wrote few.
      const result = await this.apply(update, null, false, checks[i]);
      if (result === 'busy') {
        // Not checked in time: not skipped, the connection is retried from before the snapshot.
        this.failed = true;
        this.busy = true;
        this.snapshot = null;
        return false;
      }
      // Refused (counted through `reject`): this device would refuse it again on every try, so it
      // keeps the rest and goes on. A member's device made this snapshot, so another device may
      // hold what this doc now lacks: it must not compact the log (`refusedAny`).
      if (result === 'refused') this.refusedAny = true;
    }
    return true;
  }

  private fail(detail: string): void {
    this.failed = true;
    this.snapshot = null;
    this.ctx.reject('undecodable-message', detail);
  }
}
