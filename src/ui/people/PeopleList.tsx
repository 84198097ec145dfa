import { createMemo, createSignal, For, onCleanup, onMount } from 'solid-js';
import type { Person, Shift, UnitNode } from '../../domain';
import { t } from '../kit/i18n';
import { assigneeLabel, type MemberChoice } from './members';
import { PersonRow } from './PersonRow';

/** Every row is this tall (CSS `.vrow`), so which rows are on screen is arithmetic, never measured. */
const ROW = 64;
/** Rows kept in the DOM above and below the screen. */
const OVERSCAN = 8;

/**
 * The People list, virtualized against the window scroll: only the rows on screen (and a few
 * either side) are in the DOM. The list starts below `#people-head`, whose height is watched.
 * Which rows show is worked out from the scroll position and the fixed row height alone, so a
 * keystroke that changes the matches costs the same at 30,000 people as at 30 (a general
 * virtualizer re-measures every item when their count changes). Rows are keyed by person: one that
 * stays on screen as the matches narrow keeps its DOM and only moves.
 */
export function PeopleList(props: {
  /** Everyone (to know whether anyone is assigned at all). */
  people: readonly Person[];
  /** The filtered list shown. */
  shown: readonly Person[];
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  members: readonly MemberChoice[];
  today: string;
}) {
  const unitPath = createMemo(() => new Map(props.units.map((u) => [u.id, u.path])));
  const shiftName = createMemo(() => new Map(props.shifts.map((s) => [s.id, s.name])));
  const anyAssigned = createMemo(() => props.people.some((p) => p.assignedTo !== undefined));
  let listEl: HTMLUListElement | undefined;
  const range = createRowWindow(
    () => props.shown.length,
    () => listEl,
  );
  const rows = createMemo(() => props.shown.slice(range().first, range().last));
  const where = (unitId?: string, shiftId?: string) =>
    [unitId && unitPath().get(unitId), shiftId && shiftName().get(shiftId)].filter(Boolean).join(' · ');
  return (
    <ul
      ref={listEl}
      class="list vlist"
      aria-label={t('people.list')}
      style={{ height: `${props.shown.length * ROW}px` }}
    >
      <For each={rows()}>
        {(person, i) => (
          <li
            class="vrow"
            aria-setsize={props.shown.length}
            aria-posinset={range().first + i() + 1}
            style={{ transform: `translateY(${(range().first + i()) * ROW}px)` }}
          >
            <PersonRow
              person={person}
              where={where(person.unitId, person.shiftId)}
              today={props.today}
              assignee={
                anyAssigned() && person.assignedTo
                  ? assigneeLabel(person.assignedTo, props.members)
                  : undefined
              }
            />
          </li>
        )}
      </For>
    </ul>
  );
}

/**
 * Which rows of a list of `count()` fixed-height rows are on screen (plus `OVERSCAN` either side):
 * `first` and one past the `last` index, from the window's scroll and height and the list's top,
 * which is measured again when `#people-head` or the window changes size.
 */
function createRowWindow(count: () => number, list: () => HTMLElement | undefined) {
  /** The list's top in page coordinates, the window's scroll and height. */
  const [margin, setMargin] = createSignal(0);
  const [scrollY, setScrollY] = createSignal(window.scrollY);
  const [height, setHeight] = createSignal(window.innerHeight);
  const measure = () => {
    const el = list();
    if (el) setMargin(el.getBoundingClientRect().top + window.scrollY);
  };
  onMount(() => {
    measure();
    const observer = new ResizeObserver(measure);
    const head = document.getElementById('people-head');
    if (head) observer.observe(head);
    const onScroll = () => setScrollY(window.scrollY);
    const onResize = () => {
      setHeight(window.innerHeight);
      measure();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onResize);
    onCleanup(() => {
      observer.disconnect();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
    });
  });
  return createMemo(
    () => {
      const top = scrollY() - margin();
      const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
      const last = Math.min(count(), Math.ceil((top + height()) / ROW) + OVERSCAN);
      return { first, last: Math.max(first, last) };
    },
    undefined,
    { equals: (a, b) => a.first === b.first && a.last === b.last },
  );
}
