/**
 * Reads a snapshot (entry.ts's format: `u8 version ‖ varUint8Array seenJSON ‖ varUint n ‖
 * n × varUint8Array update`) part by part, handing out each update as soon as all of its bytes
 * arrived, so a joining phone applies the first updates while the rest is still downloading.
 *
 * What must stay true: it accepts exactly what the whole-buffer decoder the tests hold it to
 * (tests/support/snapshot-oracle.ts) accepts (the last part ends with
 * the n-th update, nothing after it), never throws on hostile bytes (`bad` is set instead), and
 * never allocates from a length it read: bytes are only copied once all of an item is there, and
 * the caller bounds the total. Each update is a compact copy of its own bytes (not a view into a
 * buffer of the whole snapshot).
 */
import { MAX_SNAPSHOT_UPDATES, parseSeen, SNAPSHOT_VERSION } from './entry';

/** Reads one snapshot's parts in order. */
export class SnapshotReader {
  private readonly chunks: Uint8Array[] = [];
  private available = 0;
  private stage: 'version' | 'seen' | 'count' | 'updates' = 'version';
  private left = 0;
  /** The seen map, once read (it comes first). */
  seen: Record<string, number> = {};
  /** Set once the bytes are not a snapshot: nothing more is read. */
  bad = false;

  /** Adds the next part; returns the updates it completed, in order. */
  push(part: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (this.bad) return out;
    if (part.length > 0) {
      this.chunks.push(part);
      this.available += part.length;
    }
    try {
      this.read(out);
    } catch {
      this.bad = true;
    }
    return out;
  }

  /** After the last part: true when it held exactly the updates it announced and nothing more. */
  finish(): boolean {
    return !this.bad && this.stage === 'updates' && this.left === 0 && this.available === 0;
  }

  private read(out: Uint8Array[]): void {
    for (;;) {
      if (this.stage === 'version') {
        const v = this.take(1);
        if (!v) return;
        if (v[0] !== SNAPSHOT_VERSION) throw new Error('version');
        this.stage = 'seen';
      } else if (this.stage === 'seen') {
        const bytes = this.item();
        if (!bytes) return;
        this.seen = parseSeen(JSON.parse(new TextDecoder().decode(bytes)));
        this.stage = 'count';
      } else if (this.stage === 'count') {
        const n = this.varUint();
        if (n === null) return;
        if (n > MAX_SNAPSHOT_UPDATES) throw new Error('count');
        this.left = n;
        this.stage = 'updates';
      } else {
        if (this.left === 0) {
          if (this.available > 0) throw new Error('trailing bytes');
          return;
        }
        const update = this.item();
        if (!update) return;
        out.push(update);
        this.left--;
      }
    }
  }

  /** A varUint8Array once all of it is there (its length prefix is consumed with it), else null. */
  private item(): Uint8Array | null {
    const head = this.peekVarUint();
    if (head === null) return null;
    if (this.available < head.size + head.value) return null;
    this.take(head.size);
    return this.take(head.value) ?? new Uint8Array(0);
  }

  private varUint(): number | null {
    const head = this.peekVarUint();
    if (head === null) return null;
    this.take(head.size);
    return head.value;
  }

  /** lib0's varUint (7 bits a byte, low first) at the front, without consuming it; null: not all there. */
  private peekVarUint(): { value: number; size: number } | null {
    let value = 0;
    let mult = 1;
    let size = 0;
    for (const chunk of this.chunks) {
      for (const byte of chunk) {
        value += (byte & 0x7f) * mult;
        size++;
        if (byte < 0x80) return { value, size };
        mult *= 128;
        if (size >= 8) throw new Error('varUint too long'); // past 2^53: not a length
      }
    }
    return null;
  }

  /** Removes and returns the first `n` bytes (a copy of its own), or null when fewer are there. */
  private take(n: number): Uint8Array | null {
    if (this.available < n) return null;
    if (n === 0) return new Uint8Array(0);
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const chunk = this.chunks[0] as Uint8Array;
      const used = Math.min(chunk.length, n - at);
      out.set(chunk.subarray(0, used), at);
      at += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    this.available -= n;
    return out;
  }
}
