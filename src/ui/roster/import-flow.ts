/**
 * The state of a roster import, step by step (pick a file, map its columns, review, done), and
 * what each step does. The screen's parts (RosterImport, MapStep) only show it and call these.
 */
import { createMemo, createSignal } from 'solid-js';
import {
  importRoster,
  planRosterImport,
  ROSTER_MAX_BYTES,
  type RosterPlanInput,
  readRosterFile,
} from '../../app/roster';
import type { Session } from '../../app/session';
import {
  type ColumnUse,
  type CsvProblem,
  type DateOrder,
  type DuplicateChoice,
  guessMapping,
  hasOpenQuestions,
  type ImportPlan,
  type ImportSummary,
  type Mapping,
  type PlannedRow,
  type Table,
  unmappedColumns,
} from '../../roster';
import { errorText, t } from '../kit/i18n';
import type { AskedColumn } from './ReviewQuestions';
import { importCount, rowChoice } from './roster-text';

export type Step = 'pick' | 'map' | 'review' | 'done';

/** Lets the browser paint a busy state before a long synchronous step. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The file being imported: its name, its table, the problems found reading it, and the mapping. */
function createFileState() {
  const [fileName, setFileName] = createSignal('');
  const [table, setTable] = createSignal<Table | null>(null);
  const [fileProblems, setFileProblems] = createSignal<readonly CsvProblem[]>([]);
  const [mapping, setMapping] = createSignal<Mapping>([]);
  return {
    fileName,
    setFileName,
    table,
    setTable,
    fileProblems,
    setFileProblems,
    mapping,
    setMapping,
    /** Gives one column a use (or none). */
    setColumn: (column: number, use: ColumnUse | null) =>
      setMapping((m) => m.map((f, j) => (j === column ? use : f))),
    /** A name is mapped: the import can go on to the review. */
    nameMapped: () => mapping().some((f) => f === 'name' || f === 'lastName'),
  };
}

/** The review: the plan, the answers to its questions and the choices for repeated people. */
function createReviewState() {
  /** The user's answer to "which order are this file's dates in"; `null` until asked and answered. */
  const [dateChoice, setDateChoice] = createSignal<DateOrder | null>(null);
  /** Columns the review asked about (kept listed after they are answered). */
  const [asked, setAsked] = createSignal<readonly AskedColumn[]>([]);
  const [plan, setPlan] = createSignal<ImportPlan | null>(null);
  const [choice, setChoice] = createSignal<DuplicateChoice>('skip');
  const [rowChoices, setRowChoices] = createSignal<Record<number, DuplicateChoice>>({});
  const choiceOf = (r: PlannedRow) => rowChoice(r, rowChoices(), choice());
  return {
    dateChoice,
    setDateChoice,
    asked,
    setAsked,
    plan,
    setPlan,
    choice,
    setChoice,
    rowChoices,
    setRowChoices,
    choiceOf,
    /** The plan still has a question open: the import waits for its answer. */
    open: () => {
      const p = plan();
      return p !== null && hasOpenQuestions(p);
    },
    /** Rows the import would write with the current choices. */
    importing: createMemo(() => {
      const p = plan();
      return p ? importCount(p, choiceOf) : 0;
    }),
  };
}

export function createImportFlow(session: Session) {
  const [step, setStep] = createSignal<Step>('pick');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [summary, setSummary] = createSignal<ImportSummary | null>(null);
  const file = createFileState();
  const review = createReviewState();
  const focus = { heading: undefined as HTMLElement | undefined };
  const planInput = (): RosterPlanInput => ({
    dateOrder: review.dateChoice(),
    fileProblems: file.fileProblems(),
  });
  return {
    session,
    step,
    busy,
    setBusy,
    error,
    setError,
    summary,
    setSummary,
    file,
    review,
    /** Where the focus goes on each step (the import's heading). */
    focus,
    go: (next: Step) => {
      setStep(next);
      queueMicrotask(() => focus.heading?.focus());
    },
    planInput,
    planNow: (table: Table) => planRosterImport(session, table, file.mapping(), planInput()),
  };
}
export type ImportFlow = ReturnType<typeof createImportFlow>;

/** Back to picking a file, everything forgotten. */
export function resetImport(f: ImportFlow): void {
  f.file.setTable(null);
  f.review.setPlan(null);
  f.setSummary(null);
  f.review.setRowChoices({});
  f.review.setChoice('skip');
  f.review.setDateChoice(null);
  f.review.setAsked([]);
  f.setError('');
  f.file.setFileName('');
  f.go('pick');
}

/** Reads the picked file and goes on to mapping its columns (guessed from the headers). */
export async function openFile(f: ImportFlow, input: HTMLInputElement): Promise<void> {
  const picked = input.files?.[0];
  if (!picked) return;
  f.setError('');
  if (picked.size > ROSTER_MAX_BYTES) {
    f.setError(t('roster.error.tooBig'));
    return;
  }
  f.setBusy(true);
  try {
    const read = readRosterFile(picked.name, new Uint8Array(await picked.arrayBuffer()));
    if (read.table.rows.length === 0) {
      f.setError(t('roster.error.empty'));
      return;
    }
    f.file.setFileName(picked.name);
    f.file.setTable(read.table);
    f.file.setFileProblems(read.problems);
    f.file.setMapping(guessMapping(read.table.columns));
    f.review.setRowChoices({});
    f.review.setDateChoice(null);
    f.go('map');
  } catch (e) {
    f.setError(t('error.generic', { code: String((e as Error)?.message ?? e) }));
  } finally {
    f.setBusy(false);
    input.value = '';
  }
}

/** From the mapping to the review: asks about unused columns with data, and plans. */
export async function startReview(f: ImportFlow): Promise<void> {
  const current = f.file.table();
  if (!current || !f.file.nameMapped()) return;
  f.setBusy(true);
  await nextFrame();
  // Asked once per visit to the review: the columns with data that nobody gave a use.
  f.review.setAsked(unmappedColumns(current, f.file.mapping()));
  f.review.setPlan(f.planNow(current));
  f.setBusy(false);
  f.go('review');
}

/** An answer on the review step: the plan is made again with it. */
function replan(f: ImportFlow): void {
  const current = f.file.table();
  if (current) f.review.setPlan(f.planNow(current));
}

/** The review's answer for an unused column. */
export function answerColumn(f: ImportFlow, column: number, use: ColumnUse | null): void {
  f.file.setColumn(column, use);
  replan(f);
}

/** The review's answer for the order of the file's dates. */
export function answerDates(f: ImportFlow, order: DateOrder): void {
  f.review.setDateChoice(order);
  replan(f);
}

/** Imports with the current choices; the result is announced once it is durable. */
export async function runImport(f: ImportFlow): Promise<void> {
  const current = f.file.table();
  if (!current || f.busy() || f.review.open()) return;
  f.setBusy(true);
  f.setError('');
  await nextFrame();
  try {
    const result = await importRoster(f.session, current, f.file.mapping(), f.planInput(), f.review.choiceOf);
    if (!result.ok) {
      f.setError(errorText(result.error.code));
      return;
    }
    f.setSummary(result.value);
    f.go('done');
  } catch (e) {
    f.setError(t('error.generic', { code: (e as { code?: string }).code ?? String(e) }));
  } finally {
    f.setBusy(false);
  }
}
