/**
 * The People list's filter state: one signal per criterion, turned into a domain `PeopleFilter`.
 * Kept apart from the screen so the filter panel and the bulk actions read the same state.
 */
import { type Accessor, createMemo, createSignal, type Setter } from 'solid-js';
import { type Assessment, descendantUnitIds, type PeopleFilter, type UnitNode } from '../../domain';

/** `''`: any; `'none'`: not set; otherwise an id or value. */
export type Choice = string;

export interface PeopleFilterState {
  readonly query: Accessor<string>;
  readonly setQuery: Setter<string>;
  readonly choices: Record<FilterName, [Accessor<Choice>, Setter<Choice>]>;
  readonly due: Accessor<boolean>;
  readonly setDue: Setter<boolean>;
  /** How many criteria besides the text are on. */
  readonly active: Accessor<number>;
  readonly clear: () => void;
  readonly filter: Accessor<PeopleFilter>;
}

export const FILTER_NAMES = ['unit', 'shift', 'assessment', 'role', 'card', 'tag', 'assigned'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** Filter signals for a screen; `units` for unit roll-up, `today` for "follow-up due". */
export function createPeopleFilters(units: Accessor<readonly UnitNode[]>, today: string): PeopleFilterState {
  const [query, setQuery] = createSignal('');
  const [due, setDue] = createSignal(false);
  const choices = Object.fromEntries(FILTER_NAMES.map((n) => [n, createSignal<Choice>('')])) as Record<
    FilterName,
    [Accessor<Choice>, Setter<Choice>]
  >;
  const get = (n: FilterName) => choices[n][0]();

  const filter = createMemo<PeopleFilter>(() => {
    const f: PeopleFilter = { text: query() };
    const unit = get('unit');
    if (unit === 'none') f.unitId = null;
    else if (unit) f.unitId = descendantUnitIds(units() as UnitNode[], unit);
    const shift = get('shift');
    if (shift === 'none') f.shiftId = null;
    else if (shift) f.shiftId = shift;
    const assessment = get('assessment');
    if (assessment === 'none') f.assessment = null;
    else if (assessment) f.assessment = Number(assessment) as Assessment;
    if (get('role') === 'leader') f.leader = true;
    if (get('role') === 'committee') f.committee = true;
    if (get('card')) f.cardSigned = get('card') === 'signed';
    if (get('tag')) f.tag = get('tag');
    const assigned = get('assigned');
    if (assigned === 'none') f.assignedTo = null;
    else if (assigned) f.assignedTo = assigned;
    if (due()) f.followUpDue = today;
    return f;
  });

  return {
    query,
    setQuery,
    choices,
    due,
    setDue,
    active: () => FILTER_NAMES.filter((n) => get(n)).length + (due() ? 1 : 0),
    clear: () => {
      for (const n of FILTER_NAMES) choices[n][1]('');
      setDue(false);
    },
    filter,
  };
}
