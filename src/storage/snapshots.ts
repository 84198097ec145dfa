/**
 * Local snapshots of a campaign: the whole space as it was at one moment, kept on this device so
 * that a mass deletion (by an infiltrator, or by mistake) can be restored from.
 *
 * Taken once a day at unlock (`daily`), before a change from another device that deletes many
 * records is stored (`pre-deletion`), and on request (`manual`). Kept: the newest
 * {@link KEEP_DAILY} daily-or-manual ones and the newest {@link KEEP_PRE_DELETION} pre-deletion ones.
 *
 * Layout: a snapshot is two rows under the key `[space, seq]`. Its description (table `snapshots`:
 * time, reason, record counts, state size, the state's digest and which state row holds it) is
 * small and is all the list, the daily check and pruning read. Its state (table `snapshotStates`)
 * is read only to restore from it. A snapshot whose state is byte for byte the state of a kept one
 * (nothing changed between two daily snapshots, say) points at that state row instead of storing
 * the same bytes again.
 *
 * What must stay true: a description is sealed and bound to `snapshot-meta/<space>/<seq>`, a state
 * to `snapshot/<space>/<seq of its state row>`, so listing never decrypts a state and no value can
 * be moved to another snapshot or space unnoticed (a description names its state row inside the
 * seal). A state row is deleted only when no kept description (nor an unreadable one, which might)
 * points at it. Snapshots are local only: never synced, never in backups (a backup already holds
 * the whole current state), and deleted with everything else by a panic wipe.
 */
import { toHex } from '../crypto';
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
  /** Stored size of its state (encrypted), in bytes. */
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

/** A description as read: what the list shows, plus where its state is and what it hashes to. */
interface Described {
  readonly info: SnapshotInfo;
  /** The `seq` of the state row holding its state (its own seq unless shared). */
  readonly stateSeq: number;
  /** SHA-256 of the plain state (hex); absent in descriptions written before it was kept. */
  readonly digest?: string;
  /** Written before descriptions held the state's size (`v: 1`): `info.bytes` is not known yet. */
  readonly sizeUnknown: boolean;
}

function parseDescription(seq: number, raw: unknown): Described | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.reason !== 'daily' && m.reason !== 'pre-deletion' && m.reason !== 'manual') return null;
  if (typeof m.at !== 'number') return null;
  const counts: Record<string, number> = {};
  if (typeof m.counts === 'object' && m.counts !== null) {
    for (const [k, v] of Object.entries(m.counts)) if (typeof v === 'number') counts[k] = v;
  }
  const bytes = typeof m.bytes === 'number' ? m.bytes : 0;
  const stateSeq = Number.isSafeInteger(m.state) ? (m.state as number) : seq;
  return {
    info: { seq, at: m.at, reason: m.reason, counts, bytes },
    stateSeq,
    ...(typeof m.digest === 'string' ? { digest: m.digest } : {}),
    sizeUnknown: typeof m.bytes !== 'number',
  };
}

/** Every description of a space, newest first, and the seqs of those that failed to open. */
async function readDescriptions(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
): Promise<{ described: Described[]; unreadable: number[] }> {
  const rows = await readSpaceRows(db, db.snapshots, spaceId);
  const { opened, unreadable } = await openEach(rows, async (row) =>
    parseDescription(row.seq, await openJson(cipher, row.meta, metaContext(spaceId, row.seq))),
  );
  const described = opened.map((o) => o.value);
  described.sort((a, b) => b.info.at - a.info.at || b.info.seq - a.info.seq);
  return { described, unreadable: unreadable.map((row) => row.seq) };
}

function sealDescription(cipher: RowCipher, spaceId: string, d: Described): Promise<Uint8Array> {
  const { seq, at, reason, counts, bytes } = d.info;
  const body = {
    v: 2,
    at,
    reason,
    counts,
    bytes,
    state: d.stateSeq,
    ...(d.digest ? { digest: d.digest } : {}),
  };
  return sealJson(cipher, body, metaContext(spaceId, seq));
}

/**
 * A description written before sizes were kept learns its state's size once: the state row is
 * read (not opened) and the description sealed again with it, so the next list reads no state.
 */
async function learnSize(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  d: Described,
): Promise<Described> {
  const state = await db.snapshotStates.get([spaceId, d.stateSeq]);
  const known: Described = { ...d, info: { ...d.info, bytes: state?.data.length ?? 0 }, sizeUnknown: false };
  if (!state) return known;
  const meta = await sealDescription(cipher, spaceId, known);
  await db.snapshots.update([spaceId, d.info.seq], { meta }).catch(() => 0);
  return known;
}

/** Lists a space's snapshots, newest first (rows that fail to open are left out). */
export async function listSnapshots(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
): Promise<SnapshotInfo[]> {
  const { described } = await readDescriptions(db, cipher, spaceId);
  const out: SnapshotInfo[] = [];
  for (const d of described)
    out.push(d.sizeUnknown ? (await learnSize(db, cipher, spaceId, d)).info : d.info);
  return out;
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
  const d = parseDescription(seq, await openJson(cipher, row.meta, metaContext(spaceId, seq)));
  if (!d) throw new Error('unreadable snapshot');
  const state = await db.snapshotStates.get([spaceId, d.stateSeq]);
  if (!state) throw new Error('no such snapshot');
  return cipher.open(state.data, dataContext(spaceId, d.stateSeq));
}

async function digestOf(state: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', state as Uint8Array<ArrayBuffer>)));
}

/** The highest seq a space's snapshots use (descriptions or states), read from keys only. */
async function lastSnapshotSeq(db: ShopfloorDb, spaceId: string): Promise<number> {
  const keys = await Promise.all([
    spaceRange(db.snapshots, spaceId).lastKey(),
    spaceRange(db.snapshotStates, spaceId).lastKey(),
  ]);
  return Math.max(0, ...keys.map((k) => (k as [string, number] | undefined)?.[1] ?? 0));
}

/** Thrown inside the write when the state row it meant to share was pruned meanwhile. */
class SharedStateGone extends Error {}

/**
 * Stores a snapshot and drops the oldest beyond what is kept. When a kept snapshot already holds
 * the same state, the new description points at its state row instead of storing it again.
 */
export async function writeSnapshot(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  input: { state: Uint8Array; reason: SnapshotReason; counts: Record<string, number>; at?: number },
): Promise<SnapshotInfo> {
  const at = input.at ?? Date.now();
  const digest = await digestOf(input.state);
  // Sealed under its first seq; sealed again only if another writer took that seq meanwhile.
  const sealed = new Map<number, Uint8Array>();
  for (let attempt = 0; ; attempt++) {
    const seq = (await lastSnapshotSeq(db, spaceId)) + 1;
    const same = (await readDescriptions(db, cipher, spaceId)).described.find((d) => d.digest === digest);
    let data: Uint8Array | null = null;
    if (!same) {
      data = sealed.get(seq) ?? (await cipher.seal(input.state, dataContext(spaceId, seq)));
      sealed.clear();
      sealed.set(seq, data);
    }
    const bytes = same ? same.info.bytes : data!.length;
    const d: Described = {
      info: { seq, at, reason: input.reason, counts: input.counts, bytes },
      stateSeq: same ? same.stateSeq : seq,
      digest,
      sizeUnknown: false,
    };
    const meta = await sealDescription(cipher, spaceId, d);
    try {
      await db.transaction('rw', db.snapshots, db.snapshotStates, async () => {
        if (
          same &&
          (await db.snapshotStates.where('[spaceId+seq]').equals([spaceId, same.stateSeq]).count()) === 0
        )
          throw new SharedStateGone();
        await db.snapshots.add({ spaceId, seq, meta });
        if (data) await db.snapshotStates.add({ spaceId, seq, data });
      });
      await pruneSnapshots(db, cipher, spaceId);
      return d.info;
    } catch (err) {
      const retry = err instanceof SharedStateGone || (err as { name?: string }).name === 'ConstraintError';
      if (retry && attempt < 5) continue;
      throw err;
    }
  }
}

/**
 * Keeps the newest daily/manual and pre-deletion snapshots; deletes the others' descriptions, and
 * the state rows nothing kept points at, in one transaction.
 */
export async function pruneSnapshots(db: ShopfloorDb, cipher: RowCipher, spaceId: string): Promise<void> {
  const { described, unreadable } = await readDescriptions(db, cipher, spaceId);
  const pre = described.filter((s) => s.info.reason === 'pre-deletion');
  const daily = described.filter((s) => s.info.reason !== 'pre-deletion');
  const drop = [...pre.slice(KEEP_PRE_DELETION), ...daily.slice(KEEP_DAILY)];
  if (drop.length === 0) return;
  const dropped = new Set(drop.map((d) => d.info.seq));
  // An unreadable description may hold its own state: that state row stays too.
  const needed = new Set([
    ...described.filter((d) => !dropped.has(d.info.seq)).map((d) => d.stateSeq),
    ...unreadable,
  ]);
  const states = [...new Set(drop.map((d) => d.stateSeq))].filter((s) => !needed.has(s));
  const keys = (seqs: Iterable<number>) => [...seqs].map((s) => [spaceId, s] as [string, number]);
  await db.transaction('rw', db.snapshots, db.snapshotStates, async () => {
    await db.snapshots.bulkDelete(keys(dropped));
    await db.snapshotStates.bulkDelete(keys(states));
  });
}

/**
 * True when the newest daily-or-manual snapshot is older than a day (or there is none). Reads
 * descriptions only.
 */
export async function dailySnapshotDue(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  now = Date.now(),
): Promise<boolean> {
  const { described } = await readDescriptions(db, cipher, spaceId);
  const newest = described.find((s) => s.info.reason !== 'pre-deletion');
  return !newest || now - newest.info.at >= DAILY_MS;
}
