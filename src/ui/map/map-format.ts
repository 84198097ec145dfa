/**
 * Small shared pieces of the map screens: cell keys, percentages and names as the chart shows
 * them, and the "show code names" choice (kept for the session, so a chart shown or printed in a
 * meeting can hide real names).
 */
import { createSignal } from 'solid-js';
import type { Chip, CoverageWarning } from '../../domain';
import { lang, type MessageKey } from '../kit/i18n';

const [codeNames, setCodeNames] = createSignal(false);

/** True when chips show a person's code name (where they have one) instead of their name. */
export { codeNames, setCodeNames };

/** Key of a cell: unit id (or empty: not placed) and shift id (or empty: no shift). */
export function cellKey(unitId: string | null, shiftId: string | null): string {
  return `${unitId ?? ''}|${shiftId ?? ''}`;
}

/** "42%" in the UI language, rounded to a whole percent. */
export function percent(value: number): string {
  return new Intl.NumberFormat(lang(), { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** The name a chip shows. */
export function chipName(chip: Pick<Chip, 'name' | 'codeName'>): string {
  return codeNames() && chip.codeName ? chip.codeName : chip.name;
}

/** The message of a coverage warning. */
export const WARNING_TEXT: Record<CoverageWarning, MessageKey> = {
  'no-committee': 'map.warn.noCommittee',
  'no-leader': 'map.warn.noLeader',
};

/**
 * `next`, reusing the objects of `prev` whose content did not change, so a `<For>` keeps its rows
 * (and an open edit form keeps what is typed) when something else in the doc changes.
 */
export function keepStable<T extends { id: string }>(
  prev: readonly T[] | undefined,
  next: readonly T[],
): T[] {
  const old = new Map((prev ?? []).map((x) => [x.id, x]));
  const out = next.map((x) => {
    const before = old.get(x.id);
    return before !== undefined && JSON.stringify(before) === JSON.stringify(x) ? before : x;
  });
  return prev && prev.length === out.length && out.every((x, i) => x === prev[i]) ? (prev as T[]) : out;
}
