/**
 * Reading a mailbox snapshot's parts for the receiver (receive.ts), ahead of the apply: each part's
 * signature is checked (snapshot-sign.ts), the updates it completes are taken from it
 * (snapshot-reader.ts) and handed to the guard at once, so the decode worker checks them while the
 * main thread applies the updates before them. The receiver applies them in turn.
 *
 * What must stay true: parts are read one after another in arrival order (the receiver's
 * read-ahead.ts), so the reader sees exactly the stream the server sent; part 0 is read in its turn,
 * and its signer's key (looked up in the log then) is the one every later part must verify under;
 * a part is read only once every part before it verified; once one was refused, the rest is passed
 * over unread; a broken part ends the snapshot (`fail`, the receiver drops the connection).
 */
import type { Authorship } from '../authorship';
import type { RejectReason } from '../errors';
import type { GuardVerdict } from '../wire/decode-guard';
import type { MailboxKeys } from './keys';
import { SnapshotReader } from './snapshot-reader';
import { checkSnapshotPart, type PartPlace, type SnapshotSigner } from './snapshot-sign';

/** Largest snapshot accepted (all parts together). */
const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

/** One snapshot being read. */
export interface SnapshotRead {
  covers: number;
  count: number;
  next: number;
  bytes: number;
  reader: SnapshotReader;
  /** Who signed part 0 (snapshot-sign.ts); null: an unsigned stream read without a check. */
  signer: SnapshotSigner | null;
  /** Set once a part was refused (its author not proven): the rest is passed over, unread. */
  refused: boolean;
}

/**
 * What reading one part found ('skip', from the receiver: nothing new in it, or after a failure):
 * its updates with their checks started, a refused author, a part passed over after one, or a
 * failure.
 */
export type PartRead =
  | { kind: 'updates'; s: SnapshotRead; updates: Uint8Array[]; checks: Promise<GuardVerdict>[] }
  | { kind: 'refused'; s: SnapshotRead; reason: RejectReason }
  | { kind: 'passed'; s: SnapshotRead }
  | { kind: 'fail'; detail: string }
  | { kind: 'skip' };

/** What reading needs from the receiver's context. */
export interface SnapshotPartsContext {
  readonly keys: Promise<MailboxKeys>;
  readonly authorship?: Authorship | null;
  check(update: Uint8Array): Promise<GuardVerdict>;
}

/** Reads one connection's snapshot parts, in arrival order. */
export class SnapshotParts {
  private current: SnapshotRead | null = null;

  constructor(private readonly ctx: SnapshotPartsContext) {}

  /** Forgets the snapshot being read: its later parts fail ('mailbox snapshot order'). */
  drop(): void {
    this.current = null;
  }

  /** Reads the next part (`plain`: null when it did not open). */
  async read(place: PartPlace, plain: Uint8Array | null): Promise<PartRead> {
    const { covers, index, count } = place;
    let s = this.current;
    if (index === 0) {
      // A first part starts a snapshot; one still incomplete was replaced by a newer one mid-way
      // (the server starts over with it, docs/mailbox.md): the rest of it is not read.
      s = { covers, count, next: 0, bytes: 0, reader: new SnapshotReader(), signer: null, refused: false };
      this.current = s;
    }
    const broken = (detail: string): PartRead => {
      this.current = null;
      return { kind: 'fail', detail };
    };
    if (!plain || !s || s.covers !== covers || s.count !== count || s.next !== index)
      return broken(plain ? 'mailbox snapshot order' : 'mailbox snapshot');
    s.next++;
    s.bytes += plain.length;
    if (s.next === s.count) this.current = null;
    if (s.bytes > MAX_SNAPSHOT_BYTES) return broken('mailbox snapshot size');
    if (s.refused) return { kind: 'passed', s };
    const keys = await this.ctx.keys;
    const part = await checkSnapshotPart(this.ctx.authorship, keys.mailboxId, place, plain, s.signer);
    if (!part.ok) {
      if (part.reason === 'undecodable-message') return broken('mailbox snapshot part');
      s.refused = true;
      return { kind: 'refused', s, reason: part.reason };
    }
    s.signer = part.signer;
    const updates = s.reader.push(part.body);
    if (s.reader.bad) return broken('mailbox snapshot content');
    return { kind: 'updates', s, updates, checks: updates.map((u) => this.ctx.check(u)) };
  }
}
