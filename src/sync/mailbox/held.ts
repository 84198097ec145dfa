/**
 * What the mailbox is known to hold, as a Yjs state vector: the saved state's (everything the
 * mailbox held when this device last had nothing waiting) extended by what this device applied
 * from the mailbox since. A difference push (push.ts) starts from it, so a device pushes what it
 * made, never back what it just downloaded: a fresh member who joins an 8,000-person campaign
 * would otherwise append the whole campaign again (and compact it) right after receiving it.
 *
 * What must stay true: a client's range counts as held only when it was integrated by an update
 * that came from the mailbox and the doc held no more of that client than the mailbox did before
 * it (so a local change of that client not yet pushed is never counted as held).
 */
import * as Y from 'yjs';

const svOf = (doc: Y.Doc): Map<number, number> => Y.decodeStateVector(Y.encodeStateVector(doc));

export class HeldByMailbox {
  private sv = new Map<number, number>();

  /** Starts over from a saved state vector (unreadable: nothing known). */
  reset(saved: Uint8Array): void {
    try {
      this.sv = Y.decodeStateVector(saved);
    } catch {
      this.sv = new Map();
    }
  }

  /** Runs `apply` (a mailbox update going into `doc`); when `ok` says it went in, extends what is held. */
  track<T>(doc: Y.Doc, apply: () => T, ok: (result: T) => boolean): T {
    const before = svOf(doc);
    const result = apply();
    if (!ok(result)) return result;
    for (const [client, clock] of svOf(doc)) {
      const held = this.sv.get(client) ?? 0;
      if ((before.get(client) ?? 0) <= held && clock > held) this.sv.set(client, clock);
    }
    return result;
  }

  /** `saved` joined with what is held: the base of a difference push. */
  base(saved: Uint8Array): Uint8Array {
    const out = new Map(this.sv);
    try {
      for (const [client, clock] of Y.decodeStateVector(saved))
        if (clock > (out.get(client) ?? 0)) out.set(client, clock);
    } catch {
      // An unreadable saved vector adds nothing.
    }
    return Y.encodeStateVector(out);
  }
}
