/**
 * What a number is "of": every percentage and threshold on home and on the map names its
 * denominator — "4 of ~100 (est.)" against the units' estimates, "4 of 120" against the committee's
 * figure, "4 of 11 known" when nobody has estimated the workplace yet.
 */
import type { BargainingUnit, CoverageStats, DenominatorSource } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { pct } from '../people/format';

/** The denominator as words: "~100 (est.)", "120" or "11 known". */
export function baseText(size: number, source: DenominatorSource): string {
  const n = formatNumber(size);
  if (source === 'set') return t('counts.base.set', { size: n });
  if (source === 'estimate') return t('counts.base.estimate', { size: n });
  return t('counts.base.known', { size: n });
}

/** The denominator of a bargaining unit as words. */
export function unitBase(unit: BargainingUnit): string {
  return baseText(unit.size, unit.source);
}

/**
 * The denominator of a map group as words: its estimate where it has one (or the committee's
 * figure, for the whole workplace when `source` says so), else the people known.
 */
export function coverageBase(s: CoverageStats, source?: DenominatorSource): string {
  if (s.estimate === undefined) return baseText(s.base, 'known');
  return baseText(s.base, source === 'set' ? 'set' : 'estimate');
}

/** "4 of ~100 (est.)". */
export function countOf(n: number, base: string): string {
  return t('counts.nOf', { n: formatNumber(n), base });
}

/** "4% of ~100 (est.)". */
export function percentOf(value: number, base: string): string {
  return t('counts.pctOf', { pct: pct(value), base });
}

/** One sentence on where the bargaining unit's size comes from (and whether it is out of date). */
export function unitSource(unit: BargainingUnit): string {
  const size = formatNumber(unit.size);
  if (unit.source === 'set') return t('counts.unit.set', { size });
  if (unit.source === 'estimate') return t('counts.unit.estimate', { size });
  return t('counts.unit.known', { size });
}

/** The warning when more people are known than the figure given, or `undefined`. */
export function unitOutdated(unit: BargainingUnit): string | undefined {
  if (!unit.outdated) return undefined;
  const figure = unit.source === 'set' ? unit.set : unit.estimate;
  return t('counts.unit.outdated', { known: formatNumber(unit.known), figure: formatNumber(figure ?? 0) });
}
