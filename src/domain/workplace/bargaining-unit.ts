/**
 * The bargaining unit: how many coworkers the campaign is organizing, the denominator of every
 * campaign-wide percentage and card threshold. Without it, "4 of 11 cards (36%)" is measured
 * against the people someone happened to enter, while the workplace may be 100 strong (4%).
 *
 * Where the number comes from, in order:
 * 1. `set`: the committee's own figure, stored in the campaign's `meta` map (so every member's
 *    device shows the same denominator);
 * 2. `estimate`: the units' headcount estimates added up, as the map computes them (each top
 *    unit counts its estimate, or the people known there when more, plus the people not placed);
 * 3. `known`: the people in the campaign, when nobody has estimated anything yet.
 *
 * What must stay true: the denominator is never below the people known (more known than the
 * stated size means the size is out of date, flagged with `outdated`), so no share exceeds 100%
 * because of a stale figure; a stored value that is not a whole number in range reads as unset.
 */
import type * as Y from 'yjs';
import { type CommandContext, commit, run } from '../context';
import { DomainError } from '../errors';
import { LIMITS } from '../limits';
import { err, ok, type Result } from '../result';
import { collection } from '../schema';

/** Key of the committee's figure in the campaign's `meta` map. */
export const BARGAINING_UNIT_KEY = 'bargainingUnitSize';

/** Where the denominator came from. */
export type DenominatorSource = 'set' | 'estimate' | 'known';

/** The denominator of the campaign's percentages and thresholds, and how it was found. */
export interface BargainingUnit {
  /** The denominator: max(chosen figure, people known); 0 only with nobody known or estimated. */
  readonly size: number;
  readonly source: DenominatorSource;
  /** Live people in the campaign. */
  readonly known: number;
  /** The committee's figure, when one is stored. */
  readonly set?: number;
  /** The units' estimates added up, when any unit carries one. */
  readonly estimate?: number;
  /** True when more people are known than the chosen figure: the figure needs updating. */
  readonly outdated: boolean;
}

/**
 * The denominator for a campaign with `known` live people, the map's estimated total (`estimate`,
 * i.e. `mapModel(...).total.estimate`) and the committee's stored figure (`set`).
 * @example bargainingUnit({ known: 11, estimate: 100 }) // { size: 100, source: 'estimate', … }
 */
export function bargainingUnit(input: { known: number; estimate?: number; set?: number }): BargainingUnit {
  const known = Math.max(0, input.known);
  const chosen: { source: DenominatorSource; figure: number } =
    input.set !== undefined
      ? { source: 'set', figure: input.set }
      : input.estimate !== undefined
        ? { source: 'estimate', figure: input.estimate }
        : { source: 'known', figure: known };
  const out: { -readonly [K in keyof BargainingUnit]: BargainingUnit[K] } = {
    size: Math.max(known, chosen.figure),
    source: chosen.source,
    known,
    outdated: chosen.source !== 'known' && known > chosen.figure,
  };
  if (input.set !== undefined) out.set = input.set;
  if (input.estimate !== undefined) out.estimate = input.estimate;
  return out;
}

/** Why a typed bargaining-unit size was refused. */
export type SizeInputError = 'not-a-number' | 'negative' | 'not-whole' | 'too-large';

/**
 * Reads a size typed by an organizer: blank means "no figure" (`null`: use the estimate);
 * thousands separators and spaces are ignored ("1,200", "1.200", "1 200"). Anything else that is
 * not a whole number from 0 to `LIMITS.headcount` is refused with a reason the UI puts in words.
 * @example parseSizeInput('120') // ok(120);  parseSizeInput('-5') // err('negative')
 */
export function parseSizeInput(text: string): Result<number | null, SizeInputError> {
  const trimmed = text.trim();
  if (trimmed === '') return ok(null);
  const negative = /^[-−]/.test(trimmed);
  const digits = trimmed.replace(/^[-−+]/, '').replace(/[\s\u00a0\u202f]/g, '');
  // A separator followed by exactly three digits is a thousands separator in English or Spanish.
  const grouped = /^\d{1,3}([.,]\d{3})+$/.test(digits) ? digits.replace(/[.,]/g, '') : digits;
  if (/^\d+$/.test(grouped)) {
    if (negative && Number(grouped) !== 0) return err('negative');
    const n = Number(grouped);
    return n > LIMITS.headcount ? err('too-large') : ok(n);
  }
  if (/^\d*[.,]\d+$/.test(grouped)) return err(negative ? 'negative' : 'not-whole');
  return err('not-a-number');
}

/** The committee's stored figure, or `undefined` when unset or not a whole number in range. */
export function readBargainingUnitSize(doc: Y.Doc): number | undefined {
  const v = collection(doc, 'meta').get(BARGAINING_UNIT_KEY);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.headcount ? v : undefined;
}

/**
 * Stores the committee's figure (`null` clears it, so the units' estimates count again). Refused
 * with `invalid-number` unless a whole number from 0 to `LIMITS.headcount`; no write when unchanged.
 * @example setBargainingUnitSize(doc, 120, { by: deviceId })
 */
export function setBargainingUnitSize(doc: Y.Doc, size: number | null, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    if (
      size !== null &&
      (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > LIMITS.headcount)
    ) {
      throw new DomainError('invalid-number', { field: 'bargainingUnitSize', max: LIMITS.headcount });
    }
    const meta = collection(doc, 'meta');
    if (size === null) {
      if (meta.has(BARGAINING_UNIT_KEY)) commit(doc, ctx, () => meta.delete(BARGAINING_UNIT_KEY));
    } else if (meta.get(BARGAINING_UNIT_KEY) !== size) {
      commit(doc, ctx, () => meta.set(BARGAINING_UNIT_KEY, size));
    }
  });
}
