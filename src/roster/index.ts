/**
 * Bring your roster: read spreadsheets (CSV) and phone contacts (vCard) into the campaign, export
 * people and conversations to CSV, and lay out a printable roster. Imports only the domain (and
 * Papa Parse for CSV); writes only through domain commands, as one all-or-nothing batch.
 *
 * The import runs in four steps, each pure until the last:
 * `parseCsvBytes`/`parseVCardBytes` → `Table`; `guessMapping(table.columns)` → `Mapping` (the user
 * may change it); `planImport(doc, table, mapping)` → `ImportPlan` (people already here, repeats in
 * the file, likely namesakes, problems, new units/shifts, and open questions: columns with data and
 * no use, dates that read both ways); `applyImport(doc, plan, choice, ctx)` → one transaction,
 * refused while a question is open.
 */
export {
  applyImport,
  type Choose,
  type DuplicateChoice,
  decideRow,
  type ImportSummary,
  personInputOf,
} from './apply';
export {
  type CsvProblem,
  type CsvResult,
  DELIMITERS,
  detectDelimiter,
  parseCsvBytes,
  parseCsvText,
} from './csv';
export { type DateCell, type DateReading, readDateOrder } from './date-order';
export { type DecodedText, decodeText, type TextEncodingName } from './decode';
export { type PersonDraft, type ProblemCode, type RowProblem, readRow } from './draft';
export {
  conversationRows,
  type ExportLang,
  exportConversationsCsv,
  exportPeopleCsv,
  peopleRows,
  toCsv,
} from './export';
export {
  type ColumnUse,
  EXPORT_FIELDS,
  FIELDS,
  type FieldKey,
  guessField,
  guessMapping,
  HEADERS,
  headerKey,
  type Mapping,
  MULTI_FIELDS,
} from './fields';
export type { DuplicateOf, MatchReason, NewShift, NewUnit } from './match';
export { type MergeWrites, mergeWrites } from './merge';
export {
  type Comparison,
  compareIdentity,
  type FieldDifference,
  type Identity,
  type IdentityField,
  isNamesake,
} from './namesake';
export {
  hasOpenQuestions,
  type ImportPlan,
  type PlannedRow,
  type PlanOptions,
  planImport,
  type UnmappedColumn,
  unmappedColumns,
} from './plan';
export { type RosterFilter, type RosterGroup, type RosterLine, rosterGroups } from './print';
export type { Table, TableRow, TableSource } from './table';
export {
  cellText,
  type DateOrder,
  escapeFormula,
  guessDateOrder,
  INVALID,
  isSlashedDate,
  looksLossy,
  parseAssessment,
  parseDate,
  parseYesNo,
  slashedOrder,
  stripTextMarker,
  unescapeFormula,
} from './values';
export { parseVCardBytes, parseVCards, VCARD_COLUMNS, type VCardContact, vcardTable } from './vcard';
