/**
 * Words for the roster screens: field names, row problems and duplicate reasons, built from the
 * roster layer's codes (the layer itself has no words).
 */
import {
  type ColumnUse,
  type DuplicateChoice,
  type DuplicateOf,
  decideRow,
  type FieldKey,
  type ImportPlan,
  type PlannedRow,
  type ProblemCode,
  type RowProblem,
  type TableSource,
} from '../../roster';
import { formatNumber, type MessageKey, t } from '../kit/i18n';

/** "Name", "Card signed", "Keep in the note", … in the UI language. */
export function fieldName(field: ColumnUse): string {
  return t(field === 'skip' ? 'roster.field.none' : (`roster.field.${field}` as MessageKey));
}

/** "Row 7" for a spreadsheet, "Contact 3" for a vCard file. */
export function rowLabel(format: TableSource['format'], row: number): string {
  return t(format === 'vcard' ? 'roster.contactN' : 'roster.rowN', { n: formatNumber(row) });
}

/** One problem as a sentence, e.g. 'Row 4 · Assessment: “very keen” is not a rating we know. Imported without it.' */
export function problemText(format: TableSource['format'], p: RowProblem): string {
  const what = t(`roster.problem.${p.code satisfies ProblemCode}` as MessageKey, { value: p.value ?? '' });
  const field =
    p.field && p.code !== 'missing-name' && p.code !== 'name-too-long' && p.code !== 'damaged-text'
      ? `${fieldName(p.field as FieldKey)}: `
      : '';
  const outcome = p.skipped
    ? t('roster.problem.skipped')
    : p.code === 'damaged-text'
      ? t('roster.problem.kept')
      : p.code.startsWith('unclosed') || p.code === 'malformed'
        ? ''
        : t('roster.problem.dropped');
  return `${rowLabel(format, p.row)} · ${field}${what}${outcome ? ` ${outcome}` : ''}`;
}

/** Why a row looks like someone already known (for a likely namesake: whom it shares a name with). */
export function duplicateText(format: TableSource['format'], d: DuplicateOf, namesake = false): string {
  if (namesake) {
    return d.kind === 'person'
      ? t('roster.namesake.person', { name: d.name })
      : t('roster.namesake.row', { row: rowLabel(format, d.row) });
  }
  const reason = t(`roster.dup.${d.reason}` as MessageKey);
  return d.kind === 'person'
    ? t('roster.dup.person', { name: d.name, reason })
    : t('roster.dup.row', { row: rowLabel(format, d.row), reason });
}

/**
 * The choice in force for a row: the user's own for that row, else the one for all repeats
 * (likely namesakes are added unless chosen otherwise; see `decideRow`).
 */
export function rowChoice(
  r: PlannedRow,
  rowChoices: Record<number, DuplicateChoice>,
  all: DuplicateChoice,
): DuplicateChoice {
  return rowChoices[r.row] ?? decideRow(r, all);
}

/** How many rows a plan would write with the given choices. */
export function importCount(plan: ImportPlan, choiceOf: (r: PlannedRow) => DuplicateChoice): number {
  return plan.rows.filter((r) => choiceOf(r) !== 'skip').length;
}

/** The file's encoding, in words. */
export function encodingName(source: TableSource): string {
  return t(`roster.encoding.${source.encoding}` as MessageKey);
}

/** The separator, in words ("commas", "semicolons"…). */
export function delimiterName(delimiter: string | undefined): string {
  const key =
    delimiter === ';' ? 'semicolon' : delimiter === '\t' ? 'tab' : delimiter === '|' ? 'pipe' : 'comma';
  return t(`roster.delimiter.${key}` as MessageKey);
}
