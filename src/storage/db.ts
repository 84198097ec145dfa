/**
 * The one IndexedDB database. Nothing readable is stored here: every value but the row keys (random
 * ids and sequence numbers) and the KDF parameters is AES-GCM sealed under the master key.
 * Schema changes must add a new `version(n)` with an upgrade and keep the old ones.
 */
import Dexie, { type IndexableType, type Table, type Transaction } from 'dexie';
import type { KdfParams } from '../crypto';
import { COPIED_STORES, type CopiedStore, SecondCopy, type SecondCopyBackend } from './second-copy';

export const DB_NAME = 'shopfloor';

export interface VaultRow {
  id: 'vault';
  formatVersion: 1;
  kdf: KdfParams;
  /** The master key, sealed under the passphrase-derived key. */
  wrapped: Uint8Array;
  createdAt: number;
  /** Duress check (see duress.ts); always present, a decoy when no duress passphrase is set. */
  duress?: { salt: Uint8Array; iterations: number; check: Uint8Array };
}

export interface SpaceRow {
  id: string;
  /** Sealed JSON of {@link SpaceMeta}, bound to the space id. */
  sealed: Uint8Array;
}

export interface UpdateRow {
  spaceId: string;
  seq: number;
  /** 'u' for one Yjs update, 's' for a snapshot of the whole doc written by compaction. */
  kind: 'u' | 's';
  /** Sealed Yjs update bytes, bound to `spaceId` and `seq`. */
  data: Uint8Array;
  /** 1 when `data` seals deflated bytes (see row-pack.ts). */
  z?: 1;
}

/**
 * One row of a campaign's activity log (see activity-log.ts): 'b' is the base state the log starts
 * from, 'e' one attributed change. Both sealed and bound to `spaceId` and `seq`. 'v' is a space's
 * read model, under its own key `view/<spaceId>` (see space-view.ts), never in a log's range.
 */
export interface ActivityRow {
  spaceId: string;
  seq: number;
  kind: 'b' | 'e' | 'v';
  data: Uint8Array;
  /** 1 when `data` seals deflated bytes (see row-pack.ts; never on 'v'). */
  z?: 1;
}

/**
 * One local snapshot of a campaign (see snapshots.ts), as the list and the daily check read it:
 * its sealed description only. The state is in {@link SnapshotStateRow}, read only to restore.
 */
export interface SnapshotRow {
  spaceId: string;
  seq: number;
  /** Sealed JSON description (time, reason, record counts, state size), bound to `spaceId` and `seq`. */
  meta: Uint8Array;
}

/** One local snapshot's state (see snapshots.ts): the sealed Yjs state, bound to `spaceId` and `seq`. */
export interface SnapshotStateRow {
  spaceId: string;
  seq: number;
  data: Uint8Array;
  /** 1 when `data` seals deflated bytes (see row-pack.ts). */
  z?: 1;
}

/**
 * Another tab needs the database: `superseded` — a newer version of the app opened it with a
 * newer schema (or is deleting it), and this connection has closed for good after finishing its
 * writes; `blocked` — our own upgrade waits until other tabs close theirs.
 */
export type DbInterruption = { kind: 'superseded'; newVersion: number | null } | { kind: 'blocked' };

/** Longest wait for pending writes (`beforeYield`) before closing for another tab's upgrade. */
export const YIELD_TIMEOUT_MS = 3_000;

export class ShopfloorDb extends Dexie {
  vault!: Table<VaultRow, string>;
  spaces!: Table<SpaceRow, string>;
  updates!: Table<UpdateRow, [string, number]>;
  activity!: Table<ActivityRow, [string, number]>;
  snapshots!: Table<SnapshotRow, [string, number]>;
  snapshotStates!: Table<SnapshotStateRow, [string, number]>;
  /** True once this connection closed for another tab's upgrade; it never reopens. */
  superseded = false;
  private readonly interruptionListeners = new Set<(e: DbInterruption) => void>();
  private readonly yieldTasks = new Set<() => Promise<unknown>>();

  /** The copy of the vault, space and update rows kept outside IndexedDB (see second-copy.ts). */
  readonly secondCopy: SecondCopy | null;

  constructor(name = DB_NAME, opts: { secondCopy?: SecondCopyBackend | null } = {}) {
    // Strict durability: a write the UI confirmed has been flushed, not just handed to the OS.
    super(name, { chromeTransactionDurability: 'strict' });
    this.secondCopy = opts.secondCopy ? new SecondCopy(opts.secondCopy) : null;
    if (this.secondCopy) this.use(this.secondCopy.middleware());
    this.version(1).stores({
      vault: 'id',
      spaces: 'id',
      updates: '[spaceId+seq]',
    });
    // Version 2: the attributed activity log and local snapshots of campaigns (no data to migrate).
    this.version(2).stores({
      activity: '[spaceId+seq]',
      snapshots: '[spaceId+seq]',
    });
    // Version 3: a snapshot's state moves out of its description row, so listing snapshots and
    // the daily check read descriptions only (see `moveSnapshotStates`).
    this.version(3).stores({ snapshotStates: '[spaceId+seq]' }).upgrade(moveSnapshotStates);
    // Replaces Dexie's default (close, then silently reopen on next use — under a schema this code
    // does not know): finish our writes, close for good, and let the UI ask for a reload.
    this.on('versionchange', (event: IDBVersionChangeEvent) => {
      void this.yieldToOtherTab(event.newVersion);
      return false;
    });
    this.on('blocked', () => this.emitInterruption({ kind: 'blocked' }));
  }

  private reconciling = false;

  /**
   * Resolves once every write started so far is in the second copy too (at once without one).
   * When the copy is stale (a copy write failed, e.g. for a full disk) but takes writes again,
   * this also starts one reconcile in the background, so the copy does not keep a gap until the
   * next start.
   */
  async secondCopySettled(): Promise<void> {
    const copy = this.secondCopy;
    if (!copy) return;
    await copy.settled();
    const { stale, lastWriteOk } = copy.getStatus();
    if (stale && lastWriteOk && !this.reconciling) {
      this.reconciling = true;
      void this.reconcileSecondCopy()
        .catch(() => {})
        .finally(() => {
          this.reconciling = false;
        });
    }
  }

  /**
   * After the browser discarded the database: when this database holds no vault and the second
   * copy does, copies every row back (one transaction). Returns what was restored, or null when
   * there was nothing to do.
   */
  async restoreFromSecondCopy(): Promise<{ rows: number; skipped: number } | null> {
    const copy = this.secondCopy;
    if (!copy || (await this.vault.get('vault')) || !(await copy.hasVault())) return null;
    const { rows, skipped } = await copy.read();
    copy.paused = true;
    try {
      await this.transaction('rw', [...COPIED_STORES], async () => {
        for (const store of COPIED_STORES) {
          const mine = rows.filter((r) => r.store === store).map((r) => r.row);
          if (mine.length > 0) await this.table(store).bulkPut(mine);
        }
      });
    } finally {
      copy.paused = false;
    }
    return { rows: rows.length, skipped };
  }

  /** Brings the second copy in line with this database (see `SecondCopy.reconcile`). */
  async reconcileSecondCopy(): Promise<{ written: number; removed: number } | null> {
    if (!this.secondCopy) return null;
    return this.secondCopy.reconcile({
      keys: (store: CopiedStore) => this.table(store).toCollection().primaryKeys() as Promise<IDBValidKey[]>,
      get: (store: CopiedStore, key: IDBValidKey) =>
        this.table(store).get(key as IndexableType) as Promise<Record<string, unknown> | undefined>,
    });
  }

  /** Calls `fn` when another tab needs the database; returns the unsubscribe function. */
  onInterruption(fn: (e: DbInterruption) => void): () => void {
    this.interruptionListeners.add(fn);
    return () => this.interruptionListeners.delete(fn);
  }

  /** Registers work to finish (e.g. flushing stores) before closing for another tab's upgrade. */
  beforeYield(task: () => Promise<unknown>): () => void {
    this.yieldTasks.add(task);
    return () => this.yieldTasks.delete(task);
  }

  private async yieldToOtherTab(newVersion: number | null): Promise<void> {
    if (this.superseded) return;
    this.superseded = true;
    // A deletion (panic wipe in another tab) must not wait for, or receive, our writes.
    if (newVersion !== null) await this.finishYieldTasks();
    this.close({ disableAutoOpen: true });
    this.emitInterruption({ kind: 'superseded', newVersion });
  }

  private async finishYieldTasks(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.yieldTasks].map((task) => task())),
      new Promise((resolve) => {
        timer = setTimeout(resolve, YIELD_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private emitInterruption(e: DbInterruption): void {
    for (const fn of this.interruptionListeners) fn(e);
  }
}

/**
 * Schema 2 → 3: each snapshot row `{meta, data}` becomes a description row `{meta}` and a state row
 * `{data}` under the same key. The sealed bytes move unchanged (the upgrade has no key and needs
 * none): both stay bound to the same space and sequence number. One row at a time, so a phone
 * holding twelve 18 MB states never holds them all in memory at once.
 */
export async function moveSnapshotStates(tx: Transaction): Promise<void> {
  const snapshots = tx.table('snapshots');
  const states = tx.table('snapshotStates');
  for (const key of await snapshots.toCollection().primaryKeys()) {
    const row = (await snapshots.get(key)) as Record<string, unknown> | undefined;
    if (!row || !(row.data instanceof Uint8Array)) continue;
    await states.put({ spaceId: row.spaceId, seq: row.seq, data: row.data });
    await snapshots.put({ spaceId: row.spaceId, seq: row.seq, meta: row.meta });
  }
}

/**
 * Asks the browser whether it threw the database away. Chromium reports it on the first open after
 * it deleted a damaged database: the `upgradeneeded` event carries `dataLoss: 'total'` and a
 * message. Opens `name` without a version, before Dexie does: an existing database opens and closes
 * unchanged; a missing one is not created (the upgrade is aborted), so Dexie creates it as usual.
 * Returns null when nothing was lost or the browser does not say.
 */
export function probeDataLoss(name = DB_NAME): Promise<{ message: string } | null> {
  return new Promise((resolve) => {
    let loss: { message: string } | null = null;
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(name);
    } catch {
      resolve(null);
      return;
    }
    req.onupgradeneeded = (e) => {
      const event = e as IDBVersionChangeEvent & { dataLoss?: string; dataLossMessage?: string };
      if (event.dataLoss && event.dataLoss !== 'none') loss = { message: event.dataLossMessage ?? '' };
      req.transaction?.abort();
    };
    req.onsuccess = () => {
      req.result.close();
      resolve(loss);
    };
    req.onerror = (e) => {
      e.preventDefault(); // the abort above: expected, not an error to report
      resolve(loss);
    };
    req.onblocked = () => resolve(loss);
  });
}
