import { createWindowVirtualizer } from '@tanstack/solid-virtual';
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import {
  type Assessment,
  createPerson,
  descendantUnitIds,
  filterPeople,
  listPeople,
  listShifts,
  listUnits,
  type PeopleFilter,
  type Person,
  peopleIndex,
} from '../../domain';
import { Arriving } from '../components/Arriving';
import { assessmentLabel, localToday } from '../components/field/format';
import { errorText, formatNumber, type MessageKey, t } from '../i18n';
import { createDocVersion } from '../state/doc-signal';
import type { Session } from '../state/session';
import { campaignArriving } from '../state/sync-state';

/** Every row is this tall (CSS `.vrow`), so the virtualizer never has to measure. */
const ROW = 64;

type Choice = '' | string;

/**
 * People: filter as you type (name or code name) and by unit, shift, assessment, role, card and
 * follow-up; quick-add by name (the field clears, confirming the save, only once it is durable). The list is virtualized
 * against the window scroll, so 10,000 coworkers cost as much to render as a screenful.
 */
export function People(props: { session: Session }) {
  const store = props.session.campaign;
  const version = createDocVersion(store.doc);
  const [query, setQuery] = createSignal('');
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal('');
  const [saving, setSaving] = createSignal(false);
  const [open, setOpen] = createSignal(false);
  const [unit, setUnit] = createSignal<Choice>('');
  const [shift, setShift] = createSignal<Choice>('');
  const [assessment, setAssessment] = createSignal<Choice>('');
  const [role, setRole] = createSignal<Choice>('');
  const [card, setCard] = createSignal<Choice>('');
  const [due, setDue] = createSignal(false);

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
  const unitPath = createMemo(() => new Map(units().map((u) => [u.id, u.path])));
  const shiftName = createMemo(() => new Map(shifts().map((s) => [s.id, s.name])));
  const today = localToday();

  const filter = createMemo<PeopleFilter>(() => {
    const f: PeopleFilter = { text: query() };
    if (unit() === 'none') f.unitId = null;
    else if (unit()) f.unitId = descendantUnitIds(units(), unit());
    if (shift() === 'none') f.shiftId = null;
    else if (shift()) f.shiftId = shift();
    if (assessment() === 'none') f.assessment = null;
    else if (assessment()) f.assessment = Number(assessment()) as Assessment;
    if (role() === 'leader') f.leader = true;
    if (role() === 'committee') f.committee = true;
    if (card()) f.cardSigned = card() === 'signed';
    if (due()) f.followUpDue = today;
    return f;
  });
  const activeFilters = () =>
    [unit(), shift(), assessment(), role(), card()].filter(Boolean).length + (due() ? 1 : 0);
  const shown = createMemo(() => filterPeople(people(), filter()));
  const clearFilters = () => {
    setUnit('');
    setShift('');
    setAssessment('');
    setRole('');
    setCard('');
    setDue(false);
  };

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

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    if (saving()) return;
    const submitted = name();
    const result = createPerson(store.doc, { name: submitted }, { by: props.session.deviceId });
    if (!result.ok) {
      setError(errorText(result.error.code));
      return;
    }
    setSaving(true);
    try {
      await store.flush();
      // Saved: clear the field, unless the next name was already typed while this one was saving.
      if (name() === submitted) setName('');
      setError('');
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'write-failed';
      // A full disk is already announced by the storage banner; the typed name stays in the field.
      setError(code === 'quota-exceeded' ? '' : errorText(code));
    } finally {
      setSaving(false);
    }
  };

  const select = (
    id: string,
    label: MessageKey,
    value: () => string,
    set: (v: string) => void,
    options: () => { value: string; label: string }[],
  ) => (
    <div class="filter">
      <label for={id}>{t(label)}</label>
      <select id={id} value={value()} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">{t('filters.any')}</option>
        <For each={options()}>{(o) => <option value={o.value}>{o.label}</option>}</For>
      </select>
    </div>
  );

  const row = (person: Person) => {
    const where = [
      person.unitId && unitPath().get(person.unitId),
      person.shiftId && shiftName().get(person.shiftId),
    ]
      .filter(Boolean)
      .join(' · ');
    const flags = [
      person.card.signed && t('people.cardSigned'),
      person.leader && t('people.leader'),
      person.committee && t('people.committee'),
      person.nextFollowUp && person.nextFollowUp.due <= today && t('people.due'),
    ].filter(Boolean) as string[];
    return (
      <a href={`#/people/${encodeURIComponent(person.id)}`} class="person-row">
        <span class="badge" data-a={person.assessment ?? 0} aria-hidden="true">
          {person.assessment ?? '–'}
        </span>
        <span class="person-main">
          <span class="person-name">
            {person.name}
            <Show when={person.codeName}>
              <span class="muted"> ({person.codeName})</span>
            </Show>
          </span>
          <span class="person-sub muted">
            <span class="visually-hidden">{assessmentLabel(person.assessment)}. </span>
            {where}
            <Show when={flags.length > 0}>
              <span class="flags">
                <Show when={person.card.signed}>
                  <span class="flag card-flag" aria-hidden="true">
                    ✓
                  </span>
                </Show>
                <Show when={person.leader || person.committee}>
                  <span class="flag" aria-hidden="true">
                    ★
                  </span>
                </Show>
                <Show when={person.nextFollowUp && person.nextFollowUp.due <= today}>
                  <span class="flag due-flag" aria-hidden="true">
                    ⏰
                  </span>
                </Show>
                <span class="visually-hidden">. {flags.join(', ')}</span>
              </span>
            </Show>
          </span>
        </span>
      </a>
    );
  };

  return (
    <section class="screen">
      <div id="people-head">
        <h1>{t('people.title')}</h1>
        <form class="stack card" onSubmit={add} novalidate>
          <label for="quick-add">{t('people.quickAdd')}</label>
          <div class="row">
            <input
              id="quick-add"
              type="text"
              autocomplete="off"
              maxlength="200"
              placeholder={t('people.namePlaceholder')}
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              aria-invalid={error() ? 'true' : undefined}
              aria-describedby={error() ? 'quick-add-error' : undefined}
            />
            <button type="submit" class="primary" disabled={saving()}>
              {t('people.add')}
            </button>
          </div>
          <Show when={error()}>
            <p id="quick-add-error" class="error" role="alert">
              {error()}
            </p>
          </Show>
        </form>
        <div class="row search-row">
          <label for="people-search" class="visually-hidden">
            {t('people.search')}
          </label>
          <input
            id="people-search"
            type="search"
            autocomplete="off"
            placeholder={t('people.searchShort')}
            value={query()}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <button
            type="button"
            aria-expanded={open()}
            aria-controls="people-filters"
            onClick={() => setOpen(!open())}
            classList={{ 'filters-on': activeFilters() > 0 }}
          >
            {activeFilters() > 0 ? t('filters.active', { n: activeFilters() }) : t('filters.title')}
          </button>
        </div>
        <Show when={open()}>
          <div id="people-filters" class="filters card">
            {select('filter-unit', 'filters.unit', unit, setUnit, () => [
              ...units().map((u) => ({ value: u.id, label: u.path })),
              { value: 'none', label: t('filters.none') },
            ])}
            {select('filter-shift', 'filters.shift', shift, setShift, () => [
              ...shifts().map((s) => ({ value: s.id, label: s.name })),
              { value: 'none', label: t('filters.none') },
            ])}
            {select('filter-assessment', 'filters.assessment', assessment, setAssessment, () => [
              ...([1, 2, 3, 4, 5] as const).map((a) => ({ value: String(a), label: assessmentLabel(a) })),
              { value: 'none', label: assessmentLabel(null) },
            ])}
            {select('filter-role', 'filters.role', role, setRole, () => [
              { value: 'leader', label: t('filters.leader') },
              { value: 'committee', label: t('filters.committee') },
            ])}
            {select('filter-card', 'filters.card', card, setCard, () => [
              { value: 'signed', label: t('filters.signed') },
              { value: 'unsigned', label: t('filters.unsigned') },
            ])}
            <label class="radio filter-due">
              <input type="checkbox" checked={due()} onChange={(e) => setDue(e.currentTarget.checked)} />
              {t('filters.due')}
            </label>
            <Show when={activeFilters() > 0}>
              <button type="button" onClick={clearFilters}>
                {t('filters.clear')}
              </button>
            </Show>
          </div>
        </Show>
        <p class="muted" aria-live="polite" data-testid="people-count">
          {shown().length === people().length
            ? t('people.count', { n: formatNumber(shown().length) })
            : t('people.showing', {
                shown: formatNumber(shown().length),
                total: formatNumber(people().length),
              })}
        </p>
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
                  {row(person)}
                </li>
              )}
            </Show>
          )}
        </For>
      </ul>
    </section>
  );
}
