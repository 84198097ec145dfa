import { createEffect, createMemo, createSignal, on, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { campaignArriving } from '../../app/sync-state';
import {
  createPeopleSearch,
  listShifts,
  listUnits,
  peopleIndex,
  type Shift,
  tagsInUse,
  type UnitNode,
} from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { formatNumber, t } from '../kit/i18n';
import { nextTask } from '../kit/sliced';
import { Arriving } from '../shell/Arriving';
import { BulkActions } from './BulkActions';
import { localToday } from './format';
import { createMemberChoices, type MemberChoice } from './members';
import { PeopleFilters } from './PeopleFilters';
import { PeopleList } from './PeopleList';
import { createPeopleFilters, type PeopleFilterState } from './people-filters';
import { QuickAdd } from './QuickAdd';

/**
 * People: search as you type (name, code name, phone number, tag), filter by unit, shift,
 * assessment, role, card, tag, who they are assigned to and follow-up due; change the filtered
 * list at once (assign, tag, shift); quick-add by name. A keystroke tests only the last matches when
 * the query narrows (domain/people/search.ts), and the list renders only the rows on screen, so a
 * 30,000-person campaign costs about what a screenful does.
 */
export function People(props: { session: Session }) {
  const doc = props.session.campaign.doc;
  const members = createMemberChoices(props.session);
  const people = createDocQuery(doc, (d) => peopleIndex(d).people());
  const units = createDocQuery(doc, (d) => listUnits(d));
  const shifts = createDocQuery(doc, (d) => listShifts(d));
  const tags = createMemo(() => tagsInUse(people()));
  const today = localToday();
  const filters = createPeopleFilters(units, today);
  // Narrows from the last keystroke's matches; each list's keys are filled in slices ahead of typing.
  const search = createPeopleSearch();
  const shown = createMemo(() => search.filter(people(), filters.filter()));
  createEffect(on(people, (list) => void search.prime(list, { between: nextTask })));
  return (
    <section class="screen">
      <div id="people-head">
        <h1>{t('people.title')}</h1>
        <QuickAdd session={props.session} />
        <PeopleSearch filters={filters} units={units()} shifts={shifts()} tags={tags()} members={members()} />
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
      <PeopleList
        people={people()}
        shown={shown()}
        units={units()}
        shifts={shifts()}
        members={members()}
        today={today}
      />
    </section>
  );
}

/** The search field and the Filters toggle (with how many are on), and the filter panel. */
function PeopleSearch(props: {
  filters: PeopleFilterState;
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  tags: readonly [string, number][];
  members: readonly MemberChoice[];
}) {
  const [open, setOpen] = createSignal(false);
  const filters = props.filters;
  return (
    <>
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
          units={props.units}
          shifts={props.shifts}
          tags={props.tags}
          members={props.members}
        />
      </Show>
    </>
  );
}
