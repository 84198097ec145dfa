/**
 * The campaign home's sealed read model: the headline figures home paints first (name, counts,
 * the bargaining unit and its thresholds, units and shifts), kept as one small sealed record
 * (storage/space-view.ts) so that unlock can paint real figures before the whole campaign doc is
 * loaded. The full home replaces it once the doc is there.
 *
 * What must stay true:
 * - The figures are computed with the same domain queries as the home screen (`homeViewOf`), from
 *   a doc that holds nothing unstored (`store.durable`), and stored with the seq of the last stored
 *   update row; storage gives a view back only while that row is still the last, so a view is
 *   never older than what is stored. A stale, missing, unreadable or unknown-shaped record is no
 *   view (null): the caller waits for the doc, as before.
 * - Keeping it current is off the critical path: at most one computation per
 *   {@link VIEW_DELAY_MS} after a durable write, counted in slices (app/home-figures.ts) from the
 *   doc as it is when it starts, and once more when the store closes (lock), after its last write.
 */
import type * as Y from 'yjs';
import {
  type BargainingUnit,
  type CampaignStats,
  liveLastTalked,
  localIsoDate,
  peopleIndex,
  primeConversations,
} from '../domain';
import { nextTask } from '../platform/next-task';
import { readSpaceView, type ShopfloorDb, type SpaceStore, writeSpaceView } from '../storage';
import type { RowCipher } from '../storage/row-cipher';
import { type HomeFigures, homeDataInSlices, homeFigures, homeFiguresInSlices } from './home-figures';

/** What home paints first. */
export interface HomeView {
  name: string;
  stats: CampaignStats;
  unit: BargainingUnit;
  units: number;
  shifts: number;
}

/** The record's shape version: a record of another version is no view. */
const VERSION = 1;
/** How long after a durable write the view is computed (writes in between share one computation). */
export const VIEW_DELAY_MS = 2_000;

/**
 * Parses what the live home derives from — every person and every conversation, home's figures and
 * follow-ups due (app/home-figures.ts), and when each person was last talked to — in slices of
 * about 10 ms with a turn for the event loop between them (domain/slices.ts), into the domain's
 * live indexes and home's kept figures, so that home's first build after unlock re-parses and
 * re-counts nothing and no task passes over the whole campaign. Runs after the load, while the
 * home view is shown; the results are the same as a pass in one go. `today` is the day home counts
 * follow-ups for (the device's).
 */
export async function primeHome(
  campaign: Y.Doc,
  personal: Y.Doc,
  fallbackName: string,
  today = localIsoDate(),
): Promise<void> {
  const opts = { between: nextTask, sliceMs: 10 };
  await peopleIndex(campaign).prime(opts);
  await nextTask();
  await homeDataInSlices(campaign, fallbackName, today, opts);
  await nextTask();
  await primeConversations({ campaign, personal }, opts);
  await nextTask();
  liveLastTalked({ campaign, personal });
  // The live home then mounts in a task of its own (an await alone would continue in this one).
  await nextTask();
}

/** The figures home paints first, computed from `doc` as the home screen computes them. */
export function homeViewOf(doc: Y.Doc, fallbackName: string): HomeView {
  return viewOf(homeFigures(doc, fallbackName));
}

function viewOf(f: HomeFigures): HomeView {
  return { name: f.name, stats: f.stats, unit: f.unit, units: f.units.length, shifts: f.shifts.length };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A stored record as a view, or null when it is not one this version wrote. */
export function parseHomeView(text: string): HomeView | null {
  try {
    const r = JSON.parse(text) as Partial<HomeView> & { v?: unknown };
    const s = r.stats as Partial<CampaignStats> | undefined;
    const u = r.unit as Partial<BargainingUnit> | undefined;
    const ok =
      r.v === VERSION &&
      typeof r.name === 'string' &&
      isCount(r.units) &&
      isCount(r.shifts) &&
      !!s &&
      [s.total, s.base, s.assessed, s.cardsSigned, s.assessedPercent, s.cardsPercent].every(isCount) &&
      typeof s.distribution === 'object' &&
      typeof s.thresholds === 'object' &&
      !!u &&
      isCount(u.size) &&
      isCount(u.known) &&
      typeof u.source === 'string';
    if (!ok) return null;
    const { v: _v, ...view } = r;
    return view as HomeView;
  } catch {
    return null;
  }
}

/** The campaign's view when it is current (see the header), else null. Never throws. */
export async function readHomeView(
  db: ShopfloorDb,
  cipher: RowCipher,
  spaceId: string,
): Promise<HomeView | null> {
  try {
    const text = await readSpaceView(db, cipher, spaceId);
    return text === null ? null : parseHomeView(text);
  } catch {
    return null;
  }
}

/** Keeps a campaign store's view current; see the header. */
export interface HomeViewKeeper {
  /** Computes and stores the view now if the doc is durable and the stored one is older. */
  flush(): Promise<void>;
  stop(): void;
}

/** Starts keeping `store`'s view current (first computation {@link VIEW_DELAY_MS} after opening). */
export function keepHomeView(
  store: SpaceStore,
  cipher: RowCipher,
  fallbackName: string,
  delayMs = VIEW_DELAY_MS,
): HomeViewKeeper {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let savedSeq = -1;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    // Unstored changes would put figures in the view that a crash could still lose: wait for the
    // write; its status change schedules this again.
    if (!store.durable || store.storedSeq === savedSeq) return;
    const atSeq = store.storedSeq;
    // Counted in slices (no long task after a peer's change), from the doc as it is now: the
    // figures are of what is stored at `atSeq` even if the doc changes while they are counted.
    const figures = homeFiguresInSlices(store.doc, fallbackName, { between: nextTask, sliceMs: 10 });
    savedSeq = atSeq;
    writing = writing
      .then(async () => {
        const body = JSON.stringify({ v: VERSION, ...viewOf((await figures) as HomeFigures) });
        await writeSpaceView(store.db, cipher, store.spaceId, atSeq, body);
      })
      .catch(() => {
        savedSeq = -1; // a view is a shortcut: failing to store one changes nothing else
      });
  };
  const schedule = () => {
    if (!stopped && timer === undefined) timer = setTimeout(save, delayMs);
  };
  const off = store.onStatus((s) => {
    if (s.pending === 0 && s.error === null) schedule();
  });
  schedule();
  return {
    async flush() {
      if (!stopped) save();
      await writing;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      off();
    },
  };
}
