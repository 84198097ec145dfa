/**
 * A campaign's activity log: who changed what, and when, for a bounded window (90 days by
 * default, at most 20,000 changes), so one member's changes can be listed and undone after a
 * reload and after the update log was compacted.
 *
 * Layout (Dexie table `activity`, one space's rows ordered by `seq`):
 *   - one base row ('b'): the space's state at the start of the window (a Yjs update);
 *   - entry rows ('e'): each change since, as the Yjs update it made, with its author
 *     (`local`, `peer` + device id + the member name known then, `import`) and arrival time.
 * Base + entries, applied in order, rebuild the space as this device saw it; leaving some entries
 * out rebuilds it without them. The rows duplicate what the update log holds (the price of keeping
 * per-change updates while the update log compacts into one snapshot); they are read only when the
 * activity view or an undo asks, never at unlock.
 *
 * What must stay true:
 * - Every row is sealed under the master key and bound to its space and sequence number (entries
 *   with `activity/<space>/<seq>`, bases with `activity-base/<space>/<seq>`), like the update log.
 * - Pruning folds expired entries into a new base and deletes them in ONE Dexie transaction, so a
 *   crash leaves the old rows or the new ones, never a gap.
 * - A missing entry is safe: the undo acts only on what the log proves a member did.
 * - The author of a peer's change is the device that delivered it, as it introduced itself: every
 *   member holds the key and can claim any device id, and a change relayed by another member is
 *   attributed to the relaying device.
 */
import * as Y from 'yjs';
import { fromUtf8, utf8 } from '../crypto';
import type { ActivityRow, ShopfloorDb } from './db';
import type { RowCipher } from './row-cipher';
import { openPacked, sealPacked } from './row-pack';
import { openEach, readSpaceRows, spaceRange } from './space-rows';

/** Who made a change, as this device knows it. */
export interface Author {
  /** `local`: this device; `peer`: received from another device; `import`: a backup restore. */
  readonly kind: 'local' | 'peer' | 'import';
  /** The device id (claimed by the peer in its hello; this device's own id for local changes). */
  readonly deviceId?: string;
  /** The member's device name at the time the change arrived. */
  readonly name?: string;
}

/** One attributed change. */
export interface ActivityEntry {
  readonly seq: number;
  /** When the change was made here or arrived from a peer (ms epoch). */
  readonly at: number;
  readonly author: Author;
  /** The Yjs update the change made. */
  readonly update: Uint8Array;
}

/** The decrypted log: base state, entries oldest first, and rows that could not be opened. */
export interface ActivityLogContent {
  readonly base: Uint8Array | null;
  readonly entries: ActivityEntry[];
  readonly unreadable: number[];
}

/** How long changes stay undoable (ms): 90 days. */
export const ACTIVITY_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
/** Most entries kept; the oldest are folded into the base past this. */
export const ACTIVITY_MAX_ENTRIES = 20_000;

const entryContext = (spaceId: string, seq: number) => `activity/${spaceId}/${seq}`;
const baseContext = (spaceId: string, seq: number) => `activity-base/${spaceId}/${seq}`;

/** Entry payload: 4-byte big-endian header length ‖ JSON header ‖ update bytes. */
function pack(at: number, author: Author, update: Uint8Array): Uint8Array {
  const header = utf8(JSON.stringify({ v: 1, at, author }));
  const out = new Uint8Array(4 + header.length + update.length);
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  out.set(update, 4 + header.length);
  return out;
}

function readAuthor(raw: unknown): Author | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const a = raw as Record<string, unknown>;
  if (a.kind !== 'local' && a.kind !== 'peer' && a.kind !== 'import') return null;
  const out: { kind: Author['kind']; deviceId?: string; name?: string } = { kind: a.kind };
  if (typeof a.deviceId === 'string') out.deviceId = a.deviceId.slice(0, 128);
  if (typeof a.name === 'string') out.name = a.name.slice(0, 60);
  return out;
}

function unpack(seq: number, bytes: Uint8Array): ActivityEntry | null {
  if (bytes.length < 4) return null;
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  if (4 + len > bytes.length) return null;
  const header = JSON.parse(fromUtf8(bytes.subarray(4, 4 + len))) as Record<string, unknown>;
  const author = readAuthor(header.author);
  if (header.v !== 1 || typeof header.at !== 'number' || !author) return null;
  return { seq, at: header.at, author, update: bytes.slice(4 + len) };
}

/** One change to record. */
export interface NewEntry {
  readonly at: number;
  readonly author: Author;
  readonly update: Uint8Array;
}

export class ActivityLog {
  private nextSeq = 1;

  constructor(
    private readonly db: ShopfloorDb,
    private readonly cipher: RowCipher,
    readonly spaceId: string,
  ) {}

  private range() {
    return spaceRange(this.db.activity, this.spaceId);
  }

  /**
   * The last row's seq (0 when the log is empty), read from the keys alone: opening the log never
   * reads a row's value, and so never the base (the whole space) that ends a freshly folded log.
   */
  private async lastSeq(): Promise<number | null> {
    const key = (await this.range().lastKey()) as [string, number] | undefined;
    return key ? key[1] : null;
  }

  /**
   * Finds where the log ends; when the space has no log yet, starts one whose base is `state()`
   * (the space as loaded), so base + later entries always rebuild the space.
   */
  async init(state: () => Uint8Array): Promise<void> {
    const last = await this.lastSeq();
    if (last !== null) {
      this.nextSeq = last + 1;
      return;
    }
    const sealed = await sealPacked(this.cipher, state(), baseContext(this.spaceId, 0));
    try {
      await this.db.activity.add({ spaceId: this.spaceId, seq: 0, kind: 'b', ...sealed });
      this.nextSeq = 1;
    } catch (err) {
      // The same space opened twice at once (a rotation followed while it is being made, or
      // another tab): the other one started the log first; continue after what is there now.
      if ((err as { name?: string }).name !== 'ConstraintError') throw err;
      this.nextSeq = ((await this.lastSeq()) ?? 0) + 1;
    }
  }

  /** Seals entries as rows with the next sequence numbers (to be added by the caller's transaction). */
  async seal(entries: readonly NewEntry[]): Promise<ActivityRow[]> {
    const rows: ActivityRow[] = [];
    let seq = this.nextSeq;
    for (const e of entries) {
      const sealed = await sealPacked(
        this.cipher,
        pack(e.at, e.author, e.update),
        entryContext(this.spaceId, seq),
      );
      rows.push({ spaceId: this.spaceId, seq, kind: 'e', ...sealed });
      seq++;
    }
    return rows;
  }

  /** Called once sealed rows were committed. */
  committed(rows: readonly ActivityRow[]): void {
    const last = rows.at(-1);
    if (last) this.nextSeq = last.seq + 1;
  }

  /** Moves past sequence numbers another tab took. */
  async resync(): Promise<void> {
    this.nextSeq = Math.max(this.nextSeq, ((await this.lastSeq()) ?? 0) + 1);
  }

  /** Reads and opens the whole log (one Dexie transaction, decryption outside it). */
  async read(): Promise<ActivityLogContent> {
    const rows = await readSpaceRows(this.db, this.db.activity, this.spaceId);
    // Only the last base and the entries after it make up the log.
    const { opened, unreadable } = await openEach(
      rows.slice(
        Math.max(
          0,
          rows.findLastIndex((r) => r.kind === 'b'),
        ),
      ),
      async (row) =>
        row.kind === 'b'
          ? { base: await openPacked(this.cipher, row, baseContext(this.spaceId, row.seq)) }
          : unpack(row.seq, await openPacked(this.cipher, row, entryContext(this.spaceId, row.seq))),
    );
    let base: Uint8Array | null = null;
    const entries: ActivityEntry[] = [];
    for (const { value } of opened) {
      if ('base' in value) base = value.base;
      else entries.push(value);
    }
    return { base, entries, unreadable: unreadable.map((row) => row.seq) };
  }

  /**
   * Folds entries older than the window, and the oldest past `maxEntries`, into a new base.
   * Returns how many entries were folded. Skipped while any row is unreadable.
   */
  async prune(opts: { now?: number; windowMs?: number; maxEntries?: number } = {}): Promise<number> {
    const now = opts.now ?? Date.now();
    const cutoff = now - (opts.windowMs ?? ACTIVITY_WINDOW_MS);
    const max = opts.maxEntries ?? ACTIVITY_MAX_ENTRIES;
    const log = await this.read();
    if (log.unreadable.length > 0) return 0;
    let fold = 0;
    while (fold < log.entries.length && log.entries[fold]!.at < cutoff) fold++;
    fold = Math.max(fold, log.entries.length - max);
    if (fold <= 0) return 0;
    const doc = new Y.Doc({ gc: true });
    Y.transact(doc, () => {
      if (log.base) Y.applyUpdate(doc, log.base);
      for (const e of log.entries.slice(0, fold)) Y.applyUpdate(doc, e.update);
    });
    const upTo = log.entries[fold - 1]!.seq;
    const sealed = await sealPacked(this.cipher, Y.encodeStateAsUpdate(doc), baseContext(this.spaceId, upTo));
    doc.destroy();
    await this.db.transaction('rw', this.db.activity, async () => {
      await spaceRange(this.db.activity, this.spaceId, upTo, true).delete();
      await this.db.activity.add({ spaceId: this.spaceId, seq: upTo, kind: 'b', ...sealed });
    });
    return fold;
  }
}

/**
 * Rebuilds a space from its log, leaving out the entries `skip` says no to. Entries that build on
 * a left-out change (e.g. a later edit of a field the left-out change created) stay pending in Yjs
 * and are therefore absent too.
 */
export function replayActivity(
  log: Pick<ActivityLogContent, 'base' | 'entries'>,
  skip: (entry: ActivityEntry) => boolean = () => false,
): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    if (log.base) Y.applyUpdate(doc, log.base);
    for (const e of log.entries) {
      if (skip(e)) continue;
      try {
        Y.applyUpdate(doc, e.update);
      } catch {
        // An entry Yjs cannot apply here changes nothing that the live doc proves.
      }
    }
  });
  return doc;
}
