/**
 * Persists one space's Y.Doc as an encrypted append-only log of updates.
 *
 * What must stay true:
 * - Every update the doc emits (except our own loads) is appended, sealed and bound to
 *   `spaceId/seq`, in order, through one serialized write chain; `flush()` resolves only once all
 *   updates emitted before the call are committed, so the UI confirms a save only after it is durable.
 * - Loading reads every row in one Dexie transaction, decrypts outside it (WebCrypto is not an
 *   IndexedDB operation and would end the transaction), then applies them in order, in slices with
 *   a yield to the event loop between them (space-store-load.ts); updates are persisted only from
 *   the end of the load on.
 * - A row that fails to open is reported and left in place; compaction is then skipped so that
 *   nothing unreadable is ever deleted.
 * - Compaction writes the whole doc as a base of one or more 's' rows (`splitState`) and deletes
 *   the rows it covers in one transaction, so a crash leaves either the old rows or the whole new
 *   base, never neither and never part of a base.
 * - A quota error keeps the pending updates in memory (they are retried) and is reported as state.
 * - One write stores everything pending then: small updates merged into one row, big ones (a
 *   campaign arriving from the mailbox) as one row each, all in one transaction.
 * - With `activity` (campaigns), each write also appends the attributed changes to the activity log
 *   in the SAME Dexie transaction as the update rows, and a change marked as a mass deletion gets a
 *   snapshot of the space as it was before it, taken before the change is stored.
 */
import * as Y from 'yjs';
import { ActivityLog, type ActivityLogContent, replayActivity } from './activity-log';
import type { ActivityRow, ShopfloorDb, UpdateRow } from './db';
import { isQuotaError, StorageError } from './errors';
import type { RowCipher } from './row-cipher';
import { sealPacked } from './row-pack';
import {
  dailySnapshotDue,
  listSnapshots,
  readSnapshot,
  type SnapshotInfo,
  type SnapshotReason,
  writeSnapshot,
} from './snapshots';
import { spaceRange } from './space-rows';
import { loadUpdates, updateContext } from './space-store-load';
import {
  type ActivityOptions,
  groupByAuthor,
  MERGE_BELOW_BYTES,
  type Pending,
  pendingChange,
  type SpaceStoreOptions,
  type SpaceStoreStatus,
} from './space-store-options';
import { trimDecodedContent } from './trim-decoded';

export { deleteSpaceRows } from './space-rows';

/** A base row past this size (stored whole by an older version) is stored again in parts. */
const REPART_BYTES = 1024 * 1024;
/** A base stored uncompressed (by an older version) past this size is stored again, packed. */
const REPACK_BYTES = 64 * 1024;
const REPART_DELAY_MS = 5_000;

export type { ActivityOptions, SpaceStoreOptions, SpaceStoreStatus } from './space-store-options';

export class SpaceStore {
  readonly doc: Y.Doc;
  private nextSeq = 1;
  private rowCount = 0;
  private pending: Pending[] = [];
  private activityLog: ActivityLog | null = null;
  private readonly activityOptions: ActivityOptions | undefined;
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private closed = false;
  private status: SpaceStoreStatus = { pending: 0, error: null, unreadableRows: [] };
  private readonly listeners = new Set<(s: SpaceStoreStatus) => void>();
  private readonly compactAfter: number;
  private readonly splitState: ((doc: Y.Doc) => Uint8Array[]) | undefined;
  /** Stops holding decoded content at its exact size (trim-decoded.ts); set while the store is open. */
  private readonly stopTrimming: () => void;
  private readonly onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr?: Y.Transaction) => {
    if (origin === this) return;
    this.pending.push(pendingChange(update, this.activityOptions, origin, tr));
    this.setStatus({ pending: this.pending.length });
    this.schedule();
  };

  private constructor(
    readonly db: ShopfloorDb,
    private readonly cipher: RowCipher,
    readonly spaceId: string,
    doc: Y.Doc,
    opts: SpaceStoreOptions,
  ) {
    this.doc = doc;
    this.compactAfter = opts.compactAfter ?? 500;
    this.activityOptions = opts.activity;
    this.splitState = opts.splitState;
    this.stopTrimming = trimDecodedContent(doc);
  }

  /**
   * Opens a space: loads every stored row into `doc` (a new Y.Doc by default) and from then on
   * persists each update the doc emits.
   */
  static async open(
    db: ShopfloorDb,
    cipher: RowCipher,
    spaceId: string,
    opts: SpaceStoreOptions & { doc?: Y.Doc } = {},
  ): Promise<SpaceStore> {
    const store = new SpaceStore(db, cipher, spaceId, opts.doc ?? new Y.Doc({ gc: true }), opts);
    await store.load();
    if (opts.activity) {
      store.activityLog = new ActivityLog(db, cipher, spaceId);
      await store.activityLog.init(() => Y.encodeStateAsUpdate(store.doc));
    }
    store.doc.on('update', store.onUpdate);
    return store;
  }

  private async load(): Promise<void> {
    const loaded = await loadUpdates(this.db, this.cipher, this.spaceId, this.doc, this);
    this.rowCount = loaded.rowCount;
    this.nextSeq = loaded.lastSeq + 1;
    this.setStatus({ unreadableRows: loaded.unreadable });
    // A base stored whole (before bases were stored in parts) is stored again in parts, once, a
    // little after the load, so the next loads can apply it slice by slice; one stored before rows
    // were compressed (row-pack.ts) is stored again packed, so it takes about a quarter of the space.
    const repart = this.splitState && loaded.baseRows === 1 && loaded.largestBase > REPART_BYTES;
    if (repart || loaded.unpackedBase > REPACK_BYTES) {
      setTimeout(() => {
        if (!this.closed) void this.compact().catch(() => {});
      }, REPART_DELAY_MS);
    }
  }

  /** The seq of the last row this store wrote or loaded (0 when none). */
  get storedSeq(): number {
    return this.nextSeq - 1;
  }

  /** True when every update the doc emitted is stored (none pending). */
  get durable(): boolean {
    return this.pending.length === 0;
  }

  getStatus(): SpaceStoreStatus {
    return this.status;
  }

  /** Calls `fn` with every status change; returns the unsubscribe function. */
  onStatus(fn: (s: SpaceStoreStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private setStatus(patch: Partial<SpaceStoreStatus>) {
    this.status = { ...this.status, ...patch };
    for (const fn of this.listeners) fn(this.status);
  }

  private schedule() {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.enqueueWrite().catch(() => {});
    });
  }

  private enqueueWrite(): Promise<void> {
    // A failed write must not wedge the chain: later writes retry what is still pending.
    this.chain = this.chain.catch(() => {}).then(() => this.writePending());
    return this.chain;
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.slice();
    const updates = rowsOf(batch.map((p) => p.update));
    try {
      const first = batch.findIndex((p) => p.massDeletion);
      if (first >= 0 && this.activityLog) {
        await this.snapshotBefore(batch.slice(0, first));
        for (const p of batch) p.massDeletion = false; // once is enough, even if the write is retried
      }
      await this.append(updates, 'u', batch);
      this.pending.splice(0, batch.length);
      // Confirmed only once the second copy has it too (see second-copy.ts).
      await this.db.secondCopySettled();
      this.setStatus({ pending: this.pending.length, error: null });
    } catch (err) {
      this.setStatus({ error: isQuotaError(err) ? 'quota-exceeded' : 'write-failed' });
      throw isQuotaError(err) ? new StorageError('quota-exceeded') : err;
    }
    if (this.rowCount > this.compactAfter && this.status.unreadableRows.length === 0) {
      await this.compactNow();
    }
  }

  /** Stores `updates` as consecutive rows, with the activity of `changes`, in one transaction. */
  private async append(
    updates: Uint8Array[],
    kind: UpdateRow['kind'],
    changes: Pending[] = [],
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const seq = this.nextSeq;
      const rows: UpdateRow[] = await Promise.all(
        updates.map(async (u, i) => ({
          spaceId: this.spaceId,
          seq: seq + i,
          kind,
          ...(await sealPacked(this.cipher, u, updateContext(this.spaceId, seq + i))),
        })),
      );
      const activity: ActivityRow[] = this.activityLog
        ? await this.activityLog.seal(groupByAuthor(changes))
        : [];
      try {
        if (activity.length === 0 && rows.length === 1) await this.db.updates.add(rows[0] as UpdateRow);
        else
          await this.db.transaction('rw', this.db.updates, this.db.activity, async () => {
            await this.db.updates.bulkAdd(rows);
            if (activity.length > 0) await this.db.activity.bulkAdd(activity);
          });
        this.nextSeq = seq + rows.length;
        this.rowCount += rows.length;
        this.activityLog?.committed(activity);
        return;
      } catch (err) {
        // Another tab took this sequence number: move past it and seal again.
        const name = (err as { name?: string; failures?: { name?: string }[] }).name;
        if ((name === 'ConstraintError' || name === 'BulkError') && attempt < 5) {
          const last = await this.lastSeq();
          this.nextSeq = Math.max(seq + 1, last + 1);
          await this.activityLog?.resync();
          continue;
        }
        throw err;
      }
    }
  }

  /** Stores a snapshot of the space as the activity log plus `earlier` (not yet stored) rebuild it. */
  private async snapshotBefore(earlier: Pending[]): Promise<void> {
    try {
      const log = await this.activityLog!.read();
      const doc = replayActivity({ base: log.base, entries: [] });
      Y.transact(doc, () => {
        for (const e of log.entries) Y.applyUpdate(doc, e.update);
        for (const p of earlier) Y.applyUpdate(doc, p.update);
      });
      await this.storeSnapshot(doc, 'pre-deletion');
      doc.destroy();
    } catch {
      // A snapshot is a safety net: failing to take one must not keep the change from being saved.
    }
  }

  private async storeSnapshot(doc: Y.Doc, reason: SnapshotReason): Promise<SnapshotInfo> {
    const sv = Y.encodeStateVector(doc);
    return writeSnapshot(this.db, this.cipher, this.spaceId, {
      // Encoded only when no kept snapshot can be built on: a daily one stores the day's changes,
      // and encoding the whole state is a task of seconds at 30,000 people.
      state: () => Y.encodeStateAsUpdate(doc),
      // From the doc: recomputing them from the encoded state decodes all of it again.
      sv,
      ds: Y.encodeStateAsUpdate(doc, sv),
      since: (before) => Y.encodeStateAsUpdate(doc, before),
      reason,
      counts: this.activityOptions?.describe?.(doc) ?? {},
      at: this.activityOptions?.now?.() ?? Date.now(),
    });
  }

  /** True when this space keeps an activity log and snapshots. */
  get hasActivity(): boolean {
    return this.activityLog !== null;
  }

  /** The activity log, after everything pending was written. */
  async readActivity(): Promise<ActivityLogContent> {
    if (!this.activityLog) return { base: null, entries: [], unreadable: [] };
    await this.flush();
    return this.activityLog.read();
  }

  /** Takes a snapshot of the space now (after a flush). */
  async takeSnapshot(reason: SnapshotReason = 'manual'): Promise<SnapshotInfo> {
    await this.flush();
    return this.storeSnapshot(this.doc, reason);
  }

  /** Once a day: a daily snapshot and pruning of the activity log to its window. */
  async maintain(
    now = this.activityOptions?.now?.() ?? Date.now(),
  ): Promise<{ snapshot: boolean; pruned: number }> {
    if (!this.activityLog) return { snapshot: false, pruned: 0 };
    const due = await dailySnapshotDue(this.db, this.cipher, this.spaceId, now);
    if (due) await this.takeSnapshot('daily');
    const pruned = due ? await this.activityLog.prune({ now }) : 0;
    return { snapshot: due, pruned };
  }

  /** This space's snapshots, newest first. */
  listSnapshots(): Promise<SnapshotInfo[]> {
    return listSnapshots(this.db, this.cipher, this.spaceId);
  }

  /** One snapshot's state (a Yjs update). */
  readSnapshot(seq: number): Promise<Uint8Array> {
    return readSnapshot(this.db, this.cipher, this.spaceId, seq);
  }

  private async lastSeq(): Promise<number> {
    const last = await spaceRange(this.db.updates, this.spaceId).last();
    return last?.seq ?? 0;
  }

  /**
   * Resolves once every update emitted before this call is durable. Rejects with
   * `StorageError('quota-exceeded')` if the disk is full; the updates stay pending in memory.
   */
  async flush(): Promise<void> {
    if (this.pending.length > 0) await this.enqueueWrite();
    else await this.chain.catch(() => {});
    if (this.pending.length > 0) await this.enqueueWrite();
  }

  /** Rewrites the log as one snapshot; the covered rows are deleted in the same transaction. */
  compact(): Promise<void> {
    this.chain = this.chain.catch(() => {}).then(() => this.compactNow());
    return this.chain;
  }

  private async compactNow(): Promise<void> {
    if (this.status.unreadableRows.length > 0) return;
    const seq = this.nextSeq;
    const parts = this.splitState ? this.splitState(this.doc) : [Y.encodeStateAsUpdate(this.doc)];
    const rows: UpdateRow[] = await Promise.all(
      parts.map(async (part, i) => ({
        spaceId: this.spaceId,
        seq: seq + i,
        kind: 's' as const,
        ...(await sealPacked(this.cipher, part, updateContext(this.spaceId, seq + i))),
      })),
    );
    await this.db.transaction('rw', this.db.updates, async () => {
      await this.db.updates.bulkAdd(rows);
      await spaceRange(this.db.updates, this.spaceId, seq).delete();
    });
    this.nextSeq = seq + rows.length;
    this.rowCount = 1;
    this.setStatus({}); // the last stored seq changed: read models computed before are stale
  }

  /** Stops persisting after writing what is pending. The doc is left to the caller. */
  async close(): Promise<void> {
    this.doc.off('update', this.onUpdate);
    this.stopTrimming();
    await this.flush().catch(() => {});
    this.closed = true;
  }
}

/**
 * The rows one write stores: small updates merged into one, a batch with bigger ones (a campaign
 * arriving from the mailbox in 1 MiB updates) as they are, since merging those re-encodes megabytes
 * on the main thread for nothing a load does not do anyway.
 */
function rowsOf(updates: Uint8Array[]): Uint8Array[] {
  if (updates.length === 1) return updates;
  let bytes = 0;
  for (const u of updates) bytes += u.length;
  return bytes <= MERGE_BELOW_BYTES ? [Y.mergeUpdates(updates)] : updates;
}
