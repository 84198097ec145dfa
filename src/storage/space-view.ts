/**
 * A space's sealed read model: a small record of what a screen shows first (for a campaign, the
 * home screen's counts), so it can be painted at unlock before the whole doc is loaded. The app
 * decides what the record holds; storage keeps it sealed and says whether it is current.
 *
 * What must stay true:
 * - A view is current only for the update log it was computed from: it carries the seq of the
 *   last update row that was stored when it was computed (`atSeq`), and it is given back only while
 *   that row is still the space's last. Any newer write (this tab, another tab, a peer's update, a
 *   compaction) makes it stale, and a stale, missing or unreadable view is never given back: the
 *   caller then waits for the doc. So a view never shows figures older than what is stored.
 * - The caller computes a view only while the doc holds nothing unstored (`SpaceStore.durable`),
 *   so a view never shows a change a crash could still lose.
 * - It is derived data: kept in the activity table under its own key (`view/<spaceId>`, seq 0),
 *   outside every per-space range the logs read, not in the second copy, and deleted with the space.
 *   Sealed and bound to `view/<spaceId>` like every other row.
 */
import type { ShopfloorDb } from './db';
import { openJson, type RowCipher, sealJson } from './row-cipher';
import { spaceRange } from './space-rows';

const viewKey = (spaceId: string): [string, number] => [`view/${spaceId}`, 0];
const viewContext = (spaceId: string) => `view/${spaceId}`;

/** Stores `body` (the app's JSON text) as the view of `spaceId` at update row `atSeq`. */
export async function writeSpaceView(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  atSeq: number,
  body: string,
): Promise<void> {
  const [key, seq] = viewKey(spaceId);
  const data = await sealJson(cipher, { atSeq, body }, viewContext(spaceId));
  await db.activity.put({ spaceId: key, seq, kind: 'v', data });
}

/** The view of `spaceId` when it is current (see the header); null when missing, stale or unreadable. */
export async function readSpaceView(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
): Promise<string | null> {
  const [row, last] = await db.transaction('r', db.activity, db.updates, () =>
    Promise.all([db.activity.get(viewKey(spaceId)), spaceRange(db.updates, spaceId).lastKey()]),
  );
  if (!row) return null;
  const lastSeq = (last as [string, number] | undefined)?.[1] ?? 0;
  try {
    const view = (await openJson(cipher, row.data, viewContext(spaceId))) as {
      atSeq?: unknown;
      body?: unknown;
    };
    return view.atSeq === lastSeq && typeof view.body === 'string' ? view.body : null;
  } catch {
    return null;
  }
}

/** Deletes the view of `spaceId` (with the space). */
export function deleteSpaceView(db: ShopfloorDb, spaceId: string): Promise<void> {
  return db.activity.delete(viewKey(spaceId));
}
