/**
 * Planning an import: every row read, checked and matched against the campaign before anything is
 * written, so the user sees exactly what will happen (new people, repeats, namesakes, units and
 * shifts to create, problems by row) and the import itself cannot fail halfway. Pure: reads the
 * doc only.
 *
 * Nothing is dropped without a choice: a column with data that nobody mapped, and day-and-month
 * dates that read both ways, are open questions (`unmapped`, `dates.how === 'ask'`), and
 * `applyImport` refuses a plan while any is open.
 */
import { listPeople, listShifts, listUnits, type Space } from '../domain';
import type { CsvProblem } from './csv';
import { type DateCell, type DateReading, readDateOrder } from './date-order';
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
import { compareIdentity, type FieldDifference, type Identity, isNamesake } from './namesake';
import type { Table } from './table';
import { cellText, type DateOrder } from './values';

/** A row that will import (as new, or per the user's choice when it repeats someone). */
export interface PlannedRow {
  readonly row: number;
  readonly draft: PersonDraft;
  readonly unit?: UnitTarget;
  readonly shift?: ShiftTarget;
  readonly duplicate?: DuplicateOf;
  /** With `duplicate`: the identifying fields on which the row and whom it repeats disagree. */
  readonly differences?: readonly FieldDifference[];
  /**
   * Same name and unit, but a different phone, email, shift or job title and no contact in
   * common: most likely another person. Added as new unless the user chooses otherwise.
   */
  readonly namesake?: boolean;
}

/** A column that holds data but has no use yet: the user must map it, keep it as a note or skip it. */
export interface UnmappedColumn {
  readonly column: number;
  readonly title: string;
  /** Rows with a value in this column. */
  readonly filled: number;
  /** The first value, shortened. */
  readonly sample: string;
}

/** Everything an import would do, and every problem found. */
export interface ImportPlan {
  readonly rows: readonly PlannedRow[];
  /** Sorted by row number. */
  readonly problems: readonly RowProblem[];
  readonly newUnits: readonly NewUnit[];
  readonly newShifts: readonly NewShift[];
  /** Rows that repeat someone (`existing + repeats`; namesakes not included). */
  readonly duplicates: number;
  /** Rows that match a person already in the campaign. */
  readonly existing: number;
  /** Rows that repeat an earlier row of the same file. */
  readonly repeats: number;
  /** Rows with the same name and unit as someone, but likely another person (see `PlannedRow`). */
  readonly namesakes: number;
  /** Rows left out entirely (no name, name too long, not a person). */
  readonly skipped: number;
  /** Rows whose name looks damaged by a lossy export (`?` or U+FFFD). */
  readonly damaged: number;
  /** How day-and-month dates are read, or the question to ask. */
  readonly dates: DateReading;
  /** Columns with data and no use: open questions. */
  readonly unmapped: readonly UnmappedColumn[];
}

/** Planning options. */
export interface PlanOptions {
  /** The user's answer to "which order does the file use"; otherwise read from the file. */
  readonly dateOrder?: DateOrder;
  /** Structural problems found while parsing the file, listed with the others. */
  readonly fileProblems?: readonly CsvProblem[];
}

const DATE_FIELDS: ReadonlySet<FieldKey> = new Set(['card', 'cardDate', 'nextStepDue']);

function* dateCells(table: Table, mapping: Mapping): Generator<DateCell> {
  const cols = mapping.flatMap((f, i) => (f && DATE_FIELDS.has(f as FieldKey) ? [i] : []));
  if (cols.length === 0) return;
  for (const r of table.rows) for (const i of cols) yield { row: r.row, value: cellText(r.cells[i]) };
}

const shorten = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** Columns with data that the mapping leaves undecided (`null`). */
export function unmappedColumns(table: Table, mapping: Mapping): UnmappedColumn[] {
  const out: UnmappedColumn[] = [];
  table.columns.forEach((title, column) => {
    if ((mapping[column] ?? null) !== null) return;
    let filled = 0;
    let sample = '';
    for (const r of table.rows) {
      const v = (r.cells[column] ?? '').trim();
      if (!v) continue;
      filled++;
      if (!sample) sample = shorten(v);
    }
    if (filled > 0) out.push({ column, title, filled, sample });
  });
  return out;
}

/** Whether a plan still has a question for the user (then `applyImport` refuses it). */
export function hasOpenQuestions(plan: ImportPlan): boolean {
  return plan.unmapped.length > 0 || plan.dates.how === 'ask';
}

/**
 * Plans the import of `table` into the campaign `doc` with `mapping` (one entry per column).
 * @example
 * const plan = planImport(doc, table, guessMapping(table.columns));
 * plan.problems // [{ row: 7, code: 'missing-name', skipped: true }, …]
 * plan.dates.how // 'ask': every date reads both ways; plan again with { dateOrder: 'dmy' }
 */
export function planImport(
  doc: Space['doc'],
  table: Table,
  mapping: Mapping,
  options: PlanOptions = {},
): ImportPlan {
  const dates = readDateOrder(dateCells(table, mapping), options.dateOrder);
  const units = new UnitMatcher(listUnits(doc));
  const shifts = new ShiftMatcher(listShifts(doc));
  const people = listPeople(doc).people;
  const finder = new DuplicateFinder(people);
  const shiftName = new Map(listShifts(doc).map((s) => [s.id, s.name]));
  const personById = new Map(people.map((p) => [p.id, p]));
  const problems: RowProblem[] = (options.fileProblems ?? []).map((p) => ({
    row: p.row,
    code: p.code as ProblemCode,
    skipped: false,
  }));
  const rows: PlannedRow[] = [];
  const byRow = new Map<number, PlannedRow>();
  const counts = { skipped: 0, existing: 0, repeats: 0, namesakes: 0, damaged: 0 };
  const identityOf = (d: DuplicateOf): Identity | undefined => {
    if (d.kind === 'row') return byRow.get(d.row)?.draft;
    const p = personById.get(d.id);
    if (!p) return undefined;
    const shift = p.shiftId === undefined ? undefined : shiftName.get(p.shiftId);
    return {
      contacts: p.contacts,
      ...(shift ? { shift } : {}),
      ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}),
    };
  };
  for (const tableRow of table.rows) {
    const read = readRow(tableRow, mapping, { dateOrder: dates.order, columns: table.columns });
    problems.push(...read.problems);
    if (read.problems.some((p) => p.code === 'damaged-text')) counts.damaged++;
    const draft = read.draft;
    if (!draft) {
      counts.skipped++;
      continue;
    }
    const unit = draft.unitPath ? units.resolve(draft.unitPath) : undefined;
    const shift = draft.shift ? shifts.resolve(draft.shift) : undefined;
    const duplicate = finder.check(tableRow.row, draft.name, unit, draft.contacts);
    let compared: Partial<Pick<PlannedRow, 'differences' | 'namesake'>> = {};
    if (duplicate) {
      const other = identityOf(duplicate);
      const c = other ? compareIdentity(draft, other) : { differences: [], sharesContact: false };
      const namesake = duplicate.reason === 'name-unit' && isNamesake(c);
      compared = { differences: c.differences, ...(namesake ? { namesake } : {}) };
      if (namesake) counts.namesakes++;
      else if (duplicate.kind === 'person') counts.existing++;
      else counts.repeats++;
    }
    const planned: PlannedRow = {
      row: tableRow.row,
      draft,
      ...(unit ? { unit } : {}),
      ...(shift ? { shift } : {}),
      ...(duplicate ? { duplicate } : {}),
      ...compared,
    };
    rows.push(planned);
    byRow.set(planned.row, planned);
  }
  problems.sort((a, b) => a.row - b.row);
  return {
    rows,
    problems,
    newUnits: units.created,
    newShifts: shifts.created,
    duplicates: counts.existing + counts.repeats,
    ...counts,
    dates,
    unmapped: unmappedColumns(table, mapping),
  };
}
