/**
 * The receiving half of the mailbox path: every entry and snapshot part the server pushes is
 * opened, decoded, reassembled, checked by the session's decode guard and applied — strictly one
 * after another in seq order, exactly like a peer link's inbox (peer-link.ts). What does not depend
 * on the doc is started ahead (read-ahead.ts): opening as each arrives, then splitting, decoding,
 * the signature check under the key the log holds then, and the guard's check, a few items ahead
 * of the one applied; the log is asked again in turn and the apply waits for both verdicts.
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
import { nextTask } from '../../platform/next-task';
import type { Authorship } from '../authorship';
import type { RejectReason } from '../errors';
import type { GuardVerdict } from '../wire/decode-guard';
import { createPeerOrigin, type PeerOrigin } from '../wire/origin';
import { applyCheckedUpdate } from '../wire/validate-update';
import { decodeEntry, EntryAssembler, type MailboxEntry } from './entry';
import { type AuthorAhead, authorAhead, entryAuthor, splitEntry } from './entry-sign';
import type { HeldByMailbox } from './held';
import type { MailboxKeys } from './keys';
import { ReadAhead } from './read-ahead';
import { openMailbox } from './seal';
import { type PartRead, SnapshotParts } from './snapshot-parts';

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
/** Items prepared ahead of the one in turn (read-ahead.ts): enough to keep the guard's worker busy. */
const READ_AHEAD = 4;

/** An entry prepared ahead of its turn: split and decoded, its checks started (null: malformed). */
type EntryAhead = {
  split: NonNullable<ReturnType<typeof splitEntry>>;
  entry: MailboxEntry;
  author: AuthorAhead | null;
  /** The guard's check of a whole (one-part) update. */
  check: Promise<GuardVerdict> | null;
} | null;

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
  private readonly ahead = new ReadAhead(READ_AHEAD);
  /** Set once an update was applied: the next one waits a turn of the event loop first. */
  private appliedSome = false;
  private readonly assembler = new EntryAssembler(MAX_PARTIAL_BYTES);
  private readonly origins = new Map<string, PeerOrigin>();
  /** The snapshot being read, ahead of the apply: its updates are applied part by part, as they arrive. */
  private readonly parts: SnapshotParts;

  constructor(
    private readonly ctx: ReceiverContext,
    since: number,
  ) {
    this.handled = since;
    this.parts = new SnapshotParts(ctx);
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

  /**
   * Queues an entry. Opening it starts now (WebCrypto, off the main thread), its checks once the
   * entries before it are prepared (`prepareEntry`), handling it in turn.
   */
  entry(seq: number, sealed: Uint8Array): void {
    const plain = this.open('entry', sealed);
    const ready = this.ahead.prepare(() => this.prepareEntry(seq, plain));
    ready.catch(() => {}); // awaited in turn
    this.queue(sealed.length, () => this.onEntry(seq, ready));
  }

  /**
   * Queues a snapshot part (opened ahead like an entry). A first part is read in its turn (its
   * signer is looked up in the log as it stands then); the later ones are read ahead (`readPart`:
   * their signer's key is part 0's), their updates applied in turn.
   */
  snapshotPart(covers: number, index: number, count: number, sealed: Uint8Array): void {
    const plain = this.open('snapshot', sealed);
    const read = () => this.readPart(covers, index, count, plain);
    if (index === 0) {
      this.ahead.inTurn(
        this.queue(sealed.length, async () => this.onSnapshotPart(covers, index, count, await read())),
      );
      return;
    }
    const ready = this.ahead.prepare(read);
    ready.catch(() => {}); // awaited in turn
    this.queue(sealed.length, async () => this.onSnapshotPart(covers, index, count, await ready));
  }

  private open(kind: 'entry' | 'snapshot', sealed: Uint8Array): Promise<Uint8Array | null> {
    const plain = this.ctx.keys.then((keys) => openMailbox(keys.sealKey, keys.mailboxId, kind, sealed));
    plain.catch(() => {}); // awaited in turn; a failure is handled there
    return plain;
  }

  /** Runs `run` in turn; resolves once it was handled. */
  private queue(bytes: number, run: () => Promise<void>): Promise<void> {
    this.queuedBytes += bytes;
    this.chain = this.chain
      .then(() => {
        this.ahead.turn();
        return run();
      })
      .catch(() => {})
      .then(() => {
        this.queuedBytes -= bytes;
        this.handledBytes += bytes;
      });
    return this.chain;
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
    // What the last apply brought is painted before the next one: with the verdicts already
    // there, the next apply would otherwise follow in the same task, and the first people would
    // be painted only after several.
    if (verdict.ok && this.appliedSome) await nextTask();
    if (verdict.ok && !this.appliedSome) this.ahead.open(); // read ahead from now on
    this.appliedSome ||= verdict.ok;
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

  /**
   * Ahead of an entry's turn: splits and decodes it, starts its signature check under the key the
   * log holds now and the guard's check of a one-part update. Nothing of it is used before its turn.
   */
  private async prepareEntry(seq: number, opened: Promise<Uint8Array | null>): Promise<EntryAhead | 'skip'> {
    if (this.failed || seq <= this.handled) return 'skip'; // skipped in turn as well
    const keys = await this.ctx.keys;
    const plain = await opened;
    const split = plain ? splitEntry(plain) : null;
    const entry = split ? decodeEntry(split.body) : null;
    if (!entry || !split) return null;
    const author = await authorAhead(this.ctx.authorship, keys.mailboxId, entry, split);
    const whole = entry.type === 'update' && entry.count === 1;
    return { split, entry, author, check: whole ? this.ctx.check(entry.bytes) : null };
  }

  private async onEntry(seq: number, ready: Promise<EntryAhead | 'skip'>): Promise<void> {
    if (this.failed || seq <= this.handled) return; // a duplicate, or after a failure
    const keys = await this.ctx.keys;
    const prepared = await ready;
    if (prepared === 'skip') return; // not reached: what was skipped ahead is skipped in turn
    this.handled = seq;
    if (!prepared) {
      this.ctx.reject('undecodable-message', 'mailbox entry');
      return;
    }
    const { split, entry } = prepared;
    // Verified authorship: who signed it, before anything of it is used (entry-sign.ts), the log
    // asked now, in turn.
    const author = await entryAuthor(this.ctx.authorship, keys.mailboxId, entry, split, prepared.author);
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
    // A one-part update's check started ahead; a reassembled one is checked now.
    const checked = entry.count === 1 && prepared.check ? prepared.check : this.ctx.check(update);
    const result = await this.apply(update, entry.deviceId, author.verified, checked);
    if (result === 'busy') {
      this.hold = start - 1;
      this.failed = true;
      this.busy = true;
    } else if (result === 'applied' && entry.deviceId !== this.ctx.deviceId) {
      this.ctx.appliedOthers();
    }
  }

  /** Reads one snapshot part (ahead of its turn but for part 0, see `snapshotPart`). */
  private async readPart(
    covers: number,
    index: number,
    count: number,
    opened: Promise<Uint8Array | null>,
  ): Promise<PartRead> {
    if (this.failed || covers <= this.handled) return { kind: 'skip' }; // skipped in turn as well
    return this.parts.read({ covers, index, count }, await opened);
  }

  /**
   * One snapshot part in its turn: the updates it completed are applied in order, before the rest
   * of the snapshot has arrived. What was applied of a snapshot that then turns out unusable (or is
   * replaced mid-way) stays: every part of it was signed by a device the log holds (or, with no log
   * to ask, opened under the seal key); the cursor moves only once the whole snapshot was read.
   */
  private async onSnapshotPart(covers: number, index: number, count: number, read: PartRead): Promise<void> {
    if (this.failed || covers <= this.handled || read.kind === 'skip') return; // nothing new in it
    if (read.kind === 'fail') {
      this.fail(read.detail);
      return;
    }
    // Not `refusedAny` (saved, for good): anyone with the key can upload a snapshot, and one that
    // stopped compaction would stop it everywhere (see `passed`).
    if (read.kind === 'refused') this.ctx.reject(read.reason, 'mailbox snapshot');
    if (read.kind === 'updates' && !(await this.applyPart(read.updates, read.checks))) return;
    if (index + 1 < count) return;
    const s = read.s;
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

  /** Applies one part's updates in order. False when the snapshot failed (the connection is dropped). */
  private async applyPart(updates: Uint8Array[], checks: Promise<GuardVerdict>[]): Promise<boolean> {
    for (const [i, update] of updates.entries()) {
      // Applied attributed to nobody: a snapshot relays everyone's changes, its signer wrote few.
      const result = await this.apply(update, null, false, checks[i]);
      if (result === 'busy') {
        // Not checked in time: not skipped, the connection is retried from before the snapshot.
        this.failed = true;
        this.busy = true;
        this.parts.drop();
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
    this.parts.drop();
    this.ctx.reject('undecodable-message', detail);
  }
}
