/**
 * One table row read through a column mapping into a `PersonDraft`, with the row's problems.
 *
 * A row without a name (or with one too long to store) is skipped; any other unreadable cell
 * (an unknown assessment, a bad date, an unknown yes/no, text over its limit) is left out of the
 * draft and reported, and the rest of the row still imports. Every limit is checked here, against
 * the domain's `LIMITS`, so that the import itself cannot be refused halfway.
 *
 * Columns kept as a note add "Title: value" lines to the person's note. A name with `?` or U+FFFD
 * (a lossy export) still imports, flagged `damaged-text` so the user can fix the file first.
 */
import {
  type Assessment,
  type CardStatus,
  type Contact,
  type ContactKind,
  type FollowUp,
  LIMITS,
} from '../domain';
import type { FieldKey, Mapping } from './fields';
import type { TableRow } from './table';
import {
  cellText,
  type DateOrder,
  INVALID,
  isSlashedDate,
  looksLossy,
  parseAssessment,
  parseDate,
  parseYesNo,
  splitList,
  splitUnitPath,
  stripTextMarker,
} from './values';

/** What the file says about one person (absent = the file says nothing). */
export interface PersonDraft {
  readonly name: string;
  readonly codeName?: string;
  /** Unit path segments, root first. */
  readonly unitPath?: readonly string[];
  readonly shift?: string;
  readonly jobTitle?: string;
  readonly contacts: readonly Contact[];
  readonly assessment?: Assessment;
  readonly leader?: boolean;
  readonly committee?: boolean;
  readonly card?: CardStatus;
  readonly tags: readonly string[];
  readonly language?: string;
  readonly nextFollowUp?: FollowUp;
  readonly notes?: string;
}

/** Why (part of) a row did not import. */
export type ProblemCode =
  | 'missing-name'
  | 'name-too-long'
  | 'unknown-assessment'
  | 'bad-date'
  | 'unknown-yes-no'
  | 'unknown-card'
  | 'next-step-needs-date'
  | 'too-long'
  | 'too-many'
  | 'unclosed-quote'
  | 'malformed'
  | 'damaged-text'
  | 'organization';

/** A problem found in one row. `skipped`: the whole row was left out; else only `field`. */
export interface RowProblem {
  readonly row: number;
  readonly code: ProblemCode;
  readonly field?: FieldKey;
  /** The cell as written (shortened), to show the user. */
  readonly value?: string;
  readonly skipped: boolean;
}

/** How the row is read. */
export interface DraftOptions {
  /**
   * How day-and-month dates are read; `null` while the user has not said (such dates are then left
   * out of the draft: the plan holds the open question, and nothing imports until it is answered).
   */
  readonly dateOrder: DateOrder | null;
  /** Column titles, for the "Title: value" lines of columns kept as a note. */
  readonly columns?: readonly string[];
}

const CONTACT_FIELDS: Partial<Record<FieldKey, ContactKind>> = {
  phone: 'phone',
  email: 'email',
  signal: 'signal',
  whatsapp: 'whatsapp',
  otherContact: 'other',
};
const CONTACT_ORDER: readonly FieldKey[] = ['phone', 'email', 'signal', 'whatsapp', 'otherContact'];

const shorten = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);

/** Fields whose cells lose a spreadsheet's text-marker apostrophe (see `stripTextMarker`). */
const MARKED: ReadonlySet<FieldKey> = new Set<FieldKey>([
  'phone',
  'whatsapp',
  'signal',
  'card',
  'cardDate',
  'nextStepDue',
]);

/** The row's cells per field (several columns may feed one multi-value field). */
function cellsByField(row: TableRow, mapping: Mapping, columns: readonly string[]): Map<FieldKey, string[]> {
  const out = new Map<FieldKey, string[]>();
  const push = (field: FieldKey, text: string) => {
    const list = out.get(field);
    if (list) list.push(text);
    else out.set(field, [text]);
  };
  const kept: string[] = [];
  mapping.forEach((use, i) => {
    if (!use || use === 'skip') return;
    let text = cellText(row.cells[i]);
    if (use !== 'note' && MARKED.has(use)) text = stripTextMarker(text);
    if (!text) return;
    if (use === 'note') kept.push(`${columns[i] || `#${i + 1}`}: ${text}`);
    else push(use, text);
  });
  // Columns kept as a note come after the note column itself, one "Title: value" line each.
  if (kept.length > 0) push('notes', kept.join('\n'));
  return out;
}

type Report = (code: ProblemCode, field: FieldKey, value?: string) => void;
type Cells = Map<FieldKey, string[]>;
type Draft = { -readonly [K in keyof PersonDraft]: PersonDraft[K] };

/** Single-line fields: a line break inside a cell becomes a space ("Lee⏎Wong" → "Lee Wong"). */
const oneLine = (v: string) => v.replace(/\s*[\r\n\t]+\s*/g, ' ');

/** The row's name (first name and last names joined), or the problem that skips the row. */
function readName(row: TableRow, cells: Cells): { name: string } | { problem: RowProblem } {
  const first = cells.get('name')?.[0];
  const lastNames = (cells.get('lastName') ?? []).map(oneLine);
  const name = [first === undefined ? undefined : oneLine(first), ...lastNames].filter(Boolean).join(' ');
  if (row.skip === 'organization') {
    return {
      problem: {
        row: row.row,
        code: 'organization',
        skipped: true,
        ...(name ? { value: shorten(name) } : {}),
      },
    };
  }
  if (!name) return { problem: { row: row.row, code: 'missing-name', field: 'name', skipped: true } };
  if (name.length > LIMITS.name) {
    return {
      problem: { row: row.row, code: 'name-too-long', field: 'name', value: shorten(name), skipped: true },
    };
  }
  return { name };
}

/** The contacts of every contact column, in a fixed order of kinds, without repeats. */
function readContacts(cells: Cells, report: Report): Contact[] {
  const contacts: Contact[] = [];
  for (const field of CONTACT_ORDER) {
    const kind = CONTACT_FIELDS[field] as ContactKind;
    for (const cell of cells.get(field) ?? []) {
      for (const value of splitList(cell, kind === 'email' ? /[,\s]+/ : null)) {
        if (value.length > LIMITS.contactValue) report('too-long', field, value);
        else if (!contacts.some((c) => c.kind === kind && c.value === value)) contacts.push({ kind, value });
      }
    }
  }
  if (contacts.length > LIMITS.contacts) report('too-many', 'phone', String(contacts.length));
  return contacts.slice(0, LIMITS.contacts);
}

/** The tags of every tags column (comma-separated), without repeats. */
function readTags(cells: Cells, report: Report): string[] {
  const tags: string[] = [];
  for (const cell of cells.get('tags') ?? []) {
    for (const tag of splitList(cell, /,/)) {
      if (tag.length > LIMITS.tag) report('too-long', 'tags', tag);
      else if (!tags.includes(tag)) tags.push(tag);
    }
  }
  if (tags.length > LIMITS.tags) report('too-many', 'tags', String(tags.length));
  return tags.slice(0, LIMITS.tags);
}

/** The assessment and the leader and committee flags, into `draft`. */
function readRatings(one: (field: FieldKey) => string | undefined, draft: Draft, report: Report): void {
  const assessmentCell = one('assessment');
  if (assessmentCell) {
    const a = parseAssessment(assessmentCell);
    if (a === INVALID) report('unknown-assessment', 'assessment', assessmentCell);
    else if (a !== undefined) draft.assessment = a;
  }
  for (const field of ['leader', 'committee'] as const) {
    const cell = one(field);
    if (!cell) continue;
    const v = parseYesNo(cell);
    if (v === INVALID) report('unknown-yes-no', field, cell);
    else if (v !== undefined) draft[field] = v;
  }
}

/** The next step: its text and due date (a step needs a date). */
function readNextStep(
  stepText: string | undefined,
  stepDue: string | undefined,
  options: DraftOptions,
  report: Report,
): FollowUp | undefined {
  if (stepText === undefined && stepDue === undefined) return undefined;
  const due = stepDue === undefined ? undefined : dateOf(stepDue, options.dateOrder);
  if (due === PENDING) {
    // The date order is still an open question of the plan: nothing to say about this row yet.
  } else if (due === INVALID) report('bad-date', 'nextStepDue', stepDue);
  else if (stepText !== undefined && stepText.length > LIMITS.followUpText)
    report('too-long', 'nextStep', stepText);
  else if (due === undefined) report('next-step-needs-date', 'nextStep', stepText);
  else return { text: stepText ?? '', due };
  return undefined;
}

/**
 * Reads one row. Returns no draft when the row is skipped.
 * @example readRow({ row: 2, cells: ['Ana', '2'] }, ['name', 'assessment'], { dateOrder: 'dmy' })
 */
export function readRow(
  row: TableRow,
  mapping: Mapping,
  options: DraftOptions,
): { draft?: PersonDraft; problems: RowProblem[] } {
  const cells = cellsByField(row, mapping, options.columns ?? []);
  const problems: RowProblem[] = [];
  const report: Report = (code, field, value) =>
    problems.push({ row: row.row, code, field, skipped: false, ...(value ? { value: shorten(value) } : {}) });
  const one = (field: FieldKey) => {
    const v = cells.get(field)?.[0];
    return v === undefined || field === 'notes' ? v : oneLine(v);
  };
  const text = (field: FieldKey, max: number): string | undefined => {
    const v = one(field);
    if (v !== undefined && v.length > max) {
      report('too-long', field, v);
      return undefined;
    }
    return v;
  };

  const named = readName(row, cells);
  if ('problem' in named) return { problems: [named.problem] };
  const { name } = named;
  if (looksLossy(name, true)) report('damaged-text', 'name', name);
  const draft: Draft = { name, contacts: [], tags: [] };
  const set = <K extends keyof PersonDraft>(k: K, v: PersonDraft[K] | undefined) => {
    if (v !== undefined) draft[k] = v;
  };
  set('codeName', text('codeName', LIMITS.codeName));
  set('jobTitle', text('jobTitle', LIMITS.jobTitle));
  set('language', text('language', LIMITS.language));
  set('shift', text('shift', LIMITS.shiftName));

  const unit = one('unit');
  if (unit) {
    const path = splitUnitPath(unit);
    if (path.some((s) => s.length > LIMITS.unitName)) report('too-long', 'unit', unit);
    else if (path.length > 0) draft.unitPath = path;
  }
  draft.contacts = readContacts(cells, report);
  draft.tags = readTags(cells, report);

  const notes = cells.get('notes')?.join('\n');
  if (notes !== undefined && notes.length > LIMITS.notes) report('too-long', 'notes', notes);
  else set('notes', notes);

  readRatings(one, draft, report);
  draft.card = readCard(one('card'), one('cardDate'), options, report);
  if (draft.card === undefined) delete draft.card;
  const step = readNextStep(one('nextStep'), one('nextStepDue'), options, report);
  if (step) draft.nextFollowUp = step;
  return { draft, problems };
}

/** A slashed date while the order is not known: neither read nor reported (see `DraftOptions`). */
const PENDING = Symbol('pending');

function dateOf(cell: string, order: DateOrder | null): string | undefined | typeof INVALID | typeof PENDING {
  if (order === null && isSlashedDate(cell)) return PENDING;
  return parseDate(cell, order ?? 'dmy');
}

function readCard(
  cell: string | undefined,
  dateCell: string | undefined,
  options: DraftOptions,
  report: (code: ProblemCode, field: FieldKey, value?: string) => void,
): CardStatus | undefined {
  let signed: boolean | undefined;
  let date: string | undefined;
  if (cell) {
    const yes = parseYesNo(cell);
    if (yes !== INVALID) signed = yes;
    else {
      const d = dateOf(cell, options.dateOrder);
      if (d === PENDING) signed = true;
      else if (d === INVALID || d === undefined) report('unknown-card', 'card', cell);
      else [signed, date] = [true, d];
    }
  }
  if (dateCell) {
    const d = dateOf(dateCell, options.dateOrder);
    if (d === PENDING) signed ??= true;
    else if (d === INVALID) report('bad-date', 'cardDate', dateCell);
    else if (d !== undefined) {
      date = d;
      signed ??= true;
    }
  }
  if (signed === undefined) return undefined;
  return signed && date ? { signed, date } : { signed };
}
