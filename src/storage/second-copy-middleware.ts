/**
 * The Dexie middleware of the second copy (second-copy.ts): it turns each add, put, delete and
 * range delete on a copied store into a copy operation, collects them per transaction, and hands
 * them on only once the transaction completed (an aborted one is dropped). Also how those
 * operations are applied to a backend.
 */
import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { SecondCopyBackend } from './second-copy-backends';
import {
  type CopiedStore,
  copyKey,
  encodeRow,
  isCopied,
  type Key,
  PRIMARY_KEY,
  parseCopyKey,
} from './second-copy-format';

/** One committed write of a copied store, as the copy applies it. */
export type Op =
  | { type: 'put'; store: CopiedStore; rows: Record<string, unknown>[] }
  | { type: 'delete'; store: CopiedStore; keys: Key[] }
  | { type: 'deleteRange'; store: CopiedStore; range: DBCoreKeyRange };

/** What the middleware feeds: the copy, seen from its database. */
export interface CopySink {
  /** True while writes must not be copied (restoring from the copy). */
  paused(): boolean;
  /** Applies `ops` to the copy after every write queued before; resolves once applied or failed. */
  enqueue(ops: Op[]): Promise<void>;
  /** Counts a copy write under way until it settles (what `settled()` waits for). */
  track(p: Promise<void>): void;
}

/** The Dexie middleware that copies committed writes of the copied stores into `sink`. */
export function secondCopyMiddleware(sink: CopySink): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'second-copy',
    create: (down) => ({
      ...down,
      table: (name: string): DBCoreTable => {
        const table = down.table(name);
        if (!isCopied(name)) return table;
        return { ...table, mutate: (req) => copyMutation(sink, name, req, () => table.mutate(req)) };
      },
    }),
  };
}

function copyMutation<T>(
  sink: CopySink,
  store: CopiedStore,
  req: DBCoreMutateRequest,
  run: () => Promise<T>,
): Promise<T> {
  if (sink.paused() || !toOp(store, req)) return run();
  const trans = req.trans as unknown as Partial<IDBTransaction> & { __secondCopyOps?: Op[] };
  // Only what IndexedDB accepted is copied: a request that failed (and whose error the caller
  // caught, letting the transaction go on) and the failed rows of a bulk write are left out.
  const succeeded = (result: T): Op | null =>
    toOp(store, req, (result as { failures?: Record<number, unknown> } | null)?.failures);
  if (typeof trans.addEventListener !== 'function') {
    // Not a native transaction (should not happen): copy once the mutation succeeded.
    return run().then((result) => {
      const op = succeeded(result);
      if (op) sink.track(sink.enqueue([op]));
      return result;
    });
  }
  if (!trans.__secondCopyOps) {
    const ops: Op[] = [];
    trans.__secondCopyOps = ops;
    sink.track(
      new Promise<void>((resolve) => {
        trans.addEventListener?.('complete', () => void sink.enqueue(ops).then(resolve));
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

/** Applies `ops` to `backend` in order, keeping `known` (the keys it holds) in step. */
export async function applyOps(backend: SecondCopyBackend, known: Set<string>, ops: Op[]): Promise<void> {
  for (const op of ops) {
    if (op.type === 'put') {
      for (const row of op.rows) {
        const key = copyKey(op.store, PRIMARY_KEY[op.store](row));
        await backend.put(key, encodeRow(row));
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
      if (doomed.length > 0) await backend.delete(doomed);
      for (const k of doomed) known.delete(k);
    }
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
