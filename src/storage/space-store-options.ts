/**
 * What a {@link SpaceStore} (space-store.ts) is opened with and reports, and how the changes it
 * stores are attributed and grouped for a campaign's activity log.
 */
import * as Y from 'yjs';
import type { Author } from './activity-log';

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
  /** Keep an activity log (and snapshots) for this space: campaigns only. */
  activity?: ActivityOptions;
  /**
   * How compaction writes the doc's state: as these updates, applied in order (e.g. the parts of
   * sync's `encodeStateAsUpdates`), one row each, so that loading can apply them slice by slice.
   * Default: one `Y.encodeStateAsUpdate` row. The parts must together be the doc's whole state.
   */
  splitState?: (doc: Y.Doc) => Uint8Array[];
}

/** How a campaign's changes are attributed and described. */
export interface ActivityOptions {
  /**
   * Who made the change a transaction carried (called synchronously as the doc emits it).
   * `massDeletion: true` asks for a snapshot of the space before the change is stored.
   * `dayOnly: true` (a change that stores survey responses) records only the UTC day, never the
   * time: no stored record may date a collected response (docs/threat-model.md, Surveys).
   */
  attribute(
    origin: unknown,
    transaction: Y.Transaction | undefined,
  ): Author & { massDeletion?: boolean; dayOnly?: boolean };
  /** Live records per collection, for snapshot descriptions. */
  describe?(doc: Y.Doc): Record<string, number>;
  /** Clock (ms epoch); tests replace it. */
  now?(): number;
}

export interface Pending {
  update: Uint8Array;
  at: number;
  author: Author;
  massDeletion: boolean;
  /** `at` holds only the day (see `ActivityOptions.attribute`). */
  dayOnly: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Midnight UTC of the day `ms` falls in. */
const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** One update the doc emitted, attributed (campaigns) or local, stamped with when it was made. */
export function pendingChange(
  update: Uint8Array,
  options: ActivityOptions | undefined,
  origin: unknown,
  tr: Y.Transaction | undefined,
): Pending {
  const {
    massDeletion = false,
    dayOnly = false,
    ...author
  } = options ? options.attribute(origin, tr) : { kind: 'local' as const };
  const now = options?.now?.() ?? Date.now();
  return { update, at: dayOnly ? dayOf(now) : now, author, massDeletion, dayOnly };
}

/**
 * Updates are merged (into one row, one activity entry) only while they add up to at most this:
 * edits come as many tiny updates, a campaign arriving from the mailbox as updates of up to 1 MiB,
 * which merging would re-encode on the main thread for nothing.
 */
export const MERGE_BELOW_BYTES = 256 * 1024;

/**
 * Consecutive changes by the same author, merged: one activity entry each (a group stops growing
 * at {@link MERGE_BELOW_BYTES}, so big updates get an entry each, as they came).
 */
export function groupByAuthor(changes: Pending[]): { at: number; author: Author; update: Uint8Array }[] {
  const groups: { at: number; dayOnly: boolean; author: Author; updates: Uint8Array[]; bytes: number }[] = [];
  for (const c of changes) {
    const last = groups.at(-1);
    if (
      last &&
      !c.massDeletion &&
      last.bytes + c.update.length <= MERGE_BELOW_BYTES &&
      // A day-only change never shares an entry (and its time) with a timed one.
      last.dayOnly === c.dayOnly &&
      last.author.kind === c.author.kind &&
      last.author.deviceId === c.author.deviceId &&
      last.author.name === c.author.name
    ) {
      last.updates.push(c.update);
      last.bytes += c.update.length;
    } else
      groups.push({
        at: c.at,
        dayOnly: c.dayOnly,
        author: c.author,
        updates: [c.update],
        bytes: c.update.length,
      });
  }
  return groups.map((g) => ({
    at: g.at,
    author: g.author,
    update: g.updates.length === 1 ? g.updates[0]! : Y.mergeUpdates(g.updates),
  }));
}
