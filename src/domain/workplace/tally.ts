/**
 * The counting behind the workplace map (map-stats.ts): a running tally of people turned into
 * coverage stats, the coverage score of a group, and a person as a chart chip.
 */
import type { Person } from '../types';
import type { Distribution } from './stats';

export type CoverageWarning = 'no-committee' | 'no-leader';

/** What the committee knows about a group of coworkers. */
export interface CoverageStats {
  /** People known (live people placed here). */
  readonly known: number;
  /** Estimated headcount, when the unit (or its sub-units) carries one. */
  readonly estimate?: number;
  /** Denominator of the percentages: max(known, estimate). */
  readonly base: number;
  readonly assessed: number;
  /** Assessed 1 or 2. */
  readonly supportive: number;
  readonly cards: number;
  readonly leaders: number;
  readonly committee: number;
  readonly distribution: Distribution;
  /** 0..100 of `base`, unrounded; 0 when `base` is 0. */
  readonly assessedPercent: number;
  readonly supportivePercent: number;
  readonly cardsPercent: number;
  /** Empty when `base` is 0: a group nobody works in needs no committee member. */
  readonly warnings: readonly CoverageWarning[];
}

/** One person as a chart chip. */
export interface Chip {
  readonly id: string;
  readonly name: string;
  readonly codeName?: string;
  readonly assessment: Person['assessment'];
  readonly leader: boolean;
  readonly committee: boolean;
  readonly card: boolean;
}

/** A running count; `finish` turns it into stats. */
export class Tally {
  known = 0;
  assessed = 0;
  supportive = 0;
  cards = 0;
  leaders = 0;
  committee = 0;
  readonly dist: Distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, unassessed: 0 };

  add(p: Person): void {
    this.known++;
    if (p.assessment === null) this.dist.unassessed++;
    else {
      this.dist[p.assessment]++;
      this.assessed++;
      if (p.assessment <= 2) this.supportive++;
    }
    if (p.card.signed) this.cards++;
    if (p.leader) this.leaders++;
    if (p.committee) this.committee++;
  }

  merge(o: Tally): void {
    this.known += o.known;
    this.assessed += o.assessed;
    this.supportive += o.supportive;
    this.cards += o.cards;
    this.leaders += o.leaders;
    this.committee += o.committee;
    this.dist.unassessed += o.dist.unassessed;
    for (const a of [1, 2, 3, 4, 5] as const) this.dist[a] += o.dist[a];
  }

  finish(estimate?: number): CoverageStats {
    const base = Math.max(this.known, estimate ?? 0);
    const pct = (n: number) => (base === 0 ? 0 : (n * 100) / base);
    const warnings: CoverageWarning[] = [];
    if (base > 0 && this.committee === 0) warnings.push('no-committee');
    if (base > 0 && this.leaders === 0) warnings.push('no-leader');
    const stats = {
      known: this.known,
      base,
      assessed: this.assessed,
      supportive: this.supportive,
      cards: this.cards,
      leaders: this.leaders,
      committee: this.committee,
      distribution: { ...this.dist },
      assessedPercent: pct(this.assessed),
      supportivePercent: pct(this.supportive),
      cardsPercent: pct(this.cards),
      warnings,
    };
    return estimate === undefined ? stats : { ...stats, estimate };
  }
}

/** Chip order: committee, then leaders, then most supportive first (unassessed last); stable. */
export function chipRank(p: Person): number {
  return (p.committee ? 0 : 20) + (p.leader ? 0 : 10) + (p.assessment ?? 6);
}

/** A person as a chip. */
export function chipOf(p: Person): Chip {
  const chip = {
    id: p.id,
    name: p.name,
    assessment: p.assessment,
    leader: p.leader,
    committee: p.committee,
    card: p.card.signed,
  };
  return p.codeName === undefined ? chip : { ...chip, codeName: p.codeName };
}

/**
 * 0..1 coverage of a group: a quarter each for having a committee member, having a leader, the
 * share of the base assessed and the share supportive. 0 for a group nobody is known in.
 */
export function coverageOf(s: CoverageStats): number {
  if (s.base === 0) return 0;
  return (
    (s.committee > 0 ? 0.25 : 0) +
    (s.leaders > 0 ? 0.25 : 0) +
    (0.25 * s.assessed) / s.base +
    (0.25 * s.supportive) / s.base
  );
}
