/**
 * One coverage verdict per map row, instead of "No leader / No committee member" repeated in every
 * cell: which roles nobody in the unit holds at all, and — when the unit has them somewhere — the
 * shifts where people are known but nobody holds them.
 */

import type { Shift } from '../types';
import type { CoverageStats, CoverageWarning, MapColumn } from './map-stats';

/** The verdict for one row (a unit, or the whole workplace). */
export interface CoverageBadge {
  /** `empty`: nobody known and no estimate; `ok`: every role present on every shift with people. */
  readonly kind: 'empty' | 'ok' | 'gaps';
  /** Roles nobody in the whole row holds. */
  readonly missing: readonly CoverageWarning[];
  /** Roles the row has somewhere, with the shifts (`null`: no shift) where people lack them. */
  readonly missingOn: readonly {
    readonly warning: CoverageWarning;
    readonly shifts: readonly (Shift | null)[];
  }[];
}

const ORDER: readonly CoverageWarning[] = ['no-leader', 'no-committee'];

/**
 * The badge of a row whose whole-row numbers are `total` and per-column numbers `perColumn`
 * (aligned with `columns`): e.g. a `MapRow`'s `total` and `rolled`, or the model's `total` and
 * each column's `total` for the whole workplace.
 * @example coverageBadge(row.total, row.rolled, model.columns)
 */
export function coverageBadge(
  total: CoverageStats,
  perColumn: readonly CoverageStats[],
  columns: readonly MapColumn[],
): CoverageBadge {
  if (total.base === 0) return { kind: 'empty', missing: [], missingOn: [] };
  const missing = ORDER.filter((w) => total.warnings.includes(w));
  const missingOn = ORDER.filter((w) => !missing.includes(w))
    .map((warning) => ({
      warning,
      shifts: perColumn.flatMap((s, c) =>
        s.known > 0 && s.warnings.includes(warning) ? [columns[c]?.shift ?? null] : [],
      ),
    }))
    .filter((m) => m.shifts.length > 0);
  return { kind: missing.length + missingOn.length === 0 ? 'ok' : 'gaps', missing, missingOn };
}
