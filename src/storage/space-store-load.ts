/**
 * Loading a space's update log into its doc (for space-store.ts): every row read in one Dexie
 * transaction, opened outside it, then all applied in one Y.transact. A row that fails to open or
 * to apply is reported (by seq) and left in place.
 */
import * as Y from 'yjs';
import type { ShopfloorDb } from './db';
import type { RowCipher } from './row-cipher';
import { openEach, readSpaceRows } from './space-rows';

/** What an update row's seal is bound to: its space and place in the log. */
export const updateContext = (spaceId: string, seq: number) => `update/${spaceId}/${seq}`;

/**
 * Applies every stored update of `spaceId` to `doc` with `origin`. Returns how many rows there are,
 * the last seq (0 when none) and the seqs of the rows that could not be read.
 */
export async function loadUpdates(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  doc: Y.Doc,
  origin: unknown,
): Promise<{ rowCount: number; lastSeq: number; unreadable: number[] }> {
  const rows = await readSpaceRows(db, db.updates, spaceId);
  const { opened, unreadable } = await openEach(rows, (row) =>
    cipher.open(row.data, updateContext(spaceId, row.seq)),
  );
  const unapplied: number[] = [];
  Y.transact(
    doc,
    () => {
      for (const { row, value } of opened) {
        try {
          Y.applyUpdate(doc, value, origin);
        } catch {
          unapplied.push(row.seq);
        }
      }
    },
    origin,
  );
  return {
    rowCount: rows.length,
    lastSeq: rows.at(-1)?.seq ?? 0,
    // In row order, as if each row had been opened and applied in turn.
    unreadable: [...unreadable.map((row) => row.seq), ...unapplied].sort((a, b) => a - b),
  };
}
