/**
 * Reading one cell: what a spreadsheet user may have typed for a yes/no, an assessment, a date or a
 * list, in English or Spanish, and the formula-injection escape that exports add and imports undo.
 * Pure functions; each returns the value, `undefined` for a blank cell, or `INVALID`.
 */
import { type Assessment, isIsoDate, normalizeSearch } from '../domain';

/** A cell that was not blank but could not be read. */
export const INVALID = Symbol('invalid');
/** `INVALID`'s type. */
export type Invalid = typeof INVALID;

/**
 * Cells that a spreadsheet would run as a formula start with one of these. Exports prefix such a
 * cell with an apostrophe (OWASP's advice for CSV injection); so that the prefix can always be
 * undone, a cell that is already apostrophes followed by one of these gets one more.
 */
const FORMULA = /^'*[=+\-@\t\r]/;

/**
 * A phone number as people write it: an optional `+`, then only digits, spaces and `( ) . - /`,
 * with at least 7 digits. Such a cell cannot call a function, reach another cell or run a command
 * (at worst a spreadsheet shows it as a number), so it is left as it is: in a CSV the apostrophe is
 * NOT hidden the way a typed one is, and every organizer would see (and dial) `'+34 600…`.
 */
const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;
const isPhoneLike = (value: string) => PHONE_LIKE.test(value) && value.replace(/\D+/g, '').length >= 7;

/** Makes a cell safe to open in a spreadsheet (see `FORMULA`; phone numbers pass as they are). */
export function escapeFormula(value: string): string {
  return FORMULA.test(value) && !isPhoneLike(value) ? `'${value}` : value;
}

/**
 * A contact or date cell without the apostrophe a spreadsheet user typed to keep it as text
 * (`'0034 600…`, `'+34 600…`, `'2025-03-01`): in the exported file it is a visible character,
 * never part of a number.
 */
export function stripTextMarker(cell: string): string {
  return cell.replace(/^'+(?=[\s\d+(])/, '').trim();
}

/** Undoes `escapeFormula` (a hand-typed `'=…` also reads as the text it shows). */
export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA.test(cell) ? cell.slice(1) : cell;
}

/** A cell's text as imported: outer white space trimmed, export escape undone. */
export function cellText(raw: string | undefined): string {
  return unescapeFormula((raw ?? '').trim());
}

/** Comparison key of a short cell; memoized, since the same few words fill whole columns. */
const keys = new Map<string, string>();
function key(s: string): string {
  let k = keys.get(s);
  if (k === undefined) {
    k = normalizeSearch(s.replace(/[^\p{L}\p{N}]+/gu, ' '));
    if (keys.size > 4096) keys.clear();
    keys.set(s, k);
  }
  return k;
}

const YES = new Set(
  [
    'yes',
    'y',
    'true',
    't',
    'x',
    '1',
    'si',
    's',
    'verdadero',
    'v',
    'ok',
    'signed',
    'firmada',
    'firmado',
    'firmo',
  ].map(key),
);
const NO = new Set(
  ['no', 'n', 'false', 'f', '0', 'falso', 'not signed', 'unsigned', 'no firmada', 'sin firmar'].map(key),
);
const YES_MARKS = new Set(['✓', '✔', '☑', '✅']);
const NO_MARKS = new Set(['-', '✗', '✘', '☐', '—', '–']);

/** Yes/no in English or Spanish (also `x`, `1`, `✓`). */
export function parseYesNo(cell: string): boolean | undefined | Invalid {
  if (!cell) return undefined;
  if (YES_MARKS.has(cell)) return true;
  if (NO_MARKS.has(cell)) return false;
  const k = key(cell);
  if (YES.has(k)) return true;
  if (NO.has(k)) return false;
  return INVALID;
}

const ASSESSMENT_WORDS: Record<string, Assessment> = {};
for (const [words, value] of [
  [['active supporter', 'active', 'activist', 'apoyo activo', 'activo', 'activa', 'activista'], 1],
  [['supporter', 'support', 'pro', 'a favor', 'simpatizante', 'partidario', 'partidaria', 'apoya'], 2],
  [['undecided', 'unsure', 'neutral', 'maybe', 'indeciso', 'indecisa', 'tal vez', 'no sabe'], 3],
  [['opposed', 'against', 'anti', 'en contra', 'opuesto', 'opuesta', 'opositor', 'opositora'], 4],
  [['hostile', 'hostil'], 5],
] as const) {
  for (const w of words) ASSESSMENT_WORDS[key(w)] = value;
}
const NOT_ASSESSED = new Set(
  ['not assessed', 'unassessed', 'unknown', 'sin evaluar', 'desconocido', '0', '?'].map(key),
);

/**
 * An assessment: `1`–`5` (also "2 - Supporter"), or the scale's words in English or Spanish.
 * "Not assessed" reads as blank: an import never clears a rating.
 */
export function parseAssessment(cell: string): Assessment | undefined | Invalid {
  if (!cell || cell === '?') return undefined;
  const digit = /^\s*([1-5])(?:[.,]0+)?(?![\d.,])/.exec(cell);
  if (digit) return Number(digit[1]) as Assessment;
  const k = key(cell);
  if (!k || NOT_ASSESSED.has(k)) return undefined;
  return ASSESSMENT_WORDS[k] ?? INVALID;
}

/** Which way a slashed date is read when both parts could be a day. */
export type DateOrder = 'dmy' | 'mdy';

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;
const SLASHED = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?: .*)?$/;

/** Whether a cell is a day-and-month date (`03/10/2026`), whose order a reader must know. */
export function isSlashedDate(cell: string): boolean {
  return !ISO.test(cell) && SLASHED.test(cell);
}

/**
 * What a slashed date says about the order: `'dmy'` when its first part is over 12, `'mdy'` when
 * its second is, `null` when both parts could be a month.
 */
export function slashedOrder(cell: string): DateOrder | null {
  const m = ISO.test(cell) ? null : SLASHED.exec(cell);
  if (!m) return null;
  if (Number(m[1]) > 12 && Number(m[2]) <= 12) return 'dmy';
  if (Number(m[2]) > 12 && Number(m[1]) <= 12) return 'mdy';
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date as `YYYY-MM-DD`: ISO (`2025-03-14`, `2025/3/14`, with or without a time) or day and month
 * with a 2- or 4-digit year, read in `order` (`14/03/2025` dmy, `03/14/2025` mdy).
 */
export function parseDate(cell: string, order: DateOrder): string | undefined | Invalid {
  if (!cell) return undefined;
  let y: number;
  let m: number;
  let d: number;
  const iso = ISO.exec(cell);
  const slashed = iso ? null : SLASHED.exec(cell);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (slashed) {
    const a = Number(slashed[1]);
    const b = Number(slashed[2]);
    const yy = slashed[3] as string;
    y = yy.length === 2 ? (Number(yy) < 70 ? 2000 : 1900) + Number(yy) : Number(yy);
    [d, m] = order === 'dmy' ? [a, b] : [b, a];
  } else return INVALID;
  const date = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  return isIsoDate(date) ? date : INVALID;
}

/**
 * The reading order that fits every slashed date in a column: a first part over 12 means day
 * first, a second part over 12 means month first; when nothing tells, `fallback`.
 */
export function guessDateOrder(cells: Iterable<string>, fallback: DateOrder): DateOrder {
  for (const cell of cells) {
    const order = slashedOrder(cell);
    if (order) return order;
  }
  return fallback;
}

/** Splits a multi-value cell (tags, several phones) on semicolons, line breaks or `extra`. */
export function splitList(cell: string, extra: RegExp | null = null): string[] {
  const parts = cell.split(/[;\n\r]+/);
  const out = extra ? parts.flatMap((p) => p.split(extra)) : parts;
  return out.map((p) => p.trim()).filter(Boolean);
}

/** A unit path: `Inbound › Dock 3` or `Inbound > Dock 3` → `['Inbound', 'Dock 3']`. */
export function splitUnitPath(cell: string): string[] {
  return cell
    .split(/[›>]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Whether text was damaged by a lossy export: `?` (what a spreadsheet writes for a letter its
 * code page cannot hold, e.g. "Jos? Mu?oz") or U+FFFD (what a wrong decoding leaves). Only names
 * are checked for `?`: a note may ask a question.
 */
export function looksLossy(text: string, isName: boolean): boolean {
  return text.includes('\uFFFD') || (isName && text.includes('?'));
}

/** Phone numbers compared by their last 9 digits (country codes and punctuation vary). */
export function phoneKey(value: string): string | null {
  const digits = value.replace(/\D+/g, '');
  return digits.length >= 7 ? digits.slice(-9) : null;
}

/** Emails compared case-insensitively. */
export function emailKey(value: string): string | null {
  const v = value.trim().toLowerCase();
  return v.includes('@') ? v : null;
}
