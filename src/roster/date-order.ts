/**
 * Which way a file writes its day-and-month dates. `03/10/2026` is 3 October in Spain and March 10
 * in the US; reading it by the phone's language would silently move every card date of a file
 * written elsewhere. So the order comes from the file itself (one date with a part over 12 settles
 * it), and when every such date could be read both ways the user is asked, once per file.
 * ISO dates (`2026-10-03`) are never ambiguous and never asked about.
 */
import { type DateOrder, isSlashedDate, slashedOrder } from './values';

/** A cell of a date column and its row. */
export interface DateCell {
  readonly row: number;
  readonly value: string;
}

/** How the file's day-and-month dates are read. */
export interface DateReading {
  /** Day-and-month dates found in the mapped date columns. */
  readonly slashed: number;
  /** The order used; `null` while the question is open (`ask`). */
  readonly order: DateOrder | null;
  /**
   * `none`: no such dates; `chosen`: the user's answer; `inferred`: shown by the file (`evidence`);
   * `ask`: every such date reads both ways, or the file shows both orders (`mixed`).
   */
  readonly how: 'none' | 'chosen' | 'inferred' | 'ask';
  /** The first date that settles the order (a part over 12), when one does. */
  readonly evidence?: DateCell & { readonly order: DateOrder };
  /** A date to show in the question (the first day-and-month date). */
  readonly example?: DateCell;
  /** Dates with a day over 12 appear in both positions: some will not read, whatever is chosen. */
  readonly mixed: boolean;
}

/**
 * Reads the order from a file's date cells, or takes the user's `chosen` order.
 * @example readDateOrder([{ row: 2, value: '03/10/2026' }, { row: 3, value: '25/03/2026' }])
 * // { how: 'inferred', order: 'dmy', evidence: { row: 3, value: '25/03/2026', order: 'dmy' }, … }
 */
export function readDateOrder(cells: Iterable<DateCell>, chosen?: DateOrder): DateReading {
  let slashed = 0;
  let example: DateCell | undefined;
  const first: Partial<Record<DateOrder, DateCell>> = {};
  for (const cell of cells) {
    if (!isSlashedDate(cell.value)) continue;
    const order = slashedOrder(cell.value);
    slashed++;
    example ??= cell;
    if (order && !first[order]) first[order] = cell;
  }
  const mixed = first.dmy !== undefined && first.mdy !== undefined;
  const shown: DateOrder | null = mixed ? null : first.dmy ? 'dmy' : first.mdy ? 'mdy' : null;
  const evidence = shown ? { ...(first[shown] as DateCell), order: shown } : undefined;
  const base = { slashed, mixed, ...(example ? { example } : {}), ...(evidence ? { evidence } : {}) };
  if (slashed === 0) return { ...base, order: chosen ?? null, how: chosen ? 'chosen' : 'none' };
  if (chosen) return { ...base, order: chosen, how: 'chosen' };
  if (shown) return { ...base, order: shown, how: 'inferred' };
  return { ...base, order: null, how: 'ask' };
}
