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
    if (!(type instanceof Y.Map)) continue;
    const map = type as Y.Map<unknown>;
    const parent = map._item?.parent;
    const parentName = map._item === null ? rootName(map) : null;
    if (parentName !== null && WATCHED.has(parentName)) {
      // The collection itself: records removed outright, or plain records replaced by a deleted copy.
      for (const key of keys) {
        if (key === null) continue;
        const v = map.get(key);
        if (v === undefined || (v as { deleted?: unknown } | null)?.deleted === true) n++;
      }
    } else if (parent instanceof Y.Map && keys.has('deleted') && map.get('deleted') === true) {
      const name = rootName(parent as Y.Map<unknown>);
      if (name !== null && WATCHED.has(name)) n++;
    }
  }
  return n;
}

function rootName(type: Y.Map<unknown>): string | null {
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
