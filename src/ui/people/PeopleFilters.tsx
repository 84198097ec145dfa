/** The People list's filter panel: unit, shift, assessment, role, card, tag, assigned to, follow-up due. */
import { type Accessor, For, Show } from 'solid-js';
import type { Shift, UnitNode } from '../../domain';
import { formatNumber, type MessageKey, t } from '../kit/i18n';
import { assessmentLabel } from './format';
import type { MemberChoice } from './members';
import type { FilterName, PeopleFilterState } from './people-filters';

interface Option {
  value: string;
  label: string;
}

export function PeopleFilters(props: {
  state: PeopleFilterState;
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  tags: readonly [string, number][];
  members: readonly MemberChoice[];
}) {
  const select = (
    name: FilterName,
    label: MessageKey,
    options: Accessor<Option[]>,
    any: MessageKey = 'filters.any',
  ) => {
    const [value, set] = props.state.choices[name];
    const id = `filter-${name}`;
    return (
      <div class="filter">
        <label for={id}>{t(label)}</label>
        <select id={id} value={value()} onChange={(e) => set(e.currentTarget.value)}>
          <option value="">{t(any)}</option>
          <For each={options()}>{(o) => <option value={o.value}>{o.label}</option>}</For>
        </select>
      </div>
    );
  };

  return (
    <div id="people-filters" class="filters card">
      {select('unit', 'filters.unit', () => [
        ...props.units.map((u) => ({ value: u.id, label: u.path })),
        { value: 'none', label: t('filters.none') },
      ])}
      {select('shift', 'filters.shift', () => [
        ...props.shifts.map((s) => ({ value: s.id, label: s.name })),
        { value: 'none', label: t('filters.none') },
      ])}
      {select('assessment', 'filters.assessment', () => [
        ...([1, 2, 3, 4, 5] as const).map((a) => ({ value: String(a), label: assessmentLabel(a) })),
        { value: 'none', label: assessmentLabel(null) },
      ])}
      {select('role', 'filters.role', () => [
        { value: 'leader', label: t('filters.leader') },
        { value: 'committee', label: t('filters.committee') },
      ])}
      {select('card', 'filters.card', () => [
        { value: 'signed', label: t('filters.signed') },
        { value: 'unsigned', label: t('filters.unsigned') },
      ])}
      {select('tag', 'tags.filter', () =>
        props.tags.map(([tag, n]) => ({ value: tag, label: `${tag} (${formatNumber(n)})` })),
      )}
      {select(
        'assigned',
        'assign.label',
        () => [
          ...props.members.map((m) => ({ value: m.id, label: m.label })),
          { value: 'none', label: t('assign.nobody') },
        ],
        'assign.any',
      )}
      <label class="radio filter-due">
        <input
          type="checkbox"
          checked={props.state.due()}
          onChange={(e) => props.state.setDue(e.currentTarget.checked)}
        />
        {t('filters.due')}
      </label>
      <Show when={props.state.active() > 0}>
        <button type="button" onClick={() => props.state.clear()}>
          {t('filters.clear')}
        </button>
      </Show>
    </div>
  );
}
