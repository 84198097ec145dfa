/**
 * Tracks whether local changes have reached at least one peer (`SyncStatus.unsentLocalChanges`).
 *
 * Model: every local update (any doc update whose origin is not a peer) gets a generation number
 * and stays pending until a peer acknowledges a message that carried it. Two kinds of message carry
 * local changes:
 *   - an `update` message broadcast for that update: carries exactly its generation;
 *   - a sync step 2 (our answer to a peer's step 1): carries the whole doc as of sending, so every
 *     generation up to the current one (including deletions, which state vectors cannot show).
 *     A large state goes as several messages (state-split.ts); it counts only once the peer
 *     acknowledged every one of them (`noteSentAll`), since a refused part leaves a hole.
 * A peer acknowledges a sync message (by its frame message id) only after applying it; a message
 * it rejects is never acknowledged, so the change stays pending. What existed before sync started
 * is generation 1 when `initialUnsent` (the default): we cannot know whether it ever left this
 * device, so it counts as unsent until a peer confirms a step 2 from us.
 *
 * What must stay true: this never says "delivered" for a change no peer confirmed; it may say
 * "unsent" for longer than needed (e.g. an ack lost with its connection), which is the safe side.
 */

/** What a sent sync message carried. */
export type SentTag = { kind: 'update'; gen: number } | { kind: 'state'; upTo: number };

/** What is still awaited for a tag: the message ids not yet acknowledged. */
interface SentEntry {
  tag: SentTag;
  waiting: Set<number>;
}

/** Most unacknowledged messages remembered per connection; older ones stay pending. */
const MAX_TRACKED_PER_CONN = 10_000;

/** Local-change delivery bookkeeping for one sync session. */
export class DeliveryTracker {
  private gen = 0;
  private readonly pending = new Set<number>();
  private readonly sent = new Map<object, Map<number, SentEntry>>();

  constructor(initialUnsent = true) {
    if (initialUnsent) this.pending.add(++this.gen);
  }

  /** The newest generation (what a step 2 sent now carries). */
  get currentGen(): number {
    return this.gen;
  }

  /** True while some local change has not been confirmed by any peer. */
  get unsent(): boolean {
    return this.pending.size > 0;
  }

  /** Records a local update; returns its generation. */
  noteLocalUpdate(): number {
    this.pending.add(++this.gen);
    return this.gen;
  }

  /** Records that message `id` on connection `conn` carried `tag`. */
  noteSent(conn: object, id: number, tag: SentTag): void {
    this.noteSentAll(conn, [id], tag);
  }

  /** Records that messages `ids` on `conn` together carried `tag`: it counts once all are acknowledged. */
  noteSentAll(conn: object, ids: readonly number[], tag: SentTag): void {
    if (ids.length === 0) return;
    let byId = this.sent.get(conn);
    if (!byId) {
      byId = new Map();
      this.sent.set(conn, byId);
    }
    const entry: SentEntry = { tag, waiting: new Set(ids) };
    for (const id of ids) byId.set(id, entry);
    while (byId.size > MAX_TRACKED_PER_CONN) {
      // Forgotten: its tag can no longer complete, so its changes stay pending (the safe side).
      const oldest = byId.keys().next().value;
      if (oldest === undefined) break;
      byId.delete(oldest);
    }
  }

  /** Applies an acknowledgement from `conn`; returns true when `unsent` may have changed. */
  noteAcked(conn: object, ids: readonly number[]): boolean {
    const byId = this.sent.get(conn);
    if (!byId) return false;
    let changed = false;
    for (const id of ids) {
      const entry = byId.get(id);
      if (!entry) continue;
      byId.delete(id);
      entry.waiting.delete(id);
      if (entry.waiting.size > 0) continue;
      const tag = entry.tag;
      if (tag.kind === 'update') {
        changed = this.pending.delete(tag.gen) || changed;
      } else {
        for (const g of this.pending) {
          if (g <= tag.upTo) {
            this.pending.delete(g);
            changed = true;
          }
        }
      }
    }
    return changed;
  }

  /** Forgets a closed connection's unacknowledged messages (their changes stay pending). */
  dropConn(conn: object): void {
    this.sent.delete(conn);
  }
}
