/**
 * A file read for import, whatever its format: named columns and rows of text cells. CSV files and
 * vCard files both become a `Table`, so mapping, duplicate checks and the import are shared.
 */
import type { TextEncodingName } from './decode';

/** One data row: its cells (as many as `Table.columns`) and where it came from in the file. */
export interface TableRow {
  /**
   * The row's number as a spreadsheet shows it (the header is row 1; a cell with a line break is
   * still one row) or, for vCards, the contact's position in the file (1-based).
   */
  readonly row: number;
  readonly cells: readonly string[];
  /**
   * Set by a reader that knows the row is not a person (a vCard of a company): the import lists
   * it as left out, with this reason, instead of adding it.
   */
  readonly skip?: 'organization';
}

/** How the table was read. */
export interface TableSource {
  readonly format: 'csv' | 'vcard';
  readonly encoding: TextEncodingName;
  /** CSV only: the separator found. */
  readonly delimiter?: string;
}

/** A whole file as columns and rows. */
export interface Table {
  /** Column titles from the header; an untitled column is `''`. */
  readonly columns: readonly string[];
  /** Data rows; blank rows are left out (their numbers are skipped, not reused). */
  readonly rows: readonly TableRow[];
  readonly source: TableSource;
}
