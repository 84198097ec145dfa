/**
 * Planning an import: every row read, checked and matched against the campaign before anything is
 * written, so the user sees exactly what will happen (new people, duplicates, units and shifts to
 * create, problems by row) and the import itself cannot fail halfway. Pure: reads the doc only.
 */
import { listPeople, listShifts, listUnits, type Space } from '../domain';
import type { CsvProblem } from './csv';
import { type PersonDraft, type ProblemCode, type RowProblem, readRow } from './draft';
import type { FieldKey, Mapping } from './fields';
import {
  DuplicateFinder,
  type DuplicateOf,
  type NewShift,
  type NewUnit,
  ShiftMatcher,
  type ShiftTarget,
  UnitMatcher,
  type UnitTarget,
} from './match';
import type { Table } from './table';
import { cellText, type DateOrder, guessDateOrder } from './values';

/** A row that will import (as new, or per the user's choice when it is a duplicate). */
export interface PlannedRow {
  readonly row: number;
  readonly draft: PersonDraft;
  readonly unit?: UnitTarget;
  readonly shift?: ShiftTarget;
  readonly duplicate?: DuplicateOf;
}

/** Everything an import would do, and every problem found. */
export interface ImportPlan {
  readonly rows: readonly PlannedRow[];
  /** Sorted by row number. */
  readonly problems: readonly RowProblem[];
  readonly newUnits: readonly NewUnit[];
  readonly newShifts: readonly NewShift[];
  /** Rows that repeat someone already in the campaign or an earlier row. */
  readonly duplicates: number;
  /** Rows left out entirely (no name, name too long). */
  readonly skipped: number;
  /** How slashed dates were read. */
  readonly dateOrder: DateOrder;
}

/** Planning options. */
export interface PlanOptions {
  /** Force a date order; by default it is guessed from the file's dates, else `fallbackDateOrder`. */
  readonly dateOrder?: DateOrder;
  /** Used when no date in the file tells (Spanish speakers write day first). Default `dmy`. */
  readonly fallbackDateOrder?: DateOrder;
  /** Structural problems found while parsing the file, listed with the others. */
  readonly fileProblems?: readonly CsvProblem[];
}

const DATE_FIELDS: ReadonlySet<FieldKey> = new Set(['card', 'cardDate', 'nextStepDue']);

function dateCells(table: Table, mapping: Mapping): string[] {
  const cols = mapping.flatMap((f, i) => (f && DATE_FIELDS.has(f) ? [i] : []));
  const out: string[] = [];
  for (const r of table.rows) for (const i of cols) out.push(cellText(r.cells[i]));
  return out;
}

/**
 * Plans the import of `table` into the campaign `doc` with `mapping` (one entry per column).
 * @example
 * const plan = planImport(doc, table, guessMapping(table.columns));
 * plan.problems // [{ row: 7, code: 'missing-name', skipped: true }, …]
 */
export function planImport(
  doc: Space['doc'],
  table: Table,
  mapping: Mapping,
  options: PlanOptions = {},
): ImportPlan {
  const dateOrder =
    options.dateOrder ?? guessDateOrder(dateCells(table, mapping), options.fallbackDateOrder ?? 'dmy');
  const units = new UnitMatcher(listUnits(doc));
  const shifts = new ShiftMatcher(listShifts(doc));
  const finder = new DuplicateFinder(listPeople(doc).people);
  const problems: RowProblem[] = (options.fileProblems ?? []).map((p) => ({
    row: p.row,
    code: p.code as ProblemCode,
    skipped: false,
  }));
  const rows: PlannedRow[] = [];
  let skipped = 0;
  let duplicates = 0;
  for (const tableRow of table.rows) {
    const read = readRow(tableRow, mapping, { dateOrder });
    problems.push(...read.problems);
    const draft = read.draft;
    if (!draft) {
      skipped++;
      continue;
    }
    const unit = draft.unitPath ? units.resolve(draft.unitPath) : undefined;
    const shift = draft.shift ? shifts.resolve(draft.shift) : undefined;
    const duplicate = finder.check(tableRow.row, draft.name, unit, draft.contacts);
    if (duplicate) duplicates++;
    rows.push({
      row: tableRow.row,
      draft,
      ...(unit ? { unit } : {}),
      ...(shift ? { shift } : {}),
      ...(duplicate ? { duplicate } : {}),
    });
  }
  problems.sort((a, b) => a.row - b.row);
  return {
    rows,
    problems,
    newUnits: units.created,
    newShifts: shifts.created,
    duplicates,
    skipped,
    dateOrder,
  };
}
