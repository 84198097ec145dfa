/**
 * CSV export of survey results: aggregates only (what the results screen shows), never single
 * responses and never free text. Suppressed questions and cells are written as "suppressed".
 * Cells are quoted when needed, and text that a spreadsheet would run as a formula (starting with
 * = + - @ or a tab) is prefixed with an apostrophe.
 */
import type { Aggregate, SurveyResults } from './results';
import type { SurveyQuestion } from './types';

/** Words the CSV needs, in the reader's language. */
export interface CsvLabels {
  header: readonly [string, string, string, string, string, string, string];
  all: string;
  unit: string;
  shift: string;
  notGiven: string;
  suppressed: string;
  mean: string;
  points: string;
  firstChoice: string;
  count: string;
  freeTextNotExported: string;
}

/** English labels (the UI passes translated ones). */
export const CSV_LABELS_EN: CsvLabels = {
  header: ['question', 'type', 'breakdown', 'group', 'option', 'measure', 'value'],
  all: 'all',
  unit: 'unit',
  shift: 'shift',
  notGiven: 'not given',
  suppressed: 'suppressed',
  mean: 'mean',
  points: 'points',
  firstChoice: 'ranked first',
  count: 'count',
  freeTextNotExported: 'free text is not exported',
};

/** One CSV field, quoted when needed and defused against spreadsheet formulas. */
export function csvField(value: string | number): string {
  let s = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function aggregateRows(
  q: SurveyQuestion,
  a: Aggregate,
  labels: CsvLabels,
): [string, string, string | number][] {
  const rows: [string, string, string | number][] = [];
  if (q.kind === 'scale') {
    a.counts.forEach((n, i) => {
      rows.push([String(i + 1), labels.count, n]);
    });
    rows.push(['', labels.mean, a.mean ?? 0]);
  } else if (q.kind === 'ranking') {
    q.options.forEach((o, i) => {
      rows.push([o, labels.points, a.counts[i] ?? 0]);
      rows.push([o, labels.firstChoice, a.first?.[i] ?? 0]);
    });
  } else {
    q.options.forEach((o, i) => {
      rows.push([o, labels.count, a.counts[i] ?? 0]);
    });
  }
  rows.push(['', 'n', a.n]);
  return rows;
}

/**
 * The results as CSV text (CRLF line ends, as RFC 4180 says).
 *
 * @example
 * const text = resultsCsv(results, CSV_LABELS_EN);
 */
export function resultsCsv(results: SurveyResults, labels: CsvLabels = CSV_LABELS_EN): string {
  const lines: string[] = [labels.header.map(csvField).join(',')];
  const push = (...fields: (string | number)[]) => lines.push(fields.map(csvField).join(','));
  for (const r of results.questions) {
    const q = r.question;
    if (r.suppressed) {
      push(q.text, q.kind, labels.all, '', '', labels.suppressed, '');
      continue;
    }
    if (q.kind === 'text') {
      push(q.text, q.kind, labels.all, '', '', labels.freeTextNotExported, r.counted);
      continue;
    }
    if (r.overall) {
      for (const [option, measure, value] of aggregateRows(q, r.overall, labels)) {
        push(q.text, q.kind, labels.all, '', option, measure, value);
      }
    }
    for (const b of r.breakdowns) {
      const dimension = b.dimension === 'unit' ? labels.unit : labels.shift;
      for (const cell of b.cells) {
        const group = cell.label ?? labels.notGiven;
        if (cell.suppressed || !cell.aggregate) {
          push(q.text, q.kind, dimension, group, '', labels.suppressed, '');
          continue;
        }
        for (const [option, measure, value] of aggregateRows(q, cell.aggregate, labels)) {
          push(q.text, q.kind, dimension, group, option, measure, value);
        }
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
