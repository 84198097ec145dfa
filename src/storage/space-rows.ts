/**
 * A space's rows read and opened the same way everywhere: the per-space logs (update, activity and
 * snapshot rows, keyed `[spaceId, seq]`) are read as one range in one Dexie transaction, and rows
 * are opened outside it (WebCrypto is not an IndexedDB operation and would end the transaction).
 * A row that fails to open is reported, never deleted.
 */
import Dexie, { type Collection, type Table } from 'dexie';
import type { ShopfloorDb } from './db';

/** One of the per-space logs. */
type SpaceLog<R> = Table<R, [string, number]>;

/**
 * A space's rows of one log in `seq` order: all of them, or those before `upTo` (with `upTo` itself
 * when `includeUpTo`).
 */
export function spaceRange<R>(
  table: SpaceLog<R>,
  spaceId: string,
  upTo?: number,
  includeUpTo = false,
): Collection<R, [string, number]> {
  return table
    .where('[spaceId+seq]')
    .between([spaceId, Dexie.minKey], [spaceId, upTo ?? Dexie.maxKey], true, includeUpTo);
}

/** Every row of a space's log, read in one transaction. */
export function readSpaceRows<R>(db: ShopfloorDb, table: SpaceLog<R>, spaceId: string): Promise<R[]> {
  return db.transaction('r', table, () => spaceRange(table, spaceId).toArray());
}

/**
 * Every row of a space's log, read in one transaction as consecutive ranges of at most `per` rows:
 * the browser turns each range's stored values back into rows in a task of its own, so a big log
 * (a campaign's base is tens of MB) is not deserialized in one long main-thread task. Same rows,
 * same order as {@link readSpaceRows}.
 */
export function readSpaceRowsInRanges<R extends { seq: number }>(
  db: ShopfloorDb,
  table: SpaceLog<R>,
  spaceId: string,
  per: number,
): Promise<R[]> {
  return db.transaction('r', table, async () => {
    const rows: R[] = [];
    let after: number | null = null;
    for (;;) {
      const range: R[] = await table
        .where('[spaceId+seq]')
        .between([spaceId, after ?? Dexie.minKey], [spaceId, Dexie.maxKey], after === null, true)
        .limit(per)
        .toArray();
      rows.push(...range);
      const last = range.at(-1);
      if (range.length < per || !last) return rows;
      after = last.seq;
    }
  });
}

/**
 * Opens every row (all at once, results in row order). A row whose `open` throws or gives null is
 * unreadable: it is listed, in row order, and left where it is.
 */
export async function openEach<R, T>(
  rows: readonly R[],
  open: (row: R) => Promise<T | null>,
): Promise<{ opened: { row: R; value: T }[]; unreadable: R[] }> {
  const values = await Promise.all(
    rows.map(async (row) => {
      try {
        return await open(row);
      } catch {
        return null;
      }
    }),
  );
  const opened: { row: R; value: T }[] = [];
  const unreadable: R[] = [];
  values.forEach((value, i) => {
    const row = rows[i]!;
    if (value === null) unreadable.push(row);
    else opened.push({ row, value });
  });
  return { opened, unreadable };
}

/** Deletes every stored row of a space (its update log, activity log and snapshots too). */
export async function deleteSpaceRows(db: ShopfloorDb, spaceId: string): Promise<void> {
  const tables = [db.updates, db.spaces, db.activity, db.snapshots, db.snapshotStates];
  await db.transaction('rw', tables, async () => {
    await spaceRange(db.updates, spaceId).delete();
    await spaceRange(db.activity, spaceId).delete();
    await spaceRange(db.snapshots, spaceId).delete();
    await spaceRange(db.snapshotStates, spaceId).delete();
    await db.activity.delete([`view/${spaceId}`, 0]); // its read model (space-view.ts)
    await db.spaces.delete(spaceId);
  });
  await db.secondCopySettled();
}
