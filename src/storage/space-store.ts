/**
 * Persists one space's Y.Doc as an encrypted append-only log of updates.
 *
 * What must stay true:
 * - Every update the doc emits (except our own loads) is appended, sealed and bound to
 *   `spaceId/seq`, in order, through one serialized write chain; `flush()` resolves only once all
 *   updates emitted before the call are committed, so the UI confirms a save only after it is durable.
 * - Loading reads every row in one Dexie transaction, decrypts outside it (WebCrypto is not an
 *   IndexedDB operation and would end the transaction), then applies all of them in one Y.transact.
 * - A row that fails to open is reported and left in place; compaction is then skipped so that
 *   nothing unreadable is ever deleted.
 * - Compaction writes the whole doc as one snapshot row and deletes the rows it covers in one
 *   transaction, so a crash leaves either the old rows or the snapshot, never neither.
 * - A quota error keeps the pending updates in memory (they are retried) and is reported as state.
 */
import Dexie from 'dexie';
import * as Y from 'yjs';
import type { ShopfloorDb, UpdateRow } from './db';
import { isQuotaError, StorageError } from './errors';
import type { RowCipher } from './row-cipher';

export interface SpaceStoreStatus {
  /** Updates emitted but not yet durable. */
  pending: number;
  /** Last write problem, or null when the last write succeeded. */
  error: 'quota-exceeded' | 'write-failed' | null;
  /** Rows that could not be read at load (left untouched). */
  unreadableRows: number[];
}

export interface SpaceStoreOptions {
  /** Rows past which the log is compacted into one snapshot. */
  compactAfter?: number;
}

const context = (spaceId: string, seq: number) => `update/${spaceId}/${seq}`;

export class SpaceStore {
  readonly doc: Y.Doc;
  private nextSeq = 1;
  private rowCount = 0;
  private pending: Uint8Array[] = [];
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private closed = false;
  private status: SpaceStoreStatus = { pending: 0, error: null, unreadableRows: [] };
  private readonly listeners = new Set<(s: SpaceStoreStatus) => void>();
  private readonly compactAfter: number;
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    this.pending.push(update);
    this.setStatus({ pending: this.pending.length });
    this.schedule();
  };

  private constructor(
    private readonly db: ShopfloorDb,
    private readonly cipher: RowCipher,
    readonly spaceId: string,
    doc: Y.Doc,
    opts: SpaceStoreOptions,
  ) {
    this.doc = doc;
    this.compactAfter = opts.compactAfter ?? 500;
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
    store.doc.on('update', store.onUpdate);
    return store;
  }

  private async load(): Promise<void> {
    const rows = await this.db.transaction('r', this.db.updates, () =>
      this.db.updates
        .where('[spaceId+seq]')
        .between([this.spaceId, Dexie.minKey], [this.spaceId, Dexie.maxKey])
        .toArray(),
    );
    const opened = await Promise.all(
      rows.map(async (row) => {
        try {
          return await this.cipher.open(row.data, context(this.spaceId, row.seq));
        } catch {
          return null;
        }
      }),
    );
    const unreadable: number[] = [];
    Y.transact(
      this.doc,
      () => {
        opened.forEach((update, i) => {
          const seq = rows[i]!.seq;
          if (!update) {
            unreadable.push(seq);
            return;
          }
          try {
            Y.applyUpdate(this.doc, update, this);
          } catch {
            unreadable.push(seq);
          }
        });
      },
      this,
    );
    this.rowCount = rows.length;
    this.nextSeq = (rows.at(-1)?.seq ?? 0) + 1;
    this.setStatus({ unreadableRows: unreadable });
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
    const update = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
    try {
      await this.append(update, 'u');
      this.pending.splice(0, batch.length);
      this.setStatus({ pending: this.pending.length, error: null });
    } catch (err) {
      this.setStatus({ error: isQuotaError(err) ? 'quota-exceeded' : 'write-failed' });
      throw isQuotaError(err) ? new StorageError('quota-exceeded') : err;
    }
    if (this.rowCount > this.compactAfter && this.status.unreadableRows.length === 0) {
      await this.compactNow();
    }
  }

  private async append(update: Uint8Array, kind: UpdateRow['kind']): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const seq = this.nextSeq;
      const data = await this.cipher.seal(update, context(this.spaceId, seq));
      try {
        await this.db.updates.add({ spaceId: this.spaceId, seq, kind, data });
        this.nextSeq = seq + 1;
        this.rowCount++;
        return;
      } catch (err) {
        // Another tab took this sequence number: move past it and seal again.
        if ((err as { name?: string }).name === 'ConstraintError' && attempt < 5) {
          const last = await this.lastSeq();
          this.nextSeq = Math.max(seq + 1, last + 1);
          continue;
        }
        throw err;
      }
    }
  }

  private async lastSeq(): Promise<number> {
    const last = await this.db.updates
      .where('[spaceId+seq]')
      .between([this.spaceId, Dexie.minKey], [this.spaceId, Dexie.maxKey])
      .last();
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
    const data = await this.cipher.seal(Y.encodeStateAsUpdate(this.doc), context(this.spaceId, seq));
    await this.db.transaction('rw', this.db.updates, async () => {
      await this.db.updates.add({ spaceId: this.spaceId, seq, kind: 's', data });
      await this.db.updates
        .where('[spaceId+seq]')
        .between([this.spaceId, Dexie.minKey], [this.spaceId, seq])
        .delete();
    });
    this.nextSeq = seq + 1;
    this.rowCount = 1;
  }

  /** Stops persisting after writing what is pending. The doc is left to the caller. */
  async close(): Promise<void> {
    this.doc.off('update', this.onUpdate);
    await this.flush().catch(() => {});
    this.closed = true;
  }
}

/** Deletes every stored row of a space. */
export async function deleteSpaceRows(db: ShopfloorDb, spaceId: string): Promise<void> {
  await db.transaction('rw', db.updates, db.spaces, async () => {
    await db.updates
      .where('[spaceId+seq]')
      .between([spaceId, Dexie.minKey], [spaceId, Dexie.maxKey])
      .delete();
    await db.spaces.delete(spaceId);
  });
}
