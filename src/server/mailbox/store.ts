/**
 * What a mailbox backend must provide (docs/mailbox.md). Two implementations: the embedded one
 * (LMDB, the default, one process) and Redis (several server instances sharing state and live
 * fan-out). One contract suite runs against both (tests/unit/server/mailbox-store-contract.ts).
 *
 * What must stay true: every method that changes state resolves only once the change is durable
 * (survives kill -9 of the server) and changes nothing when it rejects or returns an error code;
 * entries hold opaque sealed bytes that no backend ever parses.
 */

/** A mailbox's stored description. */
export interface MailboxMeta {
  id: string;
  /** base64url SHA-256 of the append capability (the id is derived from it). */
  appendVerifier: string;
  /** base64url SHA-256 of the read capability. */
  readVerifier: string;
  /** Highest seq ever assigned (0 when none). Seqs start at 1 and never repeat. */
  head: number;
  /** Bytes held: entries + snapshot parts + blob. */
  bytes: number;
  /** Entries held. */
  entries: number;
  /** The installed snapshot, if any. */
  snapshot: { covers: number; parts: number; bytes: number } | null;
  /** Day number (ms epoch / 86,400,000, floored) of the last `open`; retention counts from it. */
  lastOpenDay: number;
  /** Day it was retired, or null. A retired mailbox refuses appends and expires sooner. */
  retiredDay: number | null;
}

export interface StoredEntry {
  seq: number;
  bytes: Uint8Array;
}

/** Per-mailbox quotas a store enforces atomically with the write. */
export interface Quota {
  maxBytes: number;
  maxEntries: number;
  /**
   * After a snapshot, the newest covered entries kept while they fit these bounds (and the
   * mailbox's quota), so a member a few changes behind reads those changes instead of downloading
   * the whole snapshot again. Default: none kept.
   */
  keepBytes?: number;
  keepEntries?: number;
}

/**
 * Which covered entries (seq order, with their sizes) an installed snapshot keeps: the newest ones
 * within the quota's keep bounds, all or nothing beyond a contiguous newest run.
 */
export function coveredToKeep(covered: readonly { bytes: number }[], quota: Quota): number {
  const maxBytes = quota.keepBytes ?? 0;
  const maxEntries = quota.keepEntries ?? 0;
  let kept = 0;
  let bytes = 0;
  for (let i = covered.length - 1; i >= 0; i--) {
    const size = (covered[i] as { bytes: number }).bytes;
    if (kept + 1 > maxEntries || bytes + size > maxBytes) break;
    kept += 1;
    bytes += size;
  }
  return kept;
}

export type AppendResult =
  | { ok: true; seq: number }
  | { ok: false; code: 'quota' | 'retired' | 'unknown-mailbox' };

export type InstallResult =
  | { ok: true }
  | { ok: false; code: 'stale-snapshot' | 'quota' | 'retired' | 'unknown-mailbox' };

export interface MailboxStore {
  get(id: string): Promise<MailboxMeta | null>;
  /** Creates it unless it exists; returns the stored meta either way (the caller compares verifiers). */
  create(
    meta: Pick<MailboxMeta, 'id' | 'appendVerifier' | 'readVerifier' | 'lastOpenDay'>,
  ): Promise<MailboxMeta>;
  /** Appends one sealed entry, assigning head + 1, atomically with the quota check. */
  append(id: string, bytes: Uint8Array, quota: Quota): Promise<AppendResult>;
  /** Entries with seq > afterSeq, in seq order, at most `limit`. */
  readEntries(id: string, afterSeq: number, limit: number): Promise<StoredEntry[]>;
  /** The installed snapshot's parts in order (empty when none). */
  readSnapshot(id: string): Promise<Uint8Array[]>;
  /**
   * Installs a snapshot covering `covers`: only if covers ≥ the current snapshot's covers and
   * covers ≤ head; deletes every entry with seq ≤ covers except the newest ones {@link coveredToKeep}
   * allows (none if keeping them would not fit the quota); in one transaction.
   */
  installSnapshot(
    id: string,
    covers: number,
    parts: readonly Uint8Array[],
    quota: Quota,
  ): Promise<InstallResult>;
  /** Deletes the given entries (missing ones are ignored); returns how many were deleted. */
  deleteEntries(id: string, seqs: readonly number[]): Promise<number>;
  putBlob(id: string, bytes: Uint8Array, quota: Quota): Promise<{ ok: true } | { ok: false; code: 'quota' }>;
  getBlob(id: string): Promise<Uint8Array | null>;
  /** Marks it retired on `day` (keeps the earliest day if already retired). */
  retire(id: string, day: number): Promise<void>;
  /** Records an open on `day`. */
  touch(id: string, day: number): Promise<void>;
  /**
   * Deletes whole mailboxes idle since before `idleBeforeDay` or retired before `retiredBeforeDay`.
   * Returns how many were deleted.
   */
  sweep(idleBeforeDay: number, retiredBeforeDay: number): Promise<number>;
  close(): Promise<void>;
}

/** Live fan-out of new entries to reading sockets, across server instances where the bus is shared. */
export interface MailboxBus {
  /** Announces an entry appended on this instance (after it is durable). */
  publish(id: string, entry: StoredEntry): Promise<void>;
  /**
   * Calls `fn` for every entry appended to `id` on any instance (this one included), in seq order
   * per mailbox. Returns the unsubscribe function.
   */
  subscribe(id: string, fn: (entry: StoredEntry) => void): () => void;
  close(): Promise<void>;
}
