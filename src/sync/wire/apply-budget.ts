/**
 * What applying a remote update will cost the main thread, and the limits on it: a per-update
 * apply budget (items) and per-space caps (total bytes and items).
 *
 * Why: the decode guard (decode-guard.ts) bounds the time a check takes in the Worker, but the
 * update that passed is then applied on the main thread, and `Y.applyUpdate` integrates each struct
 * and each delete range one by one — measured at about 1.7× the decode time again for the hostile
 * shapes (tests/bench/apply-cost.ts). So the worker also counts what the apply will integrate
 * (`ApplyCost`, while it decodes anyway) and the guard refuses an update over `maxApplyItems`
 * as 'apply-budget' before it reaches the main thread. The default (100,000 items) is set by the
 * parts a legitimate large state arrives in (state-split.ts: 2 MiB for a peer's step 2, 1 MiB for
 * mailbox snapshots, 512 KiB for mailbox pushes): the densest 2 MiB part of an 8,000-person
 * campaign holds ~58,000 items and must pass with a margin. Applying 100,000 items measured 40 ms
 * (one-clock structs) to ~550 ms (delete ranges that each split an item) on a loaded 2-core
 * machine, against seconds before for an update that just passed the 2 s decode budget.
 * Limit: a local change sent as ONE update (a roster import is one batch, roster/apply.ts) is not
 * split by the sender; an import of more than about 4,000 people (~25 items each) is over the
 * budget and refused by receivers until a later handshake sends it in parts.
 *
 * The space caps (`SpaceBudget`) bound what a space may hold in total, so that a member cannot fill
 * a phone's storage or memory: the encoded size and the item count are estimated once at the start
 * (one walk over the structs, done lazily at the first remote update; ~50 ms for an 8,000-person
 * campaign) and kept current from the doc's own
 * `update` events (what each transaction actually added, local or remote: duplicates add nothing).
 * An update that would take the space past a cap is refused as 'space-full'.
 */
import * as Y from 'yjs';

/** What applying one update will integrate, counted by the decode worker. */
export interface ApplyCost {
  /** Encoded size of the update. */
  bytes: number;
  /** Structs (items, GC and skip runs), each integrated on its own. */
  structs: number;
  /** Delete-set ranges, each looked up (and possibly splitting an item) on its own. */
  deleteRanges: number;
  /** Clock units the structs cover (characters, array values, map entries): the space's growth. */
  units: number;
  /** The apply-cost measure compared with the budget: structs + delete ranges. */
  items: number;
}

/** Default most items (structs + delete ranges) one remote update may carry; see the header. */
export const DEFAULT_MAX_APPLY_ITEMS = 100_000;
/** Default most encoded bytes a space may hold: 512 MiB. */
export const DEFAULT_MAX_SPACE_BYTES = 512 * 1024 * 1024;
/** Default most items (clock units of every client) a space may hold: 50 million. */
export const DEFAULT_MAX_SPACE_ITEMS = 50_000_000;

/** Limits on what remote updates may cost; all optional in `UpdateRules`. */
export interface ApplyLimits {
  /** Most items (structs + delete ranges) in one remote update. */
  maxApplyItems: number;
  /** Most encoded bytes the space may hold. */
  maxSpaceBytes: number;
  /** Most items (clock units) the space may hold. */
  maxSpaceItems: number;
}

/** The cost of a decoded update (`Y.decodeUpdate`), for an update of `bytes` bytes. */
export function costOfDecoded(decoded: ReturnType<typeof Y.decodeUpdate>, bytes: number): ApplyCost {
  let units = 0;
  for (const s of decoded.structs) units += s.length;
  let deleteRanges = 0;
  for (const ranges of decoded.ds.clients.values()) deleteRanges += ranges.length;
  const structs = decoded.structs.length;
  return { bytes, structs, deleteRanges, units, items: structs + deleteRanges };
}

/** The cost of an update, decoding it (null when it does not decode); the worker uses `costOfDecoded`. */
export function estimateApplyCost(update: Uint8Array): ApplyCost | null {
  try {
    return costOfDecoded(Y.decodeUpdate(update), update.length);
  } catch {
    return null;
  }
}

/** Sum of a doc's clocks: every item (clock unit) it ever integrated, deleted or not. */
function clockSum(doc: Y.Doc): number {
  let sum = 0;
  for (const structs of doc.store.clients.values()) {
    const last = structs[structs.length - 1];
    if (last) sum += last.id.clock + last.length;
  }
  return sum;
}

/**
 * A space's totals against its caps. `admit` is asked before an update is applied; the totals
 * follow the doc's transactions, so what was admitted but never applied (a dropped link) or was
 * already there (the same change from a peer and the mailbox) counts nothing.
 *
 * @example
 * const space = new SpaceBudget(doc, { maxSpaceBytes: 512 << 20, maxSpaceItems: 5e7 });
 * const verdict = space.admit(cost); // null: fine; else the refusal
 */
export class SpaceBudget {
  private bytes = 0;
  private items = 0;
  private started = false;
  private readonly onUpdate = (update: Uint8Array) => {
    this.bytes += update.length;
  };
  private readonly onTransaction = (tr: Y.Transaction) => {
    for (const [client, clock] of tr.afterState) this.items += clock - (tr.beforeState.get(client) ?? 0);
  };

  constructor(
    private readonly doc: Y.Doc,
    readonly limits: Pick<ApplyLimits, 'maxSpaceBytes' | 'maxSpaceItems'>,
  ) {}

  /** Current estimate: encoded bytes (an upper bound: merged updates encode smaller) and items. */
  get totals(): { bytes: number; items: number } {
    this.start();
    return { bytes: this.bytes, items: this.items };
  }

  /** Null when an update of `cost` fits the caps; otherwise why not. */
  admit(cost: Pick<ApplyCost, 'bytes' | 'units'>): { reason: 'space-full'; detail: string } | null {
    this.start();
    if (this.bytes + cost.bytes > this.limits.maxSpaceBytes) {
      return {
        reason: 'space-full',
        detail: `bytes ${this.bytes} + ${cost.bytes} > ${this.limits.maxSpaceBytes}`,
      };
    }
    if (this.items + cost.units > this.limits.maxSpaceItems) {
      return {
        reason: 'space-full',
        detail: `items ${this.items} + ${cost.units} > ${this.limits.maxSpaceItems}`,
      };
    }
    return null;
  }

  /** Stops following the doc. */
  dispose(): void {
    if (!this.started) return;
    this.doc.off('update', this.onUpdate);
    this.doc.off('afterTransaction', this.onTransaction);
  }

  /** The one full encode, deferred to the first remote update so opening a session stays cheap. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    this.bytes = encodedSize(this.doc);
    this.items = clockSum(this.doc);
    this.doc.on('update', this.onUpdate);
    this.doc.on('afterTransaction', this.onTransaction);
  }
}

/**
 * About the encoded size of the whole doc, from one walk over its structs: an exact encode of an
 * 8,000-person campaign takes ~400 ms on the main thread here, the walk a few ms. The walk counts
 * each struct's header and its content's length; it lands within a small factor of the real size
 * (tests/unit/sync/apply-budget.test.ts), which is all a safety cap needs.
 */
function encodedSize(doc: Y.Doc): number {
  let bytes = 0;
  for (const structs of doc.store.clients.values()) {
    for (const s of structs) {
      bytes += STRUCT_OVERHEAD;
      if (!(s instanceof Y.Item)) continue;
      const c = s.content;
      if (c instanceof Y.ContentString) bytes += c.str.length;
      else if (c instanceof Y.ContentBinary) bytes += c.content.length;
      else if (c instanceof Y.ContentAny) {
        for (const v of c.arr) bytes += anySize(v);
      } else if (c instanceof Y.ContentType || c instanceof Y.ContentDeleted) bytes += 1;
      else bytes += ANY_VALUE_BYTES;
      if (typeof s.parentSub === 'string') bytes += s.parentSub.length + 1;
    }
  }
  return bytes;
}

/** About the encoded size of a ContentAny value (lib0's any encoding: a type byte, then the value). */
function anySize(v: unknown): number {
  if (typeof v === 'string') return v.length + 2;
  if (Array.isArray(v)) {
    let n = 2;
    for (const x of v) n += anySize(x);
    return n;
  }
  if (v instanceof Uint8Array) return v.length + 2;
  if (v && typeof v === 'object') {
    let n = 2;
    for (const [k, x] of Object.entries(v)) n += k.length + 1 + anySize(x);
    return n;
  }
  return typeof v === 'number' ? ANY_VALUE_BYTES : 1;
}

/** Bytes counted per struct (info byte, origin ids) and per number. */
const STRUCT_OVERHEAD = 8;
const ANY_VALUE_BYTES = 9;
