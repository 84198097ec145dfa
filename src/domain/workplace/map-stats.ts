/**
 * The workplace map as numbers: units (rows) × shifts (columns), what the committee knows about
 * each cell, each unit and each shift, where it has no one yet, and the chips a chart shows.
 * Pure functions over parsed records; one pass over the people, so 8,000 people cost a few ms.
 *
 * What must stay true:
 * - Percentages are of the **base** headcount: the unit's estimate when it is larger than the
 *   number of people known, else the people known. The coworkers nobody has met yet are neither
 *   assessed, supportive nor carded, so a unit of ~40 with 4 known supporters is 10% supportive,
 *   not 100%. Cells have no estimate (estimates are per unit), so their base is the people known.
 * - A unit row's `total` rolls up its sub-units ("Inbound" counts "Inbound › Dock 3"); its
 *   estimate is its own `estimatedHeadcount` (which covers its sub-units), or else — when any
 *   sub-unit carries an estimate — its own people plus each sub-unit's base.
 * - People placed in a deleted or unknown unit/shift are shown as not placed (row/column `null`),
 *   so nobody disappears from the chart; moving them fixes the placement.
 * - Soft-deleted people are never counted.
 */

import { eachInSlices, type SliceOptions } from '../slices';
import type { Person, Shift } from '../types';
import { chipOf, chipRank, coverageOf, Tally } from './tally';
import type { UnitNode } from './unit-tree';

/** A coverage problem of a cell, unit or shift that has (or should have) people. */
export type { Chip, CoverageStats, CoverageWarning } from './tally';
export { chipOf, coverageOf } from './tally';

import type { Chip, CoverageStats } from './tally';

/** One cell: a unit (or `null`: not placed) on a shift (or `null`: no shift). */
export interface MapCell {
  readonly unitId: string | null;
  readonly shiftId: string | null;
  readonly stats: CoverageStats;
  /** Everyone in the cell, in chip order: committee, leaders, then by assessment, then name. */
  readonly people: readonly Person[];
  /** The first `chipLimit` people as chips; `more` is how many are left out. */
  readonly chips: readonly Chip[];
  readonly more: number;
}

/** One row of the chart. */
export interface MapRow {
  /** `null`: the row of people not placed in any (live) unit. */
  readonly unit: UnitNode | null;
  readonly hasChildren: boolean;
  /** People placed directly in this unit, per column (aligned with `MapModel.columns`). */
  readonly cells: readonly MapCell[];
  /** This unit and all its sub-units, per column (stats only; same as `cells` for a leaf). */
  readonly rolled: readonly CoverageStats[];
  /** This unit and its sub-units, all shifts together, with the unit's estimate. */
  readonly total: CoverageStats;
}

/** A column: a shift, or `null` for people without a (live) shift. */
export interface MapColumn {
  readonly shift: Shift | null;
  readonly total: CoverageStats;
}

/** One place on the "gaps" list, least covered first. */
export interface Gap {
  /** `cell`: a unit on a shift; `unit`: a unit with an estimate where nobody is known yet. */
  readonly kind: 'cell' | 'unit';
  readonly unit: UnitNode | null;
  readonly shift: Shift | null;
  readonly stats: CoverageStats;
  /** The cell's people in chip order (none for a `unit` gap). */
  readonly people: readonly Person[];
  /** 0..1: a quarter each for a committee member, a leader, the share assessed, the share supportive. */
  readonly coverage: number;
}

/** Everything a chart, a gaps list and a print view need. */
export interface MapModel {
  readonly columns: readonly MapColumn[];
  readonly rows: readonly MapRow[];
  readonly total: CoverageStats;
  /**
   * Places least covered first. Only real places: cells of a unit on a shift (or a unit, when the
   * campaign has no shifts). People not placed yet are a to-do, not a place; see `unplaced`.
   */
  readonly gaps: readonly Gap[];
  /** Live people without a live unit, or without a live shift while the campaign has shifts. */
  readonly unplaced: number;
  /**
   * The units' estimates added up (each top unit's base plus the people not placed), when any unit
   * carries an estimate: the default bargaining-unit size (see bargaining-unit.ts).
   */
  readonly estimate?: number;
}

/** Options of {@link mapModel}. */
export interface MapOptions {
  /** Chips made per cell (default 6); the rest are counted in `more`. */
  readonly chipLimit?: number;
  /**
   * The bargaining unit's size, when the committee set one: the whole workplace's `total` is then
   * of it (its `estimate`) instead of the units' estimates added up.
   */
  readonly size?: number;
}

/**
 * The chart model for `people` (usually `listPeople(doc).people`, sorted by name), `units`
 * (`listUnits(doc)`, tree order) and `shifts` (`listShifts(doc)`).
 * The "no shift" column and the "not placed" row exist only when someone is in them.
 * @example const { rows, columns, gaps } = mapModel(people, listUnits(doc), listShifts(doc));
 */
export function mapModel(
  people: readonly Person[],
  units: readonly UnitNode[],
  shifts: readonly Shift[],
  options: MapOptions = {},
): MapModel {
  const tally = gridTally(units, shifts);
  for (const p of people) tally.add(p);
  return modelOf(tally.finish(), options);
}

/**
 * {@link mapModel} with its pass over the people cut into slices (`slices.ts`), so a big campaign
 * does not hold the main thread for one long task; same result. `stop()` true ends early (null).
 */
export async function mapModelInSlices(
  people: readonly Person[],
  units: readonly UnitNode[],
  shifts: readonly Shift[],
  options: MapOptions,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<MapModel | null> {
  const tally = gridTally(units, shifts);
  await eachInSlices(people, tally.add, opts, stop);
  return stop() ? null : modelOf(tally.finish(), options);
}

/** The model from the grid: per unit (a few dozen), not per person. */
function modelOf(grid: Grid, options: MapOptions): MapModel {
  const { units, shifts } = grid;
  const totals = unitTotals(grid);
  const { rows, gaps, unplaced, columnTally, grand } = buildRows(
    grid,
    totals,
    Math.max(0, options.chipLimit ?? 6),
  );
  const columns: MapColumn[] = columnTally.map((t, c) => ({
    shift: c < shifts.length ? (shifts[c] as Shift) : null,
    total: t.finish(),
  }));
  sortGaps(grid, gaps);
  // The whole workplace: each top unit's base (its estimate where larger) plus the unplaced.
  let grandBase = grid.showNoUnit ? (totals[grid.noUnit]?.known ?? 0) : 0;
  let estimated = false;
  units.forEach((u, r) => {
    if (u.effectiveParentId !== undefined) return;
    const t = totals[r] as CoverageStats;
    grandBase += t.base;
    if (t.estimate !== undefined) estimated = true;
  });
  const estimate = estimated ? grandBase : undefined;
  const model = { columns, rows, total: grand.finish(options.size ?? estimate), gaps, unplaced };
  return estimate === undefined ? model : { ...model, estimate };
}

/** People grouped by (unit row, shift column), with their tallies; the last row and column are "none". */
interface Grid {
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  rowIndex: Map<string, number>;
  colIndex: Map<string, number>;
  noUnit: number;
  noShift: number;
  showNoUnit: boolean;
  /** Columns shown: the shifts, plus "no shift" when someone is in it. */
  cols: number;
  /** groups[row][col]: people directly in that unit on that shift. */
  groups: Person[][][];
  /** Tallies per (row, col) of the people directly there. */
  own: Tally[][];
  /** The same, rolled up the tree into every ancestor. */
  rolled: Tally[][];
  /** Units that are some unit's parent. */
  hasChildren: Set<string>;
}

/**
 * The grid's pass over the people: `add` places each live person in their (unit, shift) cell and
 * counts them there; `finish` rolls the tallies up (in people order, as one pass would).
 */
function gridTally(units: readonly UnitNode[], shifts: readonly Shift[]) {
  const rowIndex = new Map<string, number>(units.map((u, i) => [u.id, i]));
  const colIndex = new Map<string, number>(shifts.map((s, i) => [s.id, i]));
  const noUnit = units.length;
  const noShift = shifts.length;
  const groups: Person[][][] = Array.from({ length: units.length + 1 }, () =>
    Array.from({ length: shifts.length + 1 }, () => []),
  );
  const counted: Tally[][] = groups.map((row) => row.map(() => new Tally()));
  const add = (p: Person): void => {
    if (p.deleted) return;
    const r = (p.unitId !== undefined ? rowIndex.get(p.unitId) : undefined) ?? noUnit;
    const c = (p.shiftId !== undefined ? colIndex.get(p.shiftId) : undefined) ?? noShift;
    (groups[r] as Person[][])[c]?.push(p);
    counted[r]?.[c]?.add(p);
  };
  const finish = (): Grid => {
    const showNoShift = groups.some((row) => (row[noShift]?.length ?? 0) > 0);
    const showNoUnit = (groups[noUnit] ?? []).some((cell) => cell.length > 0);
    const cols = showNoShift ? shifts.length + 1 : shifts.length;
    const own = counted.map((row) => row.slice(0, cols));
    return rollUp({ units, shifts, rowIndex, colIndex, noUnit, noShift, showNoUnit, cols, groups, own });
  };
  return { add, finish };
}

/** The grid with each cell's tally rolled up the tree into every ancestor. */
function rollUp(grid: Omit<Grid, 'rolled' | 'hasChildren'>): Grid {
  const { units, rowIndex, cols, own } = grid;
  const rolled: Tally[][] = own.map((row) =>
    row.map((t) => {
      const copy = new Tally();
      copy.merge(t);
      return copy;
    }),
  );
  units.forEach((u, r) => {
    for (const a of u.ancestors) {
      const ar = rowIndex.get(a);
      if (ar === undefined) continue;
      for (let c = 0; c < cols; c++) rolled[ar]?.[c]?.merge(own[r]?.[c] as Tally);
    }
  });
  const hasChildren = new Set(units.flatMap((u) => (u.effectiveParentId ? [u.effectiveParentId] : [])));
  return { ...grid, rolled, hasChildren };
}

/**
 * Unit totals bottom-up (children follow their parent in tree order), and the "not placed" row's.
 * A unit without its own estimate but with estimated sub-units is estimated as its own people plus
 * each sub-unit's base.
 */
function unitTotals(grid: Grid): CoverageStats[] {
  const { units, own, rolled, hasChildren } = grid;
  const rowTally = (r: number) => {
    const t = new Tally();
    for (const cell of rolled[r] ?? []) t.merge(cell);
    return t;
  };
  const totals: CoverageStats[] = [];
  for (let r = units.length - 1; r >= 0; r--) {
    const u = units[r] as UnitNode;
    let estimate = u.estimatedHeadcount;
    if (estimate === undefined && hasChildren.has(u.id)) {
      let sum = 0;
      let any = false;
      units.forEach((child, cr) => {
        if (child.effectiveParentId !== u.id) return;
        const ct = totals[cr] as CoverageStats;
        if (ct.estimate !== undefined) any = true;
        sum += ct.base;
      });
      for (const t of own[r] ?? []) sum += t.known;
      if (any) estimate = sum;
    }
    totals[r] = rowTally(r).finish(estimate);
  }
  if (grid.showNoUnit) totals[grid.noUnit] = rowTally(grid.noUnit).finish();
  return totals;
}

/** The chart's rows with their cells, the gaps found on the way, and the column and grand tallies. */
function buildRows(grid: Grid, totals: CoverageStats[], chipLimit: number) {
  const { units, shifts, cols, groups, own, rolled, rowIndex, hasChildren } = grid;
  const columnTally: Tally[] = Array.from({ length: cols }, () => new Tally());
  const grand = new Tally();
  const rows: MapRow[] = [];
  const gaps: Gap[] = [];
  let unplaced = 0;
  const rowCount = grid.showNoUnit ? units.length + 1 : units.length;
  for (let r = 0; r < rowCount; r++) {
    const unit = r < units.length ? (units[r] as UnitNode) : null;
    const cells: MapCell[] = [];
    for (let c = 0; c < cols; c++) {
      const shift = c < shifts.length ? (shifts[c] as Shift) : null;
      const members = [...((groups[r] as Person[][])[c] as Person[])];
      members.sort((a, b) => chipRank(a) - chipRank(b));
      const t = own[r]?.[c] as Tally;
      columnTally[c]?.merge(t);
      grand.merge(t);
      const stats = t.finish();
      cells.push({
        unitId: unit?.id ?? null,
        shiftId: shift?.id ?? null,
        stats,
        people: members,
        chips: members.slice(0, chipLimit).map(chipOf),
        more: Math.max(0, members.length - chipLimit),
      });
      if (stats.known === 0) continue;
      if (unit === null || (shift === null && shifts.length > 0)) unplaced += stats.known;
      else gaps.push({ kind: 'cell', unit, shift, stats, people: members, coverage: coverageOf(stats) });
    }
    const total = totals[r] as CoverageStats;
    const parent = unit?.effectiveParentId === undefined ? undefined : rowIndex.get(unit.effectiveParentId);
    const parentTotal = parent === undefined ? undefined : totals[parent];
    const parentUncovered = parentTotal !== undefined && parentTotal.known === 0 && parentTotal.base > 0;
    if (unit && total.known === 0 && total.base > 0 && !parentUncovered) {
      gaps.push({ kind: 'unit', unit, shift: null, stats: total, people: [], coverage: 0 });
    }
    const parentRow = unit !== null && hasChildren.has(unit.id);
    rows.push({
      unit,
      hasChildren: parentRow,
      cells,
      rolled: parentRow ? (rolled[r] ?? []).map((t) => t.finish()) : cells.map((cell) => cell.stats),
      total,
    });
  }
  return { rows, gaps, unplaced, columnTally, grand };
}

/** Least covered first, then the larger base, then chart order. */
function sortGaps(grid: Grid, gaps: Gap[]): void {
  const { rowIndex, colIndex, noUnit, noShift } = grid;
  const order = (g: Gap) => [
    g.unit ? (rowIndex.get(g.unit.id) ?? noUnit) : noUnit,
    g.shift ? (colIndex.get(g.shift.id) ?? noShift) : noShift,
  ];
  gaps.sort((a, b) => {
    if (a.coverage !== b.coverage) return a.coverage - b.coverage;
    if (a.stats.base !== b.stats.base) return b.stats.base - a.stats.base;
    const [ar = 0, ac = 0] = order(a);
    const [br = 0, bc = 0] = order(b);
    return ar - br || ac - bc;
  });
}
