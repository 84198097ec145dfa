/**
 * Loading a space's update log into its doc (for space-store.ts): every row read in one Dexie
 * transaction, opened outside it, then applied in order. A row that fails to open or to apply is
 * reported (by seq) and left in place.
 *
 * What must stay true: the rows are applied in seq order, each exactly once, so the doc ends as one
 * `Y.applyUpdate` of them all would leave it. A big space's base is stored in parts (compaction,
 * `SpaceStoreOptions.splitState`), and no single main-thread task handles the whole campaign:
 * - the rows are read in ranges of {@link READ_ROWS} (still one transaction, so the rows are one
 *   consistent state), so the browser deserializes each range in a task of its own;
 * - they are opened {@link OPEN_ROWS} at a time (each WebCrypto call copies its input on the main
 *   thread), the next batch while the current one is applied;
 * - they are applied in slices of about {@link SLICE_MS}, one `Y.transact` per slice, with a yield
 *   to the event loop before every slice but the first.
 * Nothing is written while loading: a crash or a lock between two slices leaves the stored rows
 * exactly as they were.
 */
import * as Y from 'yjs';
import { nextTask } from '../platform/next-task';
import type { ShopfloorDb, UpdateRow } from './db';
import type { RowCipher } from './row-cipher';
import { openPacked } from './row-pack';
import { openEach, readSpaceRowsInRanges } from './space-rows';

/** What an update row's seal is bound to: its space and place in the log. */
export const updateContext = (spaceId: string, seq: number) => `update/${spaceId}/${seq}`;

/** About how long one slice of the load runs before the page gets the main thread back. */
export const SLICE_MS = 25;

/** Rows per read range (a campaign's base parts are about 128 KiB each: about 1 MiB a range). */
export const READ_ROWS = 8;

/** Rows opened (decrypted) at once. */
export const OPEN_ROWS = 4;

/** What a store learns from its load. */
export interface LoadResult {
  /** The update rows after the base, plus one for the base (however many parts it has). */
  rowCount: number;
  /** Rows of the stored base (the 's' rows written by one compaction), 0 when there is none. */
  baseRows: number;
  /** Bytes of the largest base row (a base stored whole by an older version is one big row). */
  largestBase: number;
  /** Stored bytes of the base's rows that are not compressed (written by an older version). */
  unpackedBase: number;
  lastSeq: number;
  unreadable: number[];
}

/**
 * Applies every stored update of `spaceId` to `doc` with `origin`, in slices (see the header).
 * Returns the rows' counts, the last seq (0 when none) and the seqs of the rows that could not be read.
 */
export async function loadUpdates(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
  doc: Y.Doc,
  origin: unknown,
  opts: { sliceMs?: number; between?: () => Promise<void> } = {},
): Promise<LoadResult> {
  const rows = await readSpaceRowsInRanges(db, db.updates, spaceId, READ_ROWS);
  const open = (batch: UpdateRow[]) =>
    openEach(batch, (row) => openPacked(cipher, row, updateContext(spaceId, row.seq)));
  const slices = sliceApplier(doc, origin, opts.sliceMs ?? SLICE_MS, opts.between ?? nextTask);
  const unreadable: number[] = [];
  let opening = rows.length > 0 ? open(rows.slice(0, OPEN_ROWS)) : null;
  for (let at = 0; opening; at += OPEN_ROWS) {
    const batch = await opening; // openEach never rejects: a row that fails is listed
    const after = at + OPEN_ROWS;
    opening = after < rows.length ? open(rows.slice(after, after + OPEN_ROWS)) : null;
    unreadable.push(...batch.unreadable.map((row) => row.seq));
    await slices.apply(batch.opened);
  }
  const base = rows.filter((r) => r.kind === 's');
  return {
    rowCount: rows.length - base.length + (base.length > 0 ? 1 : 0),
    baseRows: base.length,
    largestBase: Math.max(0, ...base.map((r) => r.data.length)),
    unpackedBase: base.reduce((n, r) => (r.z === 1 ? n : n + r.data.length), 0),
    lastSeq: rows.at(-1)?.seq ?? 0,
    // In row order, as if each row had been opened and applied in turn.
    unreadable: [...unreadable, ...slices.unapplied].sort((a, b) => a - b),
  };
}

/**
 * Applies opened rows in order, batch after batch, one transaction per slice, with a turn of the
 * event loop before every slice but the very first; `unapplied` lists the seqs that failed to apply.
 */
function sliceApplier(doc: Y.Doc, origin: unknown, sliceMs: number, between: () => Promise<void>) {
  const unapplied: number[] = [];
  let first = true;
  return {
    unapplied,
    async apply(opened: { row: UpdateRow; value: Uint8Array }[]): Promise<void> {
      let next = 0;
      while (next < opened.length) {
        if (!first) await between();
        first = false;
        const start = performance.now();
        Y.transact(
          doc,
          () => {
            do {
              const { row, value } = opened[next]!;
              next++;
              try {
                Y.applyUpdate(doc, value, origin);
              } catch {
                unapplied.push(row.seq);
              }
            } while (next < opened.length && performance.now() - start < sliceMs);
          },
          origin,
        );
      }
    },
  };
}
