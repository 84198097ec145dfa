/**
 * Which logged changes, and which Yjs items, one member made — from an activity log (a base state
 * plus every change since, in arrival order; see storage's activity-log.ts).
 *
 * Authorship is decided per Yjs item by its client id: each device lists the client ids of its
 * sessions in its member record (`clients`), so an item is its author's wherever it came from,
 * even relayed by another member. A client id nobody (or more than one member) claims falls back
 * to the device that delivered the change. Deletions carry no client id: those of a change are the
 * member's when every item of the change is theirs, when it had no items and they delivered it, or
 * when they delivered it themselves.
 *
 * What must stay true: this module trusts the `owners` map it is given. The app builds it only from
 * lists their own device signed, checked against the verified membership log (src/app/activity.ts),
 * because every member can write every member record; pass no unchecked map here. Even so, a proven
 * deliverer can pass on anything it holds and a member can write under fresh client ids: this is
 * good for spotting and undoing a planted member's changes, not as evidence.
 */
import * as Y from 'yjs';

/** One logged change, as domain code needs it. */
export interface LoggedChange {
  /** When it was made here or arrived (ms epoch). */
  readonly at: number;
  /** The Yjs update it made. */
  readonly update: Uint8Array;
  /** Device that made it (local) or delivered it (peer); null for imports of a backup or fork. */
  readonly by: string | null;
}

/** A space's log: the state before the first change, and the changes, oldest first. */
export interface ChangeLog {
  readonly base: Uint8Array | null;
  readonly changes: readonly LoggedChange[];
}

/** Client id → device id, for client ids exactly one member's verified signed list claims. */
export type ClientOwners = ReadonlyMap<number, string>;

/** Half-open clock ranges per client id. */
type Ranges = Map<number, [number, number][]>;

/** What one member did since a moment. */
export interface MemberChanges {
  /** Indices (into `changes`) of the changes that hold something of theirs. */
  readonly touched: ReadonlySet<number>;
  /** True when an item with this id was inserted by the member in one of those changes. */
  inserted(id: Y.ID): boolean;
  /** True when the member's changes deleted the item with this id. */
  deleted(id: Y.ID): boolean;
}

function addRange(ranges: Ranges, client: number, clock: number, len: number) {
  const list = ranges.get(client) ?? [];
  list.push([clock, clock + len]);
  ranges.set(client, list);
}

/** Sorts and merges each client's ranges so that `inRanges` can binary-search them. */
function normalize(ranges: Ranges): Ranges {
  for (const [client, list] of ranges) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const r of list) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    ranges.set(client, merged);
  }
  return ranges;
}

/** True when `id` falls in one of its client's ranges (normalized: sorted, disjoint). */
function inRanges(ranges: Ranges, id: Y.ID): boolean {
  const list = ranges.get(id.client);
  if (!list) return false;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = list[mid] as [number, number];
    if (id.clock < from) hi = mid - 1;
    else if (id.clock >= to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Who a struct's client id belongs to (falling back to whoever delivered the change). */
export function ownerOf(client: number, change: LoggedChange, owners: ClientOwners): string | null {
  return owners.get(client) ?? change.by;
}

/** Decodes a change; null when it cannot be decoded (it then counts for nobody). */
function decode(change: LoggedChange): ReturnType<typeof Y.decodeUpdate> | null {
  try {
    return Y.decodeUpdate(change.update);
  } catch {
    return null;
  }
}

/**
 * Finds what `deviceId` did in the changes that arrived at or after `since`.
 * @example const mine = memberChanges(log.changes, badDevice, Date.parse('2025-05-01'), owners);
 */
export function memberChanges(
  changes: readonly LoggedChange[],
  deviceId: string,
  since: number,
  owners: ClientOwners,
): MemberChanges {
  const touched = new Set<number>();
  const inserted: Ranges = new Map();
  const deletes: ReturnType<typeof Y.decodeUpdate>['ds'][] = [];
  changes.forEach((change, index) => {
    if (change.at < since) return;
    const decoded = decode(change);
    if (!decoded) return;
    let theirs = 0;
    let items = 0;
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) continue;
      items++;
      if (ownerOf(struct.id.client, change, owners) === deviceId) {
        theirs++;
        addRange(inserted, struct.id.client, struct.id.clock, struct.length);
      }
    }
    const delivered = change.by === deviceId;
    if (theirs > 0 || (items === 0 && delivered)) touched.add(index);
    if ((items > 0 && theirs === items) || (delivered && (items === 0 || theirs > 0)))
      deletes.push(decoded.ds);
  });
  const ds = Y.mergeDeleteSets(deletes);
  normalize(inserted);
  return {
    touched,
    inserted: (id) => inRanges(inserted, id),
    deleted: (id) => Y.isDeleted(ds, id),
  };
}

/**
 * Rebuilds the space from the log without the changes `skip` names. Later changes that build on a
 * skipped one stay pending in Yjs (they need items that are missing) and so are absent too.
 */
export function rebuildWithout(log: ChangeLog, skip: ReadonlySet<number>): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    if (log.base) Y.applyUpdate(doc, log.base);
    log.changes.forEach((change, index) => {
      if (skip.has(index)) return;
      try {
        Y.applyUpdate(doc, change.update);
      } catch {
        // A change Yjs refuses here cannot matter: the undo acts only on what the log proves.
      }
    });
  });
  return doc;
}
