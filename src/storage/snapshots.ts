/**
 * Local snapshots of a campaign: the whole space as it was at one moment, kept on this device so
 * that a mass deletion (by an infiltrator, or by mistake) can be restored from.
 *
 * Taken once a day at unlock (`daily`), before a change from another device that deletes many
 * records is stored (`pre-deletion`), and on request (`manual`). Kept: the newest
 * {@link KEEP_DAILY} daily-or-manual ones and the newest {@link KEEP_PRE_DELETION} pre-deletion ones.
 *
 * What must stay true: a snapshot row holds two sealed values, its description (time, reason,
 * record counts) and its state, each bound to `snapshot-meta|snapshot/<space>/<seq>`, so listing
 * never decrypts the states and no value can be moved to another snapshot or space unnoticed.
 * Snapshots are local only: never synced, never in backups (a backup already holds the whole
 * current state), and deleted with everything else by a panic wipe.
 */
import type { ShopfloorDb } from './db';
import { openJson, type RowCipher, sealJson } from './row-cipher';
import { openEach, readSpaceRows, spaceRange } from './space-rows';

export type SnapshotReason = 'daily' | 'pre-deletion' | 'manual';

/** What the snapshot list shows. */
export interface SnapshotInfo {
  readonly seq: number;
  /** When it was taken (ms epoch). */
  readonly at: number;
  readonly reason: SnapshotReason;
  /** Live records per collection at that moment (from the caller's `describe`). */
  readonly counts: Readonly<Record<string, number>>;
  /** Stored size (encrypted), in bytes. */
  readonly bytes: number;
}

/** Daily and manual snapshots kept. */
export const KEEP_DAILY = 7;
/** Pre-deletion snapshots kept. */
export const KEEP_PRE_DELETION = 5;
/** Age past which unlock takes a new daily snapshot (ms). */
export const DAILY_MS = 24 * 60 * 60 * 1000;

const metaContext = (spaceId: string, seq: number) => `snapshot-meta/${spaceId}/${seq}`;
const dataContext = (spaceId: string, seq: number) => `snapshot/${spaceId}/${seq}`;

function parseInfo(seq: number, raw: unknown, bytes: number): SnapshotInfo | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.reason !== 'daily' && m.reason !== 'pre-deletion' && m.reason !== 'manual') return null;
  if (typeof m.at !== 'number') return null;
  const counts: Record<string, number> = {};
  if (typeof m.counts === 'object' && m.counts !== null) {
    for (const [k, v] of Object.entries(m.counts)) if (typeof v === 'number') counts[k] = v;
  }
  return { seq, at: m.at, reason: m.reason, counts, bytes };
}

/** Lists a space's snapshots, newest first (rows that fail to open are left out). */
export async function listSnapshots(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
): Promise<SnapshotInfo[]> {
  const rows = await readSpaceRows(db, db.snapshots, spaceId);
  const { opened } = await openEach(rows, async (row) =>
    parseInfo(row.seq, await openJson(cipher, row.meta, metaContext(spaceId, row.seq)), row.data.length),
  );
  const out = opened.map((o) => o.value);
  return out.sort((a, b) => b.at - a.at || b.seq - a.seq);
}

/** Opens one snapshot's state (a Yjs update). */
export async function readSnapshot(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  seq: number,
): Promise<Uint8Array> {
  const row = await db.snapshots.get([spaceId, seq]);
  if (!row) throw new Error('no such snapshot');
  return cipher.open(row.data, dataContext(spaceId, seq));
}

/** Stores a snapshot and drops the oldest beyond what is kept. */
export async function writeSnapshot(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  input: { state: Uint8Array; reason: SnapshotReason; counts: Record<string, number>; at?: number },
): Promise<SnapshotInfo> {
  const at = input.at ?? Date.now();
  for (let attempt = 0; ; attempt++) {
    const last = await spaceRange(db.snapshots, spaceId).last();
    const seq = (last?.seq ?? 0) + 1;
    const meta = await sealJson(
      cipher,
      { v: 1, at, reason: input.reason, counts: input.counts },
      metaContext(spaceId, seq),
    );
    const data = await cipher.seal(input.state, dataContext(spaceId, seq));
    try {
      await db.snapshots.add({ spaceId, seq, meta, data });
      await pruneSnapshots(db, cipher, spaceId);
      return { seq, at, reason: input.reason, counts: input.counts, bytes: data.length };
    } catch (err) {
      if ((err as { name?: string }).name === 'ConstraintError' && attempt < 5) continue;
      throw err;
    }
  }
}

/** Keeps the newest daily/manual and pre-deletion snapshots; deletes the others. */
export async function pruneSnapshots(db: ShopfloorDb, cipher: RowCipher, spaceId: string): Promise<void> {
  const all = await listSnapshots(db, cipher, spaceId);
  const pre = all.filter((s) => s.reason === 'pre-deletion');
  const daily = all.filter((s) => s.reason !== 'pre-deletion');
  const drop = [...pre.slice(KEEP_PRE_DELETION), ...daily.slice(KEEP_DAILY)];
  if (drop.length > 0) await db.snapshots.bulkDelete(drop.map((s) => [spaceId, s.seq] as [string, number]));
}

/** True when the newest daily-or-manual snapshot is older than a day (or there is none). */
export async function dailySnapshotDue(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  now = Date.now(),
): Promise<boolean> {
  const newest = (await listSnapshots(db, cipher, spaceId)).find((s) => s.reason !== 'pre-deletion');
  return !newest || now - newest.at >= DAILY_MS;
}
