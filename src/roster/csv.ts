/**
 * Reads a spreadsheet export (CSV) into a `Table` with Papa Parse, a well-kept parser that handles
 * quoted fields with separators, doubled quotes and line breaks inside cells.
 *
 * Around the parser, this module decides what it cannot know: the separator (comma, semicolon —
 * what spreadsheets in Spanish and most of Europe write — or tab) and the line ending, both read
 * from the header line, where quotes are rare; an Excel `sep=;` first line is honoured. Blank rows
 * and trailing untitled empty columns are dropped; row numbers stay those a spreadsheet shows.
 */
import Papa from 'papaparse';
import { decodeText, type TextEncodingName } from './decode';
import type { Table, TableRow } from './table';

/** Separators recognised, most common first (the first wins a tie). */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** A problem with the file's structure, reported with the row where it starts. */
export interface CsvProblem {
  readonly row: number;
  readonly code: 'unclosed-quote' | 'malformed';
}

/** A parsed CSV: the table plus structural problems (the table holds what could be read). */
export interface CsvResult {
  readonly table: Table;
  readonly problems: readonly CsvProblem[];
}

/** The header line: everything up to the first line break outside quotes. */
function headerLine(text: string): { line: string; newline: '\r\n' | '\n' | '\r' } {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      const newline = c === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
      return { line: text.slice(0, i), newline };
    }
  }
  return { line: text, newline: '\n' };
}

/** The separator used by a header line: the candidate found most often outside quotes. */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: string = DELIMITERS[0];
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

const SEP_LINE = /^sep=(.)$/i;

/**
 * Parses CSV text (already decoded) into a table.
 * @example const { table, problems } = parseCsvText('Name;Unit\r\nAna;Dock 3\r\n');
 */
export function parseCsvText(input: string, encoding: TextEncodingName = 'utf-8'): CsvResult {
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let { line, newline } = headerLine(text);
  let delimiter: string | undefined;
  let offset = 1; // row number of the header
  const sep = SEP_LINE.exec(line.trim());
  if (sep) {
    delimiter = sep[1];
    text = text.slice(line.length + newline.length);
    ({ line, newline } = headerLine(text));
    offset = 2;
  }
  delimiter ??= detectDelimiter(line);

  const parsed = Papa.parse<string[]>(text, {
    delimiter,
    newline,
    header: false,
    skipEmptyLines: false,
    quoteChar: '"',
    escapeChar: '"',
  });
  const problems: CsvProblem[] = parsed.errors.map((e) => ({
    row: (e.row ?? 0) + offset,
    code: e.code === 'MissingQuotes' ? 'unclosed-quote' : 'malformed',
  }));

  const records = parsed.data;
  const header = (records[0] ?? []).map((h) => h.trim());
  const rows: TableRow[] = [];
  let width = header.length;
  for (let i = 1; i < records.length; i++) {
    const cells = records[i] ?? [];
    let last = cells.length - 1;
    while (last >= 0 && (cells[last] ?? '').trim() === '') last--;
    if (last < 0) continue; // a blank row, or one of separators only
    width = Math.max(width, last + 1);
    rows.push({ row: i + offset, cells });
  }
  // Trailing columns with no title and no content are spreadsheet residue: drop them.
  while (
    width > 0 &&
    (header[width - 1] ?? '') === '' &&
    rows.every((r) => !(r.cells[width - 1] ?? '').trim())
  )
    width--;
  const columns = Array.from({ length: width }, (_, i) => header[i] ?? '');
  const sized = rows.map((r) =>
    r.cells.length === width
      ? r
      : { row: r.row, cells: Array.from({ length: width }, (_, i) => r.cells[i] ?? '') },
  );
  return { table: { columns, rows: sized, source: { format: 'csv', encoding, delimiter } }, problems };
}

/** Decodes and parses a CSV file's bytes. */
export function parseCsvBytes(bytes: Uint8Array): CsvResult {
  const { text, encoding } = decodeText(bytes);
  return parseCsvText(text, encoding);
}
