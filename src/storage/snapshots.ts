/**
 * Local snapshots of a campaign: the whole space as it was at one moment, kept on this device so
 * that a mass deletion (by an infiltrator, or by mistake) can be restored from.
 *
 * Taken once a day at unlock (`daily`), before a change from another device that deletes many
 * records is stored (`pre-deletion`), and on request (`manual`). Kept: the newest
 * {@link KEEP_DAILY} daily-or-manual ones and the newest {@link KEEP_PRE_DELETION} pre-deletion ones.
 *
 * Layout: a snapshot is a description row (table `snapshots`: time, reason, record counts, size,
 * the state's digest and state vector, and its chain of state rows) and up to one state row
 * (table `snapshotStates`) under the key `[space, seq]`. The list, the daily check and pruning read
 * descriptions only; state rows are read only to restore. A state is stored as one of:
 *   - nothing, when a kept snapshot has byte for byte the same state (nothing changed between two
 *     daily snapshots, say): the new one shares that one's chain;
 *   - the changes since the newest kept snapshot (`Y.diffUpdate` against its state vector), when
 *     that one's state is contained in this one and its chain is shorter than {@link MAX_CHAIN};
 *   - the whole state otherwise.
 * A snapshot is rebuilt by merging its chain's rows in order (one whole state, then changes).
 *
 * What must stay true: a description is sealed and bound to `snapshot-meta/<space>/<seq>`, a state
 * row to `snapshot/<space>/<its seq>`, so listing never decrypts a state and no value can be moved
 * to another snapshot or space unnoticed (a description names its chain inside the seal). A state
 * row is deleted only when no kept description's chain uses it (and no unreadable description has
 * its seq, which might). An unreadable state row makes the snapshots whose chain holds it
 * unrestorable (at most {@link MAX_CHAIN} of them), with a clear error. Snapshots are local only:
 * never synced, never in backups (a backup already holds the whole current state), and deleted
 * with everything else by a panic wipe.
 */
import * as Y from 'yjs';
import { concatBytes, fromBase64Url, toBase64Url, toHex } from '../crypto';
import type { ShopfloorDb } from './db';
import { openJson, type RowCipher, sealJson } from './row-cipher';
import { openPacked, sealPacked } from './row-pack';
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
/**
 * Longest chain of state rows a snapshot is rebuilt from (one whole state and the changes after
 * it): past it, the next snapshot stores its whole state again. Bounds what one unreadable row
 * can take with it, and lets the rows of old chains go once the snapshots using them are dropped.
 */
export const MAX_CHAIN = 7;
/** Age past which unlock takes a new daily snapshot (ms). */
export const DAILY_MS = 24 * 60 * 60 * 1000;

const metaContext = (spaceId: string, seq: number) => `snapshot-meta/${spaceId}/${seq}`;
const dataContext = (spaceId: string, seq: number) => `snapshot/${spaceId}/${seq}`;

/** A description as read: what the list shows, plus where its state is and what it hashes to. */
interface Described {
  readonly info: SnapshotInfo;
  /**
   * The state rows that rebuild it, applied in order: a whole state, then the changes since each
   * one before (its own seq alone, for one stored whole).
   */
  readonly chain: readonly number[];
  /** SHA-256 of the plain state (hex); absent in descriptions written before it was kept. */
  readonly digest?: string;
  /** The state's Yjs state vector (base64url), what the next snapshot's changes are taken since. */
  readonly sv?: string;
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
  const chain = Array.isArray(m.chain) && m.chain.length > 0 ? m.chain : [seq];
  if (!chain.every((c) => Number.isSafeInteger(c))) return null;
  return {
    info: { seq, at: m.at, reason: m.reason, counts, bytes },
    chain: chain as number[],
    ...(typeof m.digest === 'string' ? { digest: m.digest } : {}),
    ...(typeof m.sv === 'string' ? { sv: m.sv } : {}),
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
    chain: d.chain,
    ...(d.digest ? { digest: d.digest } : {}),
    ...(d.sv ? { sv: d.sv } : {}),
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
  const states = await db.snapshotStates.bulkGet(d.chain.map((c) => [spaceId, c] as [string, number]));
  const bytes = states.reduce((n, row) => n + (row?.data.length ?? 0), 0);
  const known: Described = { ...d, info: { ...d.info, bytes }, sizeUnknown: false };
  if (states.some((row) => !row)) return known;
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

/**
 * Opens one snapshot's state (a Yjs update): its chain's rows opened and merged in order.
 * @throws Error when its description or one of its state rows is missing or cannot be opened.
 */
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
  const parts: Uint8Array[] = [];
  for (const stateSeq of d.chain) {
    const state = await db.snapshotStates.get([spaceId, stateSeq]);
    if (!state) throw new Error('no such snapshot');
    parts.push(await openPacked(cipher, state, dataContext(spaceId, stateSeq)));
  }
  return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
}

/**
 * A state's digest, from its state vector and its delete set (an update with no structs): two
 * states of one space with the same vector hold the same structs, so these two tell them apart
 * without encoding the whole state, which takes seconds at 30,000 people. (Descriptions written
 * before hashed the whole state; they share no digest with newer ones, which costs at most one
 * state row that could have been shared.)
 */
async function digestOf(sv: Uint8Array, ds: Uint8Array): Promise<string> {
  const bytes = concatBytes(Uint8Array.of(1), u32(sv.length), sv, ds);
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);

/** The highest seq a space's snapshots use (descriptions or states), read from keys only. */
async function lastSnapshotSeq(db: ShopfloorDb, spaceId: string): Promise<number> {
  const keys = await Promise.all([
    spaceRange(db.snapshots, spaceId).lastKey(),
    spaceRange(db.snapshotStates, spaceId).lastKey(),
  ]);
  return Math.max(0, ...keys.map((k) => (k as [string, number] | undefined)?.[1] ?? 0));
}

/** True when a state with vector `sv` holds everything one with vector `before` holds. */
function covers(sv: Map<number, number>, before: Map<number, number>): boolean {
  for (const [client, clock] of before) if ((sv.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * What to store for a new snapshot of `state`: nothing when a kept one has the same state (share
 * its chain); the changes since the newest kept one when its state is contained in this one and
 * its chain is short enough; else the whole state.
 */
function planState(
  described: readonly Described[],
  state: () => Uint8Array,
  digest: string,
  sv: Uint8Array,
  since: (before: Uint8Array) => Uint8Array,
): { chain: readonly number[]; plain: Uint8Array | null } {
  const same = described.find((d) => d.digest === digest);
  if (same) return { chain: same.chain, plain: null };
  const newest = [...described].sort((a, b) => b.info.seq - a.info.seq)[0];
  if (newest?.sv && newest.chain.length < MAX_CHAIN) {
    const before = fromBase64Url(newest.sv);
    if (covers(Y.decodeStateVector(sv), Y.decodeStateVector(before)))
      return { chain: newest.chain, plain: since(before) };
  }
  return { chain: [], plain: state() };
}

/** Thrown inside the write when a state row it builds on was pruned meanwhile. */
class ChainGone extends Error {}

/**
 * Stores a snapshot and drops the oldest beyond what is kept. When a kept snapshot already holds
 * the same state, the new one shares its state rows; when the newest kept one's state is part of
 * this one, only the changes since it are stored (see {@link MAX_CHAIN}).
 */
export async function writeSnapshot(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  input: {
    /** The state (a Yjs update), or how to encode it: only called when no kept snapshot has it. */
    state: Uint8Array | (() => Uint8Array);
    /** The state's delete set as an update with no structs, when the caller has it. */
    ds?: Uint8Array;
    reason: SnapshotReason;
    counts: Record<string, number>;
    at?: number;
    /** The state's vector, when the caller has it (else decoded from `state`). */
    sv?: Uint8Array;
    /** What `state` holds beyond a state vector, when the caller has it (else `Y.diffUpdate`). */
    since?: (before: Uint8Array) => Uint8Array;
  },
): Promise<SnapshotInfo> {
  const at = input.at ?? Date.now();
  const given = input.state;
  let encoded: Uint8Array | null = typeof given === 'function' ? null : given;
  const state = () => {
    encoded ??= (given as () => Uint8Array)();
    return encoded;
  };
  const sv = input.sv ?? Y.encodeStateVectorFromUpdate(state());
  const digest = await digestOf(sv, input.ds ?? Y.diffUpdate(state(), sv));
  const since = input.since ?? ((before: Uint8Array) => Y.diffUpdate(state(), before));
  for (let attempt = 0; ; attempt++) {
    const seq = (await lastSnapshotSeq(db, spaceId)) + 1;
    const { described } = await readDescriptions(db, cipher, spaceId);
    const plan = planState(described, state, digest, sv, since);
    const sealed = plan.plain ? await sealPacked(cipher, plan.plain, dataContext(spaceId, seq)) : null;
    const base = described.find((d) => d.chain === plan.chain);
    const d: Described = {
      info: {
        seq,
        at,
        reason: input.reason,
        counts: input.counts,
        bytes: (base?.info.bytes ?? 0) + (sealed?.data.length ?? 0),
      },
      chain: sealed ? [...plan.chain, seq] : plan.chain,
      digest,
      sv: toBase64Url(sv),
      sizeUnknown: false,
    };
    const meta = await sealDescription(cipher, spaceId, d);
    try {
      await db.transaction('rw', db.snapshots, db.snapshotStates, async () => {
        for (const c of plan.chain)
          if ((await db.snapshotStates.where('[spaceId+seq]').equals([spaceId, c]).count()) === 0)
            throw new ChainGone();
        await db.snapshots.add({ spaceId, seq, meta });
        if (sealed) await db.snapshotStates.add({ spaceId, seq, ...sealed });
      });
      await pruneSnapshots(db, cipher, spaceId);
      return d.info;
    } catch (err) {
      const retry = err instanceof ChainGone || (err as { name?: string }).name === 'ConstraintError';
      if (retry && attempt < 5) continue;
      throw err;
    }
  }
}

/**
 * Keeps the newest daily/manual and pre-deletion snapshots; deletes the others' descriptions, and
 * the state rows no kept chain uses, in one transaction.
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
    ...described.filter((d) => !dropped.has(d.info.seq)).flatMap((d) => d.chain),
    ...unreadable,
  ]);
  const states = [...new Set(drop.flatMap((d) => d.chain))].filter((s) => !needed.has(s));
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
