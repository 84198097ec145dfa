/**
 * What the campaign home shows from the doc — the headline figures (counts, the bargaining unit,
 * the map model behind the charts and breakdowns) and the follow-ups due — computed in one pass
 * (`homeFigures`, `homeData`) or in slices with a turn of the event loop between them
 * (`homeFiguresInSlices`, `homeDataInSlices`: each pass over every person cut by domain/slices.ts),
 * so that neither unlock nor a peer's change holds the main thread for one long task on a big
 * campaign. Both give the same result; the sealed home view (home-view.ts) holds part of it.
 *
 * What must stay true: a result is kept for a doc only when the doc did not change while it was
 * computed (each doc's version goes up on every update), and given back only while the doc is
 * still at that version; so a kept result is always the doc as it is now, never a mix of two
 * states. A sliced computation reads the people, units and shifts once, at its start, and counts
 * only those: while the doc changes under it, its result is of the doc as it was at the start
 * (and not kept).
 */
import type * as Y from 'yjs';
import {
  type BargainingUnit,
  bargainingUnit,
  type CampaignStats,
  campaignName,
  campaignStats,
  campaignStatsInSlices,
  type FollowUpsDue,
  followUpsDue,
  followUpsDueInSlices,
  listShifts,
  listUnits,
  type MapModel,
  mapModel,
  mapModelInSlices,
  type Person,
  peopleIndex,
  readBargainingUnitSize,
  type Shift,
  type SliceOptions,
  type UnitNode,
} from '../domain';

/** Home's headline figures. */
export interface HomeFigures {
  name: string;
  /** Every person (deleted ones included), by name: `peopleIndex(doc).people()`. */
  people: readonly Person[];
  stats: CampaignStats;
  unit: BargainingUnit;
  /** The map's model (no chips): the same denominators as the map. */
  model: MapModel;
  units: UnitNode[];
  shifts: Shift[];
}

/** Home's figures and the follow-ups due on `today`. */
export interface HomeData extends HomeFigures {
  today: string;
  due: FollowUpsDue;
}

interface Kept {
  version: number;
  fallbackName: string;
  figures: HomeFigures;
  /** The follow-ups due, for one day. */
  due?: { today: string; value: FollowUpsDue };
}

const versions = new WeakMap<Y.Doc, number>();
const kept = new WeakMap<Y.Doc, Kept>();

/** The doc's version: goes up on every update (counted from the first call). */
function versionOf(doc: Y.Doc): number {
  const v = versions.get(doc);
  if (v !== undefined) return v;
  versions.set(doc, 0);
  doc.on('update', () => {
    versions.set(doc, (versions.get(doc) ?? 0) + 1);
    kept.delete(doc);
  });
  return 0;
}

/** What the doc's figures are read from, once, at the start of a computation. */
function inputsOf(doc: Y.Doc, fallbackName: string) {
  return {
    version: versionOf(doc),
    name: campaignName(doc) ?? fallbackName,
    people: peopleIndex(doc).people(),
    units: listUnits(doc),
    shifts: listShifts(doc),
    set: readBargainingUnitSize(doc),
  };
}

function keptFigures(doc: Y.Doc, fallbackName: string): Kept | undefined {
  const k = kept.get(doc);
  return k && k.fallbackName === fallbackName && k.version === versionOf(doc) ? k : undefined;
}

function keep(doc: Y.Doc, version: number, fallbackName: string, figures: HomeFigures): Kept | undefined {
  if (version !== versionOf(doc)) return undefined;
  const k: Kept = { version, fallbackName, figures };
  kept.set(doc, k);
  return k;
}

const unitOf = (live: number, model: MapModel, set: number | undefined) =>
  bargainingUnit({ known: live, estimate: model.estimate, set });

/**
 * Home's figures from `doc`, in one pass (kept until the doc's next update). The same map model as
 * the map, so home and map count against the same denominators.
 */
export function homeFigures(doc: Y.Doc, fallbackName: string): HomeFigures {
  const hit = keptFigures(doc, fallbackName);
  if (hit) return hit.figures;
  const { version, name, people, units, shifts, set } = inputsOf(doc, fallbackName);
  const model = mapModel(people, units, shifts, { chipLimit: 0 });
  const live = people.filter((p) => !p.deleted).length;
  const unit = unitOf(live, model, set);
  const figures = { name, people, stats: campaignStats(people, unit.size), unit, model, units, shifts };
  keep(doc, version, fallbackName, figures);
  return figures;
}

/**
 * {@link homeFigures} in slices (see the header): the kept figures when the doc has not changed
 * since, else a pass for the map model and one for the counts. `stop()` true ends early (null).
 */
export async function homeFiguresInSlices(
  doc: Y.Doc,
  fallbackName: string,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<HomeFigures | null> {
  const hit = keptFigures(doc, fallbackName);
  if (hit) return hit.figures;
  const { version, name, people, units, shifts, set } = inputsOf(doc, fallbackName);
  const model = await mapModelInSlices(people, units, shifts, { chipLimit: 0 }, opts, stop);
  if (!model) return null;
  // `stats.total` counts the live people: the bargaining unit's `known`, as in the one pass.
  let unit: BargainingUnit | undefined;
  const stats = await campaignStatsInSlices(
    people,
    () => {
      unit = unitOf(people.filter((p) => !p.deleted).length, model, set);
      return unit.size;
    },
    opts,
    stop,
  );
  if (!stats || !unit) return null;
  const figures = { name, people, stats, unit, model, units, shifts };
  keep(doc, version, fallbackName, figures);
  return figures;
}

/** Home's data when it is kept for the doc as it is now and for `today`, else undefined. */
export function keptHomeData(doc: Y.Doc, fallbackName: string, today: string): HomeData | undefined {
  const k = keptFigures(doc, fallbackName);
  return k?.due?.today === today ? { ...k.figures, today, due: k.due.value } : undefined;
}

/** Home's figures and the follow-ups due on `today`, in one pass (kept as {@link homeFigures}). */
export function homeData(doc: Y.Doc, fallbackName: string, today: string): HomeData {
  const hit = keptHomeData(doc, fallbackName, today);
  if (hit) return hit;
  const version = versionOf(doc);
  const figures = homeFigures(doc, fallbackName);
  const due = followUpsDue(figures.people, today);
  const k = version === versionOf(doc) ? keptFigures(doc, fallbackName) : undefined;
  if (k?.figures === figures) k.due = { today, value: due };
  return { ...figures, today, due };
}

/**
 * {@link homeData} in slices (see the header). `stop()` true ends early (null).
 * @example const data = await homeDataInSlices(doc, 'Campaign', '2026-12-06', { between: nextTask });
 */
export async function homeDataInSlices(
  doc: Y.Doc,
  fallbackName: string,
  today: string,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<HomeData | null> {
  const hit = keptHomeData(doc, fallbackName, today);
  if (hit) return hit;
  const figures = await homeFiguresInSlices(doc, fallbackName, opts, stop);
  if (!figures) return null;
  const due = await followUpsDueInSlices(figures.people, today, opts, stop);
  if (!due) return null;
  const k = keptFigures(doc, fallbackName);
  if (k?.figures === figures) k.due = { today, value: due };
  return { ...figures, today, due };
}
