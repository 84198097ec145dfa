import { createWindowVirtualizer } from '@tanstack/solid-virtual';
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { Person, Shift, UnitNode } from '../../domain';
import { t } from '../kit/i18n';
import { assigneeLabel, type MemberChoice } from './members';
import { PersonRow } from './PersonRow';

/** Every row is this tall (CSS `.vrow`), so the virtualizer never has to measure. */
const ROW = 64;

/**
 * The People list, virtualized against the window scroll: only the rows on screen (and a few
 * either side) are in the DOM. The list starts below `#people-head`, whose height is watched.
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
  const [margin, setMargin] = createSignal(0);
  const measure = () => {
    if (listEl) setMargin(listEl.getBoundingClientRect().top + window.scrollY);
  };
  const virtualizer = createWindowVirtualizer({
    get count() {
      return props.shown.length;
    },
    estimateSize: () => ROW,
    overscan: 8,
    get scrollMargin() {
      return margin();
    },
    getItemKey: (i) => props.shown[i]?.id ?? i,
  });
  onMount(() => {
    measure();
    const observer = new ResizeObserver(measure);
    const head = document.getElementById('people-head');
    if (head) observer.observe(head);
    onCleanup(() => observer.disconnect());
  });
  const where = (unitId?: string, shiftId?: string) =>
    [unitId && unitPath().get(unitId), shiftId && shiftName().get(shiftId)].filter(Boolean).join(' · ');
  return (
    <ul
      ref={listEl}
      class="list vlist"
      aria-label={t('people.list')}
      style={{ height: `${virtualizer.getTotalSize()}px` }}
    >
      <For each={virtualizer.getVirtualItems()}>
        {(item) => (
          <Show when={props.shown[item.index]} keyed>
            {(person) => (
              <li
                class="vrow"
                aria-setsize={props.shown.length}
                aria-posinset={item.index + 1}
                style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
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
          </Show>
        )}
      </For>
    </ul>
  );
}
