import { type Accessor, createMemo, For, Show } from 'solid-js';
import type { MapModel, Person } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { chipName } from './map-format';
import { StatsSummary } from './StatsSummary';

/** ", committee, leader, card signed" for screen readers (the symbols are hidden from them). */
export function marksText(p: Pick<Person, 'committee' | 'leader' | 'card'>): string {
  const marks = [
    p.committee && t('map.mark.committee'),
    p.leader && t('map.mark.leader'),
    p.card.signed && t('map.mark.card'),
  ].filter(Boolean);
  return marks.length > 0 ? `, ${marks.join(', ')}` : '';
}

/** The symbols of a person's marks (◆ committee, ★ leader, ✓ card), and the same in words for screen readers. */
export function PersonMarks(props: { person: Pick<Person, 'committee' | 'leader' | 'card'> }) {
  return (
    <>
      <span aria-hidden="true">
        {props.person.committee ? ' ◆' : ''}
        {props.person.leader ? ' ★' : ''}
        {props.person.card.signed ? ' ✓' : ''}
      </span>
      <span class="visually-hidden">{marksText(props.person)}</span>
    </>
  );
}

/** A person as a list item linking to their page: assessment badge, name (and marks, if asked). */
export function PersonLink(props: { person: Person; marks?: boolean }) {
  const p = () => props.person;
  return (
    <li>
      <a href={`#/people/${encodeURIComponent(p().id)}`}>
        <span class="badge small" data-a={p().assessment ?? 0} aria-hidden="true">
          {p().assessment ?? '–'}
        </span>{' '}
        {chipName(p())}
        <Show when={props.marks}>
          <PersonMarks person={p()} />
        </Show>
      </a>
    </li>
  );
}

/** People listed per shift before "and N more". */
const LIST_LIMIT = 60;

/**
 * One unit's people (the unit and its sub-units), shift by shift, each a link to their page:
 * what a floor-plan pin opens.
 */
export function UnitPeople(props: { unitId: string; model: Accessor<MapModel>; onClose: () => void }) {
  const data = createMemo(() => {
    const m = props.model();
    const row = m.rows.find((r) => r.unit?.id === props.unitId);
    if (!row?.unit) return null;
    const inUnit = m.rows.filter(
      (r) => r.unit && (r.unit.id === props.unitId || r.unit.ancestors.includes(props.unitId)),
    );
    const groups = m.columns.map((col, c) => {
      const people: Person[] = inUnit.flatMap((r) => r.cells[c]?.people ?? []);
      return { name: col.shift?.name ?? t('map.noShift'), people };
    });
    return { row, unit: row.unit, groups: groups.filter((g) => g.people.length > 0) };
  });
  return (
    <Show when={data()}>
      {(d) => (
        <section class="card map-unit-people" aria-labelledby="map-unit-people-title">
          <div class="map-unit-people-head">
            <h3 id="map-unit-people-title">{d().unit.path}</h3>
            <button type="button" onClick={() => props.onClose()}>
              {t('map.close')}
            </button>
          </div>
          <StatsSummary stats={d().row.total} />
          <Show when={d().groups.length > 0} fallback={<p>{t('map.plan.nobody')}</p>}>
            <For each={d().groups}>
              {(g) => (
                <>
                  <h4 class="small-heading">
                    {g.name} ({formatNumber(g.people.length)})
                  </h4>
                  <ul class="list compact">
                    <For each={g.people.slice(0, LIST_LIMIT)}>{(p) => <PersonLink person={p} marks />}</For>
                  </ul>
                  <Show when={g.people.length > LIST_LIMIT}>
                    <p class="muted">{t('map.andMore', { n: formatNumber(g.people.length - LIST_LIMIT) })}</p>
                  </Show>
                </>
              )}
            </For>
          </Show>
        </section>
      )}
    </Show>
  );
}
