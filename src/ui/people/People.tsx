import { createWindowVirtualizer } from '@tanstack/solid-virtual';
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { campaignArriving } from '../../app/sync-state';
import { filterPeople, listShifts, listUnits, peopleIndex, tagsInUse } from '../../domain';
import { createDocVersion } from '../kit/doc-signal';
import { formatNumber, t } from '../kit/i18n';
import { Arriving } from '../shell/Arriving';
import { BulkActions } from './BulkActions';
import { localToday } from './format';
import { assigneeLabel, createMemberChoices } from './members';
import { PeopleFilters } from './PeopleFilters';
import { PersonRow } from './PersonRow';
import { createPeopleFilters } from './people-filters';
import { QuickAdd } from './QuickAdd';

/** Every row is this tall (CSS `.vrow`), so the virtualizer never has to measure. */
const ROW = 64;

/**
 * People: search as you type (name, code name, phone number, tag), filter by unit, shift,
 * assessment, role, card, tag, who they are assigned to and follow-up due; change the filtered
 * list at once (assign, tag, shift); quick-add by name. The list is virtualized against the window
 * scroll, so 10,000 coworkers cost as much to render as a screenful.
 */
export function People(props: { session: Session }) {
  const store = props.session.campaign;
  const version = createDocVersion(store.doc);
  const [open, setOpen] = createSignal(false);
  const members = createMemberChoices(props.session);

  const people = createMemo(() => {
    version();
    return peopleIndex(store.doc).people();
  });
  const units = createMemo(() => {
    version();
    return listUnits(store.doc);
  });
  const shifts = createMemo(() => {
    version();
    return listShifts(store.doc);
  });
  const tags = createMemo(() => tagsInUse(people()));
  const unitPath = createMemo(() => new Map(units().map((u) => [u.id, u.path])));
  const shiftName = createMemo(() => new Map(shifts().map((s) => [s.id, s.name])));
  const anyAssigned = createMemo(() => people().some((p) => p.assignedTo !== undefined));
  const today = localToday();
  const filters = createPeopleFilters(units, today);
  const shown = createMemo(() => filterPeople(people(), filters.filter()));

  let listEl: HTMLUListElement | undefined;
  const [margin, setMargin] = createSignal(0);
  const measure = () => {
    if (listEl) setMargin(listEl.getBoundingClientRect().top + window.scrollY);
  };
  const virtualizer = createWindowVirtualizer({
    get count() {
      return shown().length;
    },
    estimateSize: () => ROW,
    overscan: 8,
    get scrollMargin() {
      return margin();
    },
    getItemKey: (i) => shown()[i]?.id ?? i,
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
    <section class="screen">
      <div id="people-head">
        <h1>{t('people.title')}</h1>
        <QuickAdd session={props.session} />
        <div class="row search-row">
          <label for="people-search" class="visually-hidden">
            {t('people.searchLabel')}
          </label>
          <input
            id="people-search"
            type="search"
            autocomplete="off"
            placeholder={t('people.searchAll')}
            value={filters.query()}
            onInput={(e) => filters.setQuery(e.currentTarget.value)}
          />
          <button
            type="button"
            aria-expanded={open()}
            aria-controls="people-filters"
            onClick={() => setOpen(!open())}
            classList={{ 'filters-on': filters.active() > 0 }}
          >
            {filters.active() > 0 ? t('filters.active', { n: filters.active() }) : t('filters.title')}
          </button>
        </div>
        <Show when={open()}>
          <PeopleFilters
            state={filters}
            units={units()}
            shifts={shifts()}
            tags={tags()}
            members={members()}
          />
        </Show>
        <p class="muted" aria-live="polite" data-testid="people-count">
          {shown().length === people().length
            ? t('people.count', { n: formatNumber(shown().length) })
            : t('people.showing', {
                shown: formatNumber(shown().length),
                total: formatNumber(people().length),
              })}
        </p>
        <Show when={shown().length > 0}>
          <BulkActions
            session={props.session}
            people={shown}
            members={members()}
            shifts={shifts()}
            tags={tags()}
          />
        </Show>
        <Show when={people().length === 0}>
          <Show when={campaignArriving()} fallback={<p>{t('people.empty')}</p>}>
            <Arriving />
          </Show>
        </Show>
        <Show when={people().length > 0 && shown().length === 0}>
          <p>{t('people.none')}</p>
        </Show>
      </div>
      <ul
        ref={listEl}
        class="list vlist"
        aria-label={t('people.list')}
        style={{ height: `${virtualizer.getTotalSize()}px` }}
      >
        <For each={virtualizer.getVirtualItems()}>
          {(item) => (
            <Show when={shown()[item.index]} keyed>
              {(person) => (
                <li
                  class="vrow"
                  aria-setsize={shown().length}
                  aria-posinset={item.index + 1}
                  style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
                >
                  <PersonRow
                    person={person}
                    where={where(person.unitId, person.shiftId)}
                    today={today}
                    assignee={
                      anyAssigned() && person.assignedTo
                        ? assigneeLabel(person.assignedTo, members())
                        : undefined
                    }
                  />
                </li>
              )}
            </Show>
          )}
        </For>
      </ul>
    </section>
  );
}
