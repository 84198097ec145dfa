/**
 * The sending half of the mailbox path: this device's changes, sealed, appended once stored.
 *
 * What must stay true:
 * - Persist, then announce: a local update is appended only after `whenDurable()` resolved for it
 *   (a DurableOutbox), in order, one append at a time (the push chain).
 * - Nothing is lost when the mailbox refuses or the socket drops: `dirty` is set, and the next
 *   `pushMissing` (at connect, or after a quota retry) appends the doc's difference from the saved
 *   state (state.ts) — which includes deletions, since the saved delete-set digest changes too.
 * - The saved state says "all in the mailbox" only once it is true, and is saved before the status
 *   says so, so a relaunch right after says the same.
 */
import * as Y from 'yjs';
import type { Authorship } from '../authorship';
import { DurableOutbox } from '../durable-outbox';
import { SyncError } from '../errors';
import { isPeerOrigin } from '../wire/origin';
import { encodeStateAsUpdates } from '../wire/state-split';
import type { MailboxConnection } from './connection';
import { encodeReceipt, encodeUpdateEntries } from './entry';
import { signEntry } from './entry-sign';
import type { MailboxKeys } from './keys';
import { sealMailbox } from './seal';
import { deleteSetDigest, hasStructsBeyond, type MailboxState } from './state';

/** Size a part of a difference push aims for (each fits one sealed entry). */
const PUSH_PART_BYTES = 512 * 1024;

/** What the pusher needs from its link. */
export interface PushHost {
  readonly doc: Y.Doc;
  readonly deviceId: string;
  readonly keys: Promise<MailboxKeys>;
  /** Signs every entry (authorship.ts); absent: entries go unsigned (tools and tests). */
  readonly authorship?: Authorship | null;
  readonly whenDurable: (() => Promise<void>) | null;
  /** The open connection, or null. */
  conn(): MailboxConnection | null;
  /** The connection generation (bumped on every connect and drop). */
  gen(): number;
  state(): MailboxState | null;
  save(): Promise<void>;
  changed(): void;
  /** The mailbox refused an append ('quota', 'retired', …) on connection `gen`. */
  refused(code: string, gen: number): void;
  /** A difference push went through. */
  pushed(): void;
  /** The base of a difference push: the saved state vector joined with what came from the mailbox. */
  pushBase?(saved: Uint8Array): Uint8Array;
}

interface LocalUpdate {
  n: number;
  update: Uint8Array;
}

/** Appends local changes and receipts to the mailbox. */
export class MailboxPusher {
  /** Local updates seen, and how many of them the mailbox holds. */
  private localSeen = 0;
  private localDone = 0;
  /** Something local was not appended: the next `pushMissing` carries it. */
  dirty = true;
  /**
   * Membership first: nothing of this device's is appended while held (from each connect until the
   * catch-up settled the room as open); what waits is found as the doc's difference on release.
   */
  held = false;
  /** Seqs appended on the current connection (the server does not send them back). */
  ownSeqs: number[] = [];
  /** Sealed bytes appended on the current connection. */
  bytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly outbox: DurableOutbox<LocalUpdate>;

  constructor(private readonly host: PushHost) {
    this.outbox = new DurableOutbox<LocalUpdate>({
      whenDurable: host.whenDurable,
      send: (u) => this.pushLocal(u),
    });
    host.doc.on('update', this.onUpdate);
  }

  /** True while some local change is not in the mailbox. */
  get pending(): boolean {
    return this.dirty || this.localDone < this.localSeen;
  }

  /** Forgets the connection's own seqs (a new connection starts). */
  reset(): void {
    this.ownSeqs = [];
    this.bytes = 0;
  }

  close(): void {
    this.host.doc.off('update', this.onUpdate);
    this.outbox.close();
  }

  /** Queues a push of whatever the mailbox lacks (connect, retry after quota). */
  pushMissing(gen: number): void {
    this.chain = this.chain.then(() => this.runPushMissing(gen)).catch(() => {});
  }

  /** Queues a seen receipt for `seq`. */
  receipt(seq: number): void {
    const conn = this.host.conn();
    if (!conn || conn.retired) return;
    this.chain = this.chain
      .then(async () => {
        await this.appendSealed(conn, await this.host.keys, encodeReceipt(this.host.deviceId, seq));
      })
      .catch(() => {});
  }

  /**
   * When nothing local is waiting, the doc as it is now is all in the mailbox (or came from it, or
   * from a peer who appends it itself): record that in the state, so a relaunch pushes nothing again.
   */
  async markClean(done = this.localDone): Promise<void> {
    const s = this.host.state();
    if (!s || this.dirty || done < this.localSeen || this.outbox.size > 0) return;
    const sv = Y.encodeStateVector(this.host.doc);
    const ds = await deleteSetDigest(this.host.doc);
    if (this.dirty || done < this.localSeen) return;
    s.sv = sv;
    s.ds = ds;
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (isPeerOrigin(origin)) return;
    this.localSeen++;
    this.outbox.push({ n: this.localSeen, update });
    this.host.changed();
  };

  /** Seals and appends one entry; remembers its seq as this device's own. */
  private async appendSealed(conn: MailboxConnection, keys: MailboxKeys, plain: Uint8Array): Promise<number> {
    const a = this.host.authorship;
    const body = a ? await signEntry(a, keys.mailboxId, plain) : plain;
    const sealed = await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', body);
    const seq = await conn.append(sealed);
    if (conn === this.host.conn()) {
      this.ownSeqs.push(seq);
      this.bytes += sealed.length;
    }
    return seq;
  }

  /** A stored local update goes out, after what was queued before it. */
  private pushLocal(item: LocalUpdate): void {
    const gen = this.host.gen();
    const conn = this.host.conn();
    if (!conn || conn.retired || this.held) {
      this.dirty = true; // the next connect finds it by comparing the doc with the saved state
      return;
    }
    this.chain = this.chain.then(() => this.appendLocal(gen, item)).catch(() => {});
  }

  private async appendLocal(gen: number, item: LocalUpdate): Promise<void> {
    const conn = this.host.conn();
    const s = this.host.state();
    // Already carried by a difference push, or a push failed (the next one carries it).
    if (gen !== this.host.gen() || !conn || !s || this.dirty || item.n <= this.localDone) return;
    if (this.held) {
      this.dirty = true;
      return;
    }
    if (item.update.length > PUSH_PART_BYTES) {
      // A large local change (a roster import in one transaction) goes as the doc's difference
      // in parts: one update of it could exceed a receiver's per-update apply budget
      // (apply-budget.ts) and be refused for good, while each part stays far under it.
      this.dirty = true;
      await this.runPushMissing(gen);
      return;
    }
    const keys = await this.host.keys;
    try {
      for (const plain of encodeUpdateEntries(this.host.deviceId, item.update)) {
        s.lastLocalSeq = await this.appendSealed(conn, keys, plain);
      }
    } catch (e) {
      this.failed(e, gen);
      return;
    }
    await this.markClean(Math.max(this.localDone, item.n));
    this.localDone = Math.max(this.localDone, item.n);
    await this.host.save();
    this.host.changed();
  }

  private failed(e: unknown, gen: number): void {
    this.dirty = true;
    if (e instanceof SyncError && e.code !== 'mailbox-unreachable' && e.code !== 'mailbox-timeout') {
      this.host.refused(e.code, gen);
    }
  }

  /** Appends everything the doc holds beyond what the saved state says the mailbox holds. */
  private async runPushMissing(gen: number): Promise<void> {
    const conn = this.host.conn();
    const s = this.host.state();
    // Not dirty: every local change went through `appendLocal`; what the doc holds beyond that came
    // from the mailbox (or a peer), and pushing it back would only duplicate the log.
    if (!conn || !s || gen !== this.host.gen() || !this.dirty || this.held) return;
    const doc = this.host.doc;
    // Persist, then announce: take the difference only when every update seen so far is stored.
    for (let i = 0; i < 5; i++) {
      const seen = this.localSeen;
      await this.host.whenDurable?.();
      if (seen === this.localSeen) break;
    }
    if (gen !== this.host.gen()) return;
    const covered = this.localSeen;
    const sv = Y.encodeStateVector(doc);
    const digest = deleteSetDigest(doc);
    // Not what this device just downloaded from the mailbox (held.ts): only what it holds beyond.
    const base = this.host.pushBase?.(s.sv) ?? s.sv;
    const structs = hasStructsBeyond(doc, base);
    const parts = encodeStateAsUpdates(doc, base, PUSH_PART_BYTES);
    const ds = await digest;
    const nonEmpty =
      !structs && ds === s.ds ? [] : parts.filter((p) => !(p.length === 2 && p[0] === 0 && p[1] === 0));
    const keys = await this.host.keys;
    try {
      for (const part of nonEmpty) {
        for (const plain of encodeUpdateEntries(this.host.deviceId, part)) {
          s.lastLocalSeq = await this.appendSealed(conn, keys, plain);
        }
      }
    } catch (e) {
      this.failed(e, gen);
      return;
    }
    if (gen !== this.host.gen()) return;
    this.dirty = false;
    s.sv = sv;
    s.ds = ds;
    await this.host.save();
    this.localDone = Math.max(this.localDone, covered);
    this.host.pushed();
    this.host.changed();
  }
}
