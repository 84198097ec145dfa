/**
 * The second copy (second-copy.ts) read back whole (to rebuild a discarded database) and brought
 * in line with the live database (reconcile).
 */
import { equalBytes } from '../crypto';
import type { SecondCopyBackend } from './second-copy-backends';
import {
  COPIED_STORES,
  type CopiedRow,
  type CopiedStore,
  copyKey,
  decodeRow,
  encodeRow,
  type Key,
  PRIMARY_KEY,
  parseCopyKey,
} from './second-copy-format';

/** Reads the copied stores of a live database (what `reconcile` compares against). */
export interface CopySource {
  keys(store: CopiedStore): Promise<Key[]>;
  get(store: CopiedStore, key: Key): Promise<Record<string, unknown> | undefined>;
}

/** Every row `backend` holds; entries that do not decode (or sit under another key) are counted in `skipped`. */
export async function readCopiedRows(
  backend: SecondCopyBackend,
): Promise<{ rows: CopiedRow[]; skipped: number }> {
  const rows: CopiedRow[] = [];
  let skipped = 0;
  for (const text of await backend.keys()) {
    const parsed = parseCopyKey(text);
    const bytes = parsed ? await backend.get(text).catch(() => undefined) : undefined;
    const row = bytes ? decodeRow(bytes) : null;
    if (!parsed || !row || indexedDB.cmp(PRIMARY_KEY[parsed.store](row), parsed.key) !== 0) {
      skipped++;
      continue;
    }
    rows.push({ store: parsed.store, row });
  }
  return { rows, skipped };
}

/**
 * Makes `backend` hold exactly what `source` holds: rows that are missing, unreadable or different
 * are written, rows the source no longer has are removed. Returns the counts and the keys now held.
 */
export async function rewriteCopy(
  backend: SecondCopyBackend,
  source: CopySource,
): Promise<{ written: number; removed: number; keys: Set<string> }> {
  let written = 0;
  const backendKeys = new Set(await backend.keys());
  const wanted = new Set<string>();
  for (const store of COPIED_STORES) {
    for (const key of await source.keys(store)) {
      const k = copyKey(store, key);
      wanted.add(k);
      // Every entry's bytes are compared, not just its key: after a crash the cache can list
      // an entry whose body it cannot give back whole.
      const row = await source.get(store, key);
      if (!row) continue;
      const bytes = encodeRow(row);
      const held = backendKeys.has(k) ? await backend.get(k).catch(() => undefined) : undefined;
      if (held && equalBytes(held, bytes)) continue;
      await backend.put(k, bytes);
      written++;
    }
  }
  const extra = [...backendKeys].filter((k) => !wanted.has(k));
  if (extra.length > 0) await backend.delete(extra);
  return { written, removed: extra.length, keys: wanted };
}
