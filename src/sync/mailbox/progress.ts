/**
 * Progress of a catch-up ("receiving the campaign"), counted in what the server actually sends:
 * sealed snapshot bytes plus one per entry.
 *
 * What must stay true: `received` counts only what is part of `total` and nothing twice, so the
 * percentage is what has arrived of what is coming. The server decides what a reader behind the
 * snapshot gets (docs/mailbox.md): the snapshot and the tail after it, or — when the entries after
 * the reader's cursor are still kept — those entries alone; so the total follows the first thing
 * that arrives instead of assuming the snapshot. A snapshot that a newer one replaces mid-way
 * starts over (its parts are not counted twice), and entries appended meanwhile raise the total.
 */
import type { SnapshotInfo } from './connection-types';

/** Catch-ups of fewer entries than this (and no snapshot) show no percentage. */
const SHOW_AFTER_ENTRIES = 20;

/** One connection's catch-up progress. */
export class CatchUpProgress {
  /** Highest seq the stream has reached. */
  private position: number;
  private head: number;
  /** The snapshot coming or arriving (null: entries only, from `since`). */
  private snapshot: { covers: number; bytes: number; received: number; known: boolean } | null;
  /** Entries counted: past the snapshot's covers, or past `since` without a snapshot. */
  private entries = 0;
  /** Long enough to show a percentage (decided at open). */
  readonly shown: boolean;

  constructor(since: number, head: number, announced: SnapshotInfo | null) {
    this.position = since;
    this.head = head;
    this.snapshot =
      announced && since < announced.covers
        ? { covers: announced.covers, bytes: announced.bytes, received: 0, known: true }
        : null;
    this.shown = this.snapshot !== null || head - since > SHOW_AFTER_ENTRIES;
  }

  /** A snapshot part of `count` arrived, `bytes` sealed. */
  snapshotPart(covers: number, index: number, count: number, bytes: number): void {
    if (covers <= this.position) return;
    let s = this.snapshot;
    if (!s || s.covers !== covers || index === 0) {
      // A snapshot other than the one announced, or one sent again from its start: count afresh.
      const known = s !== null && s.covers === covers && s.known;
      s = { covers, bytes: known && s ? s.bytes : 0, received: 0, known };
      this.snapshot = s;
      this.entries = 0;
    }
    s.received += bytes;
    if (!s.known) {
      // The size of a snapshot not announced is estimated from its parts so far, exact at its last.
      s.bytes =
        index + 1 >= count ? s.received : Math.max(s.received, Math.ceil((s.received / (index + 1)) * count));
    }
  }

  /** An entry arrived. */
  entry(seq: number): void {
    if (seq <= this.position) return;
    const s = this.snapshot;
    if (s && s.received === 0 && seq <= s.covers) {
      // The server sent the kept entries instead of the snapshot: they are the whole catch-up.
      this.snapshot = null;
    }
    this.position = seq;
    this.head = Math.max(this.head, seq);
    if (!this.snapshot || seq > this.snapshot.covers) this.entries++;
  }

  /** `{ received, total }`, or null when the catch-up is too short to show one. */
  view(): { received: number; total: number } | null {
    if (!this.shown) return null;
    const s = this.snapshot;
    const from = s ? Math.max(s.covers, this.position) : this.position;
    const total = (s?.bytes ?? 0) + this.entries + Math.max(0, this.head - from);
    if (total <= 0) return null;
    return { received: Math.min(total, (s?.received ?? 0) + this.entries), total };
  }
}
