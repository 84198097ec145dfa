/**
 * The embedded {@link MailboxStore}: LMDB through lmdb-js, one environment in a data directory.
 *
 * Why LMDB: a copy-on-write B+tree with ACID transactions that cannot be corrupted by a crash (no
 * write-ahead log to replay, no repair step), ordered keys for "entries after seq N", and a
 * prebuilt npm package (no compiler at install time).
 *
 * What must stay true:
 * - Durability: the environment is opened with `overlappingSync: false`, so a write transaction's
 *   promise resolves only after LMDB's commit has synced the data and meta pages to disk. (With
 *   lmdb-js's default `overlappingSync` on Linux, the promise resolves at commit and the flush
 *   follows later; we acknowledge appends, so we want the flush before the promise.) Group commit
 *   still happens: lmdb-js runs every write queued in one event turn in one transaction.
 * - Every check that guards a write (quota, retired, stale snapshot) runs inside the same write
 *   transaction as the write, so concurrent requests cannot both pass a check.
 * - Values are opaque sealed bytes; nothing here parses them.
 */
import { mkdirSync } from 'node:fs';
import { type Database, open, type RootDatabase } from 'lmdb';
import {
  type AppendResult,
  coveredToKeep,
  type InstallResult,
  type MailboxMeta,
  type MailboxStore,
  type Quota,
  type StoredEntry,
} from './store';

type EntryKey = [string, number];

/** Optional extension of {@link MailboxStore}: one snapshot part, if `covers` is still installed. */
export interface SnapshotPartReader {
  readSnapshotPart(id: string, covers: number, index: number): Promise<Uint8Array | null>;
}

/** An LMDB-backed store and its extras. */
export type LmdbMailboxStore = MailboxStore & SnapshotPartReader;

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** The environment and its four databases. */
interface Dbs {
  root: RootDatabase;
  metas: Database<MailboxMeta, string>;
  entries: Database<Uint8Array, EntryKey>;
  parts: Database<Uint8Array, EntryKey>;
  blobs: Database<Uint8Array, string>;
}

/**
 * Opens (creating if needed) the mailbox store in `dataDir`.
 *
 * @example
 * const store = openLmdbStore('./data/mailbox');
 */
export function openLmdbStore(dataDir: string): LmdbMailboxStore {
  mkdirSync(dataDir, { recursive: true });
  const root: RootDatabase = open({ path: dataDir, overlappingSync: false, maxDbs: 8 });
  const db: Dbs = {
    root,
    metas: root.openDB({ name: 'meta', encoding: 'msgpack' }),
    entries: root.openDB({ name: 'entries', encoding: 'binary' }),
    parts: root.openDB({ name: 'snapshot', encoding: 'binary' }),
    blobs: root.openDB({ name: 'blob', encoding: 'binary' }),
  };
  const { metas, entries, parts, blobs } = db;
  let closed: Promise<void> | undefined;

  return {
    get: async (id) => metas.get(id) ?? null,
    create: (meta) => create(db, meta),
    append: (id, bytes, quota) => append(db, id, bytes, quota),

    readEntries: async (id, afterSeq, limit) => {
      const out: StoredEntry[] = [];
      if (limit <= 0 || afterSeq >= MAX_SEQ) return out;
      for (const { key, value } of entries.getRange({
        start: [id, afterSeq + 1],
        end: [id, MAX_SEQ],
        limit,
      })) {
        out.push({ seq: key[1], bytes: copy(value) });
      }
      return out;
    },

    readSnapshot: async (id) => {
      const out: Uint8Array[] = [];
      for (const { value } of parts.getRange({ start: [id, 0], end: [id, MAX_SEQ] })) out.push(copy(value));
      return out;
    },

    readSnapshotPart: async (id, covers, index) => readSnapshotPart(db, id, covers, index),
    installSnapshot: (id, covers, newParts, quota) => installSnapshot(db, id, covers, newParts, quota),
    deleteEntries: (id, seqs) => deleteEntries(db, id, seqs),
    putBlob: (id, bytes, quota) => putBlob(db, id, bytes, quota),

    getBlob: async (id) => {
      const value = blobs.get(id);
      return value ? copy(value) : null;
    },

    retire: async (id, day) => {
      await root.transaction(() => {
        const meta = metas.get(id);
        if (!meta || meta.retiredDay !== null) return;
        metas.putSync(id, { ...meta, retiredDay: day });
      });
    },

    touch: async (id, day) => {
      await root.transaction(() => {
        const meta = metas.get(id);
        if (!meta || meta.lastOpenDay >= day) return;
        metas.putSync(id, { ...meta, lastOpenDay: day });
      });
    },

    sweep: (idleBeforeDay, retiredBeforeDay) => sweep(db, idleBeforeDay, retiredBeforeDay),

    close: () => {
      closed ??= root.close();
      return closed;
    },
  };
}

function create(db: Dbs, meta: Parameters<MailboxStore['create']>[0]): Promise<MailboxMeta> {
  return db.root.transaction(() => {
    const existing = db.metas.get(meta.id);
    if (existing) return existing;
    const fresh: MailboxMeta = {
      ...meta,
      head: 0,
      bytes: 0,
      entries: 0,
      snapshot: null,
      retiredDay: null,
    };
    db.metas.putSync(meta.id, fresh);
    return fresh;
  });
}

function append(db: Dbs, id: string, bytes: Uint8Array, quota: Quota): Promise<AppendResult> {
  const { metas, entries } = db;
  return db.root.transaction((): AppendResult => {
    const meta = metas.get(id);
    if (!meta) return { ok: false, code: 'unknown-mailbox' };
    if (meta.retiredDay !== null) return { ok: false, code: 'retired' };
    if (meta.bytes + bytes.length > quota.maxBytes || meta.entries + 1 > quota.maxEntries) {
      return { ok: false, code: 'quota' };
    }
    const seq = meta.head + 1;
    entries.putSync([id, seq], bytes);
    metas.putSync(id, {
      ...meta,
      head: seq,
      bytes: meta.bytes + bytes.length,
      entries: meta.entries + 1,
    });
    return { ok: true, seq };
  });
}

function readSnapshotPart(db: Dbs, id: string, covers: number, index: number): Uint8Array | null {
  const txn = db.root.useReadTransaction();
  try {
    const meta = db.metas.get(id, { transaction: txn });
    if (!meta?.snapshot || meta.snapshot.covers !== covers) return null;
    const value = db.parts.get([id, index], { transaction: txn });
    return value ? copy(value) : null;
  } finally {
    txn.done();
  }
}

function installSnapshot(
  db: Dbs,
  id: string,
  covers: number,
  newParts: readonly Uint8Array[],
  quota: Quota,
): Promise<InstallResult> {
  const { metas, entries, parts } = db;
  return db.root.transaction((): InstallResult => {
    const meta = metas.get(id);
    if (!meta) return { ok: false, code: 'unknown-mailbox' };
    if (meta.retiredDay !== null) return { ok: false, code: 'retired' };
    if (covers > meta.head || covers < (meta.snapshot?.covers ?? 0))
      return { ok: false, code: 'stale-snapshot' };
    const all: { key: EntryKey; bytes: number }[] = [];
    for (const { key, value } of entries.getRange({ start: [id, 0], end: [id, covers + 1] }))
      all.push({ key, bytes: value.length });
    const newBytes = newParts.reduce((n, p) => n + p.length, 0);
    const after = (dropped: typeof all) =>
      meta.bytes - dropped.reduce((n, e) => n + e.bytes, 0) - (meta.snapshot?.bytes ?? 0) + newBytes;
    let covered = all.slice(0, all.length - coveredToKeep(all, quota));
    if (after(covered) > quota.maxBytes) covered = all; // no room to keep any
    const bytes = after(covered);
    if (bytes > quota.maxBytes) return { ok: false, code: 'quota' };
    for (const { key } of covered) entries.removeSync(key);
    for (const key of parts.getKeys({ start: [id, 0], end: [id, MAX_SEQ] })) parts.removeSync(key);
    for (const [index, part] of newParts.entries()) parts.putSync([id, index], part);
    metas.putSync(id, {
      ...meta,
      bytes,
      entries: meta.entries - covered.length,
      snapshot: { covers, parts: newParts.length, bytes: newBytes },
    });
    return { ok: true };
  });
}

function deleteEntries(db: Dbs, id: string, seqs: readonly number[]): Promise<number> {
  const { metas, entries } = db;
  return db.root.transaction(() => {
    const meta = metas.get(id);
    if (!meta || meta.retiredDay !== null) return 0; // a retired log stays as it was left
    let deleted = 0;
    let freed = 0;
    for (const seq of new Set(seqs)) {
      const value = entries.get([id, seq]);
      if (!value) continue;
      entries.removeSync([id, seq]);
      deleted += 1;
      freed += value.length;
    }
    if (deleted > 0)
      metas.putSync(id, { ...meta, bytes: meta.bytes - freed, entries: meta.entries - deleted });
    return deleted;
  });
}

function putBlob(
  db: Dbs,
  id: string,
  bytes: Uint8Array,
  quota: Quota,
): Promise<{ ok: true } | { ok: false; code: 'quota' }> {
  const { metas, blobs } = db;
  return db.root.transaction((): { ok: true } | { ok: false; code: 'quota' } => {
    const meta = metas.get(id);
    if (!meta) return { ok: false, code: 'quota' };
    const old = blobs.get(id)?.length ?? 0;
    const total = meta.bytes - old + bytes.length;
    if (total > quota.maxBytes) return { ok: false, code: 'quota' };
    blobs.putSync(id, bytes);
    metas.putSync(id, { ...meta, bytes: total });
    return { ok: true };
  });
}

/** Deletes a mailbox and everything under it (inside the caller's write transaction). */
function removeWhole(db: Dbs, id: string): void {
  const { metas, entries, parts, blobs } = db;
  for (const key of entries.getKeys({ start: [id, 0], end: [id, MAX_SEQ] })) entries.removeSync(key);
  for (const key of parts.getKeys({ start: [id, 0], end: [id, MAX_SEQ] })) parts.removeSync(key);
  blobs.removeSync(id);
  metas.removeSync(id);
}

async function sweep(db: Dbs, idleBeforeDay: number, retiredBeforeDay: number): Promise<number> {
  const { metas } = db;
  const doomed: string[] = [];
  for (const { key, value } of metas.getRange({})) {
    if (
      value.lastOpenDay < idleBeforeDay ||
      (value.retiredDay !== null && value.retiredDay < retiredBeforeDay)
    ) {
      doomed.push(key);
    }
  }
  let deleted = 0;
  // One transaction per mailbox keeps each commit bounded; the condition is checked again
  // inside it, since an open may have touched the mailbox meanwhile.
  for (const id of doomed) {
    const gone = await db.root.transaction(() => {
      const meta = metas.get(id);
      if (!meta) return false;
      const idle = meta.lastOpenDay < idleBeforeDay;
      const expired = meta.retiredDay !== null && meta.retiredDay < retiredBeforeDay;
      if (!idle && !expired) return false;
      removeWhole(db, id);
      return true;
    });
    if (gone) deleted += 1;
  }
  return deleted;
}
