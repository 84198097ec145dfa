import { Show } from 'solid-js';
import type { Chip } from '../../domain';
import { t } from '../kit/i18n';
import { assessmentLabel } from '../people/format';
import { chipName } from './map-format';

/** Drag data type of a person chip (only the record id travels; never a name). */
export const PERSON_DRAG_TYPE = 'application/x-shopfloor-person';

/**
 * One coworker on the chart: the assessment number on its colour (the number is always there,
 * so no one depends on telling colours apart), the name, and marks for committee (◆), leader (★)
 * and signed card (✓), each also spelled out for screen readers. A button: tap or Enter/Space
 * selects it for moving; with a mouse it can also be dragged to another cell.
 */
export function PersonChip(props: {
  chip: Chip;
  selected: boolean;
  onSelect: (chip: Chip) => void;
  onDragStart?: (chip: Chip) => void;
  onDragEnd?: () => void;
}) {
  const c = () => props.chip;
  const marks = () =>
    [
      c().committee && t('map.mark.committee'),
      c().leader && t('map.mark.leader'),
      c().card && t('map.mark.card'),
    ].filter(Boolean) as string[];
  return (
    <button
      type="button"
      class="map-chip"
      classList={{ selected: props.selected }}
      data-person-id={c().id}
      data-a={c().assessment ?? 0}
      aria-pressed={props.selected}
      draggable={true}
      onClick={() => props.onSelect(c())}
      onDragStart={(e) => {
        if (!e.dataTransfer) return;
        e.dataTransfer.setData(PERSON_DRAG_TYPE, c().id);
        e.dataTransfer.effectAllowed = 'move';
        props.onDragStart?.(c());
      }}
      onDragEnd={() => props.onDragEnd?.()}
    >
      <span class="map-chip-a" aria-hidden="true">
        {c().assessment ?? '–'}
      </span>
      <span class="map-chip-name">{chipName(c())}</span>
      <Show when={c().committee || c().leader || c().card}>
        <span class="map-chip-marks" aria-hidden="true">
          {c().committee ? '◆' : ''}
          {c().leader ? '★' : ''}
          {c().card ? '✓' : ''}
        </span>
      </Show>
      <span class="visually-hidden">
        {`, ${assessmentLabel(c().assessment)}`}
        {marks().length > 0 ? `, ${marks().join(', ')}` : ''}
      </span>
    </button>
  );
}
