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
 */
import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import { equalBytes } from '../crypto';

/** The stores that are copied: enough to unlock and rebuild every space. */
export const COPIED_STORES = ['vault', 'spaces', 'updates'] as const;
export type CopiedStore = (typeof COPIED_STORES)[number];

/** Where the copy lives: string keys to bytes. */
export interface SecondCopyBackend {
  /** Every key, in no particular order. */
  keys(): Promise<string[]>;
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Removes the whole copy. */
  clear(): Promise<void>;
}

/** One row as stored by the copy: its store and the row itself (the primary key is in the row). */
export interface CopiedRow {
  store: CopiedStore;
  row: Record<string, unknown>;
}

type Key = IDBValidKey;
type Op =
  | { type: 'put'; store: CopiedStore; rows: Record<string, unknown>[] }
  | { type: 'delete'; store: CopiedStore; keys: Key[] }
  | { type: 'deleteRange'; store: CopiedStore; range: DBCoreKeyRange };

const PRIMARY_KEY: Record<CopiedStore, (row: Record<string, unknown>) => Key> = {
  vault: (row) => row.id as Key,
  spaces: (row) => row.id as Key,
  updates: (row) => [row.spaceId, row.seq] as Key,
};

const isCopied = (name: string): name is CopiedStore => (COPIED_STORES as readonly string[]).includes(name);

/** The copy's key for a row: its store and primary key. */
export function copyKey(store: CopiedStore, key: Key): string {
  return JSON.stringify([store, key]);
}

function parseCopyKey(text: string): { store: CopiedStore; key: Key } | null {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || !isCopied(parsed[0])) return null;
    return { store: parsed[0], key: parsed[1] as Key };
  } catch {
    return null;
  }
}

/**
 * A row as bytes: a JSON head in which each Uint8Array is replaced by its index, then the arrays.
 * Layout: magic "SF2C", u32 head length, head, then per array a u32 length and the bytes.
 */
const MAGIC = [0x53, 0x46, 0x32, 0x43];

export function encodeRow(row: Record<string, unknown>): Uint8Array {
  const blobs: Uint8Array[] = [];
  const head = new TextEncoder().encode(
    JSON.stringify(row, (_k, v: unknown) => {
      if (v instanceof Uint8Array) {
        blobs.push(v);
        return { $bytes: blobs.length - 1 };
      }
      return v;
    }),
  );
  const size = 8 + head.length + blobs.reduce((n, b) => n + 4 + b.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, head.length);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const b of blobs) {
    view.setUint32(at, b.length);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

/** The row back, or null when the bytes are not a whole encoded row. */
export function decodeRow(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headLength = view.getUint32(4);
    if (8 + headLength > bytes.length) return null;
    const blobs: Uint8Array[] = [];
    let at = 8 + headLength;
    while (at < bytes.length) {
      if (at + 4 > bytes.length) return null;
      const n = view.getUint32(at);
      if (at + 4 + n > bytes.length) return null;
      blobs.push(bytes.slice(at + 4, at + 4 + n));
      at += 4 + n;
    }
    let bad = false;
    const row = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headLength)),
      (_k, v: unknown) => {
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$bytes' in v) {
          const blob = blobs[(v as { $bytes: number }).$bytes];
          if (!blob) bad = true;
          return blob;
        }
        return v;
      },
    ) as unknown;
    if (bad || !row || typeof row !== 'object' || Array.isArray(row)) return null;
    return row as Record<string, unknown>;
  } catch {
    return null;
  }
}

function inRange(key: Key, range: DBCoreKeyRange): boolean {
  // DBCoreRangeType: 1 Equal, 2 Range, 3 Any, 4 Never.
  if (range.type === 4) return false;
  if (range.type === 3) return true;
  if (range.type === 1) return indexedDB.cmp(key, range.lower) === 0;
  if (range.lower !== undefined) {
    const c = indexedDB.cmp(key, range.lower);
    if (c < 0 || (c === 0 && range.lowerOpen)) return false;
  }
  if (range.upper !== undefined) {
    const c = indexedDB.cmp(key, range.upper);
    if (c > 0 || (c === 0 && range.upperOpen)) return false;
  }
  return true;
}

export interface SecondCopyStatus {
  /** A copy write failed since the last reconcile: the copy may miss rows until the next one. */
  stale: boolean;
  /** The last copy error's name, for diagnostics. */
  lastError: string | null;
  /** The last copy write (or reconcile) succeeded. */
  lastWriteOk: boolean;
}

/** Reads the copied stores of a live database (what `reconcile` compares against). */
export interface CopySource {
  keys(store: CopiedStore): Promise<Key[]>;
  get(store: CopiedStore, key: Key): Promise<Record<string, unknown> | undefined>;
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
    return {
      stack: 'dbcore',
      name: 'second-copy',
      create: (down) => ({
        ...down,
        table: (name: string): DBCoreTable => {
          const table = down.table(name);
          if (!isCopied(name)) return table;
          return { ...table, mutate: (req) => this.copyMutation(name, req, () => table.mutate(req)) };
        },
      }),
    };
  }

  private copyMutation<T>(store: CopiedStore, req: DBCoreMutateRequest, run: () => Promise<T>): Promise<T> {
    if (this.paused || !toOp(store, req)) return run();
    const trans = req.trans as unknown as Partial<IDBTransaction> & { __secondCopyOps?: Op[] };
    // Only what IndexedDB accepted is copied: a request that failed (and whose error the caller
    // caught, letting the transaction go on) and the failed rows of a bulk write are left out.
    const succeeded = (result: T): Op | null =>
      toOp(store, req, (result as { failures?: Record<number, unknown> } | null)?.failures);
    if (typeof trans.addEventListener !== 'function') {
      // Not a native transaction (should not happen): copy once the mutation succeeded.
      return run().then((result) => {
        const op = succeeded(result);
        if (op) this.track(this.enqueue([op]));
        return result;
      });
    }
    if (!trans.__secondCopyOps) {
      const ops: Op[] = [];
      trans.__secondCopyOps = ops;
      this.track(
        new Promise<void>((resolve) => {
          trans.addEventListener?.('complete', () => void this.enqueue(ops).then(resolve));
          trans.addEventListener?.('abort', () => resolve());
        }),
      );
    }
    const ops = trans.__secondCopyOps;
    // Success callbacks run in request order, and all of them before the transaction completes.
    return run().then((result) => {
      const op = succeeded(result);
      if (op) ops.push(op);
      return result;
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
    await this.applyOps(ops);
    this.status = { ...this.status, lastWriteOk: true };
  }

  private async applyOps(ops: Op[]): Promise<void> {
    const known = await this.knownKeys();
    for (const op of ops) {
      if (op.type === 'put') {
        for (const row of op.rows) {
          const key = copyKey(op.store, PRIMARY_KEY[op.store](row));
          await this.backend.put(key, encodeRow(row));
          known.add(key);
        }
      } else {
        const doomed =
          op.type === 'delete'
            ? op.keys.map((k) => copyKey(op.store, k)).filter((k) => known.has(k))
            : [...known].filter((k) => {
                const parsed = parseCopyKey(k);
                return parsed !== null && parsed.store === op.store && inRange(parsed.key, op.range);
              });
        if (doomed.length > 0) await this.backend.delete(doomed);
        for (const k of doomed) known.delete(k);
      }
    }
  }

  /** True when the copy holds a vault row (something to restore from). */
  async hasVault(): Promise<boolean> {
    const value = await this.backend.get(copyKey('vault', 'vault')).catch(() => undefined);
    return value !== undefined && decodeRow(value) !== null;
  }

  /** Every row the copy holds; entries that do not decode are counted in `skipped`. */
  async read(): Promise<{ rows: CopiedRow[]; skipped: number }> {
    await this.settled();
    const rows: CopiedRow[] = [];
    let skipped = 0;
    for (const text of await this.backend.keys()) {
      const parsed = parseCopyKey(text);
      const bytes = parsed ? await this.backend.get(text).catch(() => undefined) : undefined;
      const row = bytes ? decodeRow(bytes) : null;
      if (!parsed || !row || indexedDB.cmp(PRIMARY_KEY[parsed.store](row), parsed.key) !== 0) {
        skipped++;
        continue;
      }
      rows.push({ store: parsed.store, row });
    }
    return { rows, skipped };
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
      const backendKeys = new Set(await this.backend.keys());
      const wanted = new Set<string>();
      for (const store of COPIED_STORES) {
        for (const key of await source.keys(store)) {
          const k = copyKey(store, key);
          wanted.add(k);
          // Every entry's bytes are compared, not just its key: after a crash the cache can list
          // an entry whose body it cannot give back whole.
          const row = await source.get(store, key);
          if (!row) continue;
          const bytes = encodeRow(row);
          const held = backendKeys.has(k) ? await this.backend.get(k).catch(() => undefined) : undefined;
          if (held && equalBytes(held, bytes)) continue;
          await this.backend.put(k, bytes);
          written++;
        }
      }
      const extra = [...backendKeys].filter((k) => !wanted.has(k));
      if (extra.length > 0) await this.backend.delete(extra);
      removed = extra.length;
      this.known = Promise.resolve(new Set(wanted));
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

function toOp(
  store: CopiedStore,
  req: DBCoreMutateRequest,
  failures: Record<number, unknown> = {},
): Op | null {
  const ok = <V>(_: V, i: number) => !(i in failures);
  switch (req.type) {
    case 'add':
    case 'put':
      // A put with `criteria`/`changeSpec` is Dexie's modify(); its values are the whole new rows.
      return { type: 'put', store, rows: req.values.filter(ok).map((v) => v as Record<string, unknown>) };
    case 'delete':
      return { type: 'delete', store, keys: req.keys.filter(ok) };
    case 'deleteRange':
      return { type: 'deleteRange', store, range: req.range };
    default:
      return null;
  }
}

/** Test backend: a Map. */
export class MemoryBackend implements SecondCopyBackend {
  readonly entries = new Map<string, Uint8Array>();
  /** Set to make every write fail with this error name (quota tests). */
  failWith: string | null = null;

  async keys(): Promise<string[]> {
    return [...this.entries.keys()];
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.entries.get(key)?.slice();
  }
  async put(key: string, value: Uint8Array): Promise<void> {
    if (this.failWith) throw new DOMException('copy write refused', this.failWith);
    this.entries.set(key, value.slice());
  }
  async delete(keys: string[]): Promise<void> {
    if (this.failWith) throw new DOMException('copy write refused', this.failWith);
    for (const k of keys) this.entries.delete(k);
  }
  async clear(): Promise<void> {
    this.entries.clear();
  }
}

/** The Cache Storage cache that holds the copy (removed by a panic wipe with every other cache). */
export const SECOND_COPY_CACHE = 'shopfloor-second-copy';
const PREFIX = '/__shopfloor-second-copy__/';

/** Browser backend: one Cache Storage entry per row, under a URL that is never fetched. */
export class CacheStorageBackend implements SecondCopyBackend {
  private cache: Promise<Cache> | null = null;

  private open(): Promise<Cache> {
    this.cache ??= caches.open(SECOND_COPY_CACHE);
    return this.cache;
  }

  private url(key: string): string {
    return new URL(PREFIX + encodeURIComponent(key), globalThis.location.origin).href;
  }

  async keys(): Promise<string[]> {
    const requests = await (await this.open()).keys();
    const out: string[] = [];
    for (const r of requests) {
      const path = new URL(r.url).pathname;
      if (path.startsWith(PREFIX)) out.push(decodeURIComponent(path.slice(PREFIX.length)));
    }
    return out;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const response = await (await this.open()).match(this.url(key));
    return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    const body = new Blob([value as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
    await (await this.open()).put(this.url(key), new Response(body));
  }

  async delete(keys: string[]): Promise<void> {
    const cache = await this.open();
    await Promise.all(keys.map((k) => cache.delete(this.url(k))));
  }

  async clear(): Promise<void> {
    this.cache = null;
    await caches.delete(SECOND_COPY_CACHE);
  }
}

/** The browser's backend, or null where Cache Storage is missing (then there is no second copy). */
export function browserSecondCopyBackend(): SecondCopyBackend | null {
  return typeof caches !== 'undefined' && typeof globalThis.location !== 'undefined'
    ? new CacheStorageBackend()
    : null;
}
