/**
 * Campaign numbers: assessment distribution, cards and the card thresholds organizers work
 * towards. Pure functions over parsed people; soft-deleted people are never counted.
 *
 * Percentages and thresholds are of `base`: the bargaining unit's size when one is given (see
 * bargaining-unit.ts), never less than the people known. Without it they are of the people known,
 * which only means something once everyone in the workplace has been entered.
 *
 * Threshold math uses integers only (100 × 0.07 is 7.000000000000001 in floating point, so a
 * float ceil would ask for 8 cards out of 100 at 7%):
 * "at least p%" needs ceil(total·p/100) cards; a majority needs more than half, i.e.
 * floor(total/2) + 1.
 */
import { ASSESSMENTS, type Assessment } from '../people/assessment';
import { eachInSlices, type SliceOptions } from '../slices';
import type { Person } from '../types';

/** How many people hold each assessment value, and how many are unassessed. */
export type Distribution = Record<Assessment, number> & { unassessed: number };

/** One card threshold. */
export interface Threshold {
  /** Percentage the threshold is named after (30, 50, 65). */
  readonly percent: number;
  /** `at-least`: ≥ percent; `more-than`: strictly more than percent (majority). */
  readonly rule: 'at-least' | 'more-than';
  /** Cards needed in total to reach it (0 with nobody in the campaign). */
  readonly required: number;
  /** Cards still missing (0 once reached). */
  readonly needed: number;
  /** True once signed cards reach `required` (never with nobody in the campaign). */
  readonly reached: boolean;
}

/** Headline numbers for a set of people. */
export interface CampaignStats {
  /** Live people known. */
  readonly total: number;
  /** Denominator of the percentages and thresholds: max(`total`, the size given). */
  readonly base: number;
  readonly assessed: number;
  /** 0..100 of `base`, unrounded; 0 when `base` is 0. */
  readonly assessedPercent: number;
  readonly distribution: Distribution;
  readonly cardsSigned: number;
  /** 0..100 of `base`, unrounded; 0 when `base` is 0. */
  readonly cardsPercent: number;
  readonly leaders: number;
  readonly committee: number;
  readonly thresholds: {
    /** 30%: the usual bar to file for an election. */
    readonly thirty: Threshold;
    /** More than 50%. */
    readonly majority: Threshold;
    /** 65%: the usual bar organizers set before filing. */
    readonly supermajority: Threshold;
  };
}

/** Cards required out of `total` for a threshold (integer math, see header). */
export function cardsRequired(total: number, percent: number, rule: Threshold['rule']): number {
  if (total <= 0) return 0;
  if (rule === 'more-than') return Math.floor((total * percent) / 100) + 1;
  return Math.floor((total * percent + 99) / 100);
}

function threshold(total: number, signed: number, percent: number, rule: Threshold['rule']): Threshold {
  const required = cardsRequired(total, percent, rule);
  return {
    percent,
    rule,
    required,
    needed: Math.max(0, required - signed),
    reached: total > 0 && signed >= required,
  };
}

/**
 * Headline numbers for `people` (usually `listPeople(doc).people`), with percentages and
 * thresholds of `size` (the bargaining unit; the people known when absent or smaller).
 * @example campaignStats(people, bargainingUnit(…).size).thresholds.majority.needed // cards still to sign
 */
export function campaignStats(people: readonly Person[], size?: number): CampaignStats {
  const tally = statsTally();
  for (const p of people) tally.add(p);
  return tally.result(size);
}

/**
 * {@link campaignStats} with its pass over the people cut into slices (`slices.ts`), so a big
 * campaign does not hold the main thread for one long task; same result. `size` is asked for once
 * the pass is done (it may depend on another pass). `stop()` true ends early (null).
 */
export async function campaignStatsInSlices(
  people: readonly Person[],
  size: () => number | undefined,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<CampaignStats | null> {
  const tally = statsTally();
  await eachInSlices(people, tally.add, opts, stop);
  return stop() ? null : tally.result(size());
}

/** `campaignStats`'s work: each person counted by `add`, then the numbers from `result`. */
function statsTally() {
  const distribution: Distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, unassessed: 0 };
  let total = 0;
  let cardsSigned = 0;
  let leaders = 0;
  let committee = 0;
  const add = (p: Person): void => {
    if (p.deleted) return;
    total++;
    if (p.assessment === null) distribution.unassessed++;
    else distribution[p.assessment]++;
    if (p.card.signed) cardsSigned++;
    if (p.leader) leaders++;
    if (p.committee) committee++;
  };
  const result = (size?: number): CampaignStats => {
    const assessed = ASSESSMENTS.reduce((n, a) => n + distribution[a], 0);
    const base = Math.max(total, Number.isFinite(size) ? (size as number) : 0);
    const pct = (n: number) => (base === 0 ? 0 : (n * 100) / base);
    return {
      total,
      base,
      assessed,
      assessedPercent: pct(assessed),
      distribution: { ...distribution },
      cardsSigned,
      cardsPercent: pct(cardsSigned),
      leaders,
      committee,
      thresholds: {
        thirty: threshold(base, cardsSigned, 30, 'at-least'),
        majority: threshold(base, cardsSigned, 50, 'more-than'),
        supermajority: threshold(base, cardsSigned, 65, 'at-least'),
      },
    };
  };
  return { add, result };
}

/**
 * Stats per unit or per shift; the key is the id, or `null` for people without one.
 * Units are not rolled up: people in "Inbound › Dock 3" count for Dock 3 only.
 */
export function statsBy(
  people: readonly Person[],
  key: 'unitId' | 'shiftId',
): Map<string | null, CampaignStats> {
  const groups = new Map<string | null, Person[]>();
  for (const p of people) {
    if (p.deleted) continue;
    const k = p[key] ?? null;
    const group = groups.get(k);
    if (group) group.push(p);
    else groups.set(k, [p]);
  }
  return new Map([...groups].map(([k, group]) => [k, campaignStats(group)]));
}
