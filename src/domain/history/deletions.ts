/**
 * Mass deletions and record counts, for local snapshots: how many records one transaction deleted
 * (soft delete, or a record removed outright), and how many live records each collection holds.
 */
import * as Y from 'yjs';

/** Collections counted in snapshot descriptions and watched for mass deletions. */
export const COUNTED = ['people', 'units', 'shifts', 'issues', 'conversations'] as const;
const WATCHED: ReadonlySet<string> = new Set(COUNTED);

/** Records one transaction deleted (soft-deleted, or removed from their collection). */
export function deletionsIn(tr: Y.Transaction): number {
  let n = 0;
  for (const [type, keys] of tr.changed) {
    // A root type is a plain AbstractType until the doc's code asks for it with getMap (as in a
    // store that has only ever received updates), so read entries through `_map`, not `get`.
    const parentName = type._item === null ? rootName(type) : null;
    if (parentName !== null && WATCHED.has(parentName)) {
      // The collection itself: records removed outright, or plain records replaced by a deleted copy.
      for (const key of keys) {
        if (key === null) continue;
        const v = entryValue(type, key);
        if (v === undefined || (v as { deleted?: unknown } | null)?.deleted === true) n++;
      }
    } else if (type instanceof Y.Map && keys.has('deleted') && type.get('deleted') === true) {
      const parent = type._item?.parent;
      const name = parent instanceof Y.AbstractType ? rootName(parent) : null;
      if (name !== null && WATCHED.has(name)) n++;
    }
  }
  return n;
}

/** What these helpers read of a Yjs type, typed (Y.Map) or not (an untyped root). */
interface MapLike {
  readonly _item: Y.Item | null;
  readonly doc: Y.Doc | null;
  readonly _map: Map<string, Y.Item>;
}

/** The live value under `key` of a map-like type (typed or not); undefined when there is none. */
function entryValue(type: MapLike, key: string): unknown {
  const item = type._map.get(key);
  if (!item || item.deleted) return undefined;
  const content = item.content.getContent();
  return content[content.length - 1];
}

function rootName(type: MapLike): string | null {
  if (type._item !== null || !type.doc) return null;
  for (const [name, t] of type.doc.share) if ((t as unknown) === type) return name;
  return null;
}

/** Live (not deleted) records per counted collection. */
export function recordCounts(doc: Y.Doc): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of COUNTED) {
    let n = 0;
    doc.getMap<unknown>(name).forEach((v) => {
      const deleted =
        v instanceof Y.Map
          ? v.get('deleted') === true
          : (v as { deleted?: unknown } | null)?.deleted === true;
      if (!deleted) n++;
    });
    counts[name] = n;
  }
  return counts;
}
