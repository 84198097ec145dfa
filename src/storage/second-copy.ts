/**
 * The second copy: every row of the vault, the space list and the update logs, kept a second time
 * outside IndexedDB, so that a browser that throws its IndexedDB away does not take the campaign
 * with it.
 *
 * Why: Chromium stores IndexedDB in LevelDB and, when LevelDB reports corruption at open, deletes
 * the origin's whole database and starts an empty one (the page only sees a fresh database). A
 * process killed between the two writes of one LevelDB log record leaves a torn record; LevelDB
 * recovers from that, but it reuses the log and appends after the torn bytes, so the NEXT start
 * after another kill reads a checksum mismatch and the whole store is discarded. The crash test
 * (tests/e2e/crash.test.ts) saw this in about 1 relaunch in 100. A phone whose browser is killed
 * twice while writing would lose everything.
 *
 * What must stay true:
 * - Same bytes: the copy holds exactly the sealed rows IndexedDB holds (nothing readable), keyed
 *   by store and primary key, so restoring is copying rows back; nothing needs the passphrase.
 * - Written after commit, awaited before confirming: a Dexie middleware records every add, put,
 *   delete and range delete on the copied stores and applies them to the copy, in commit order,
 *   once their transaction completed (an aborted one is dropped). `ShopfloorDb.secondCopySettled`
 *   resolves when every transaction started so far is in the copy; `SpaceStore.flush` and the vault
 *   and space writers wait for it, so a save the UI confirmed is in both places.
 * - A failed copy write (quota, say) never fails the save: IndexedDB has it. The copy is marked
 *   stale and `reconcile` (run at start) rewrites what differs from IndexedDB.
 * - Restoring happens only when IndexedDB holds no vault and the copy does (the state after the
 *   browser discarded the database); entries that fail to decode are skipped and counted.
 * - A panic wipe clears the copy first (it holds the wrapped key), before IndexedDB.
 *
 * Backends: Cache Storage in the browser (Chromium keeps it in its disk cache, one file per
 * entry, not in LevelDB, so the two copies do not fail together); a Map in tests.
 *
 * Its pieces: the row format (second-copy-format.ts), the backends (second-copy-backends.ts), the
 * Dexie middleware (second-copy-middleware.ts), reading back and reconciling
 * (second-copy-rebuild.ts); this file ties them together and re-exports what callers use.
 */
import type { DBCore, Middleware } from 'dexie';
import type { SecondCopyBackend } from './second-copy-backends';
import { type CopiedRow, copyKey, decodeRow } from './second-copy-format';
import { applyOps, type Op, secondCopyMiddleware } from './second-copy-middleware';
import { type CopySource, readCopiedRows, rewriteCopy } from './second-copy-rebuild';

export {
  browserSecondCopyBackend,
  CacheStorageBackend,
  MemoryBackend,
  SECOND_COPY_CACHE,
  type SecondCopyBackend,
} from './second-copy-backends';
export {
  COPIED_STORES,
  type CopiedRow,
  type CopiedStore,
  copyKey,
  decodeRow,
  encodeRow,
} from './second-copy-format';
export type { CopySource } from './second-copy-rebuild';

export interface SecondCopyStatus {
  /** A copy write failed since the last reconcile: the copy may miss rows until the next one. */
  stale: boolean;
  /** The last copy error's name, for diagnostics. */
  lastError: string | null;
  /** The last copy write (or reconcile) succeeded. */
  lastWriteOk: boolean;
}

/**
 * The copy of one database. Created by `ShopfloorDb` when given a backend; the database's
 * middleware (`middleware()`) feeds it.
 */
export class SecondCopy {
  private chain: Promise<void> = Promise.resolve();
  /** Keys known to be in the backend (loaded once, then kept in step with our own writes). */
  private known: Promise<Set<string>> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private status: SecondCopyStatus = { stale: false, lastError: null, lastWriteOk: true };
  /** While true (restoring from the copy), writes are not copied back onto themselves. */
  paused = false;

  constructor(readonly backend: SecondCopyBackend) {}

  getStatus(): SecondCopyStatus {
    return this.status;
  }

  private knownKeys(): Promise<Set<string>> {
    this.known ??= this.backend.keys().then(
      (keys) => new Set(keys),
      () => new Set<string>(),
    );
    return this.known;
  }

  /** The Dexie middleware that copies committed writes of the copied stores. */
  middleware(): Middleware<DBCore> {
    return secondCopyMiddleware({
      paused: () => this.paused,
      enqueue: (ops) => this.enqueue(ops),
      track: (p) => this.track(p),
    });
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Resolves once every write whose transaction started before this call is in the copy. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private enqueue(ops: Op[]): Promise<void> {
    this.chain = this.chain.then(() => this.apply(ops)).catch((err: unknown) => this.failed(err));
    return this.chain;
  }

  private failed(err: unknown): void {
    this.status = {
      stale: true,
      lastError: (err as { name?: string })?.name ?? String(err),
      lastWriteOk: false,
    };
    // What the backend holds is no longer known exactly: reload the key list next time.
    this.known = null;
  }

  private async apply(ops: Op[]): Promise<void> {
    await applyOps(this.backend, await this.knownKeys(), ops);
    this.status = { ...this.status, lastWriteOk: true };
  }

  /** True when the copy holds a vault row (something to restore from). */
  async hasVault(): Promise<boolean> {
    const value = await this.backend.get(copyKey('vault', 'vault')).catch(() => undefined);
    return value !== undefined && decodeRow(value) !== null;
  }

  /** Every row the copy holds; entries that do not decode are counted in `skipped`. */
  async read(): Promise<{ rows: CopiedRow[]; skipped: number }> {
    await this.settled();
    return readCopiedRows(this.backend);
  }

  /**
   * Makes the copy hold exactly what `source` (the live database) holds: rows that are missing,
   * unreadable or different are written, rows the database no longer has are removed. Returns how
   * many entries were written and removed.
   */
  async reconcile(source: CopySource): Promise<{ written: number; removed: number }> {
    await this.settled();
    let written = 0;
    let removed = 0;
    const run = async () => {
      const result = await rewriteCopy(this.backend, source);
      written = result.written;
      removed = result.removed;
      this.known = Promise.resolve(result.keys);
      this.status = { stale: false, lastError: null, lastWriteOk: true };
    };
    this.chain = this.chain.then(run).catch((err: unknown) => this.failed(err));
    await this.chain;
    return { written, removed };
  }

  /** Removes the whole copy (panic wipe). */
  async clear(): Promise<void> {
    await this.chain.catch(() => {});
    await this.backend.clear();
    this.known = Promise.resolve(new Set());
  }
}
