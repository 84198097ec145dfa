import { createEffect, createSignal, For } from 'solid-js';
import type { Shift, UnitNode } from '../../domain';
import { t } from '../kit/i18n';
import type { Selection } from './MapChart';

/**
 * The move bar, shown while a chip is selected: the same move as "Move here" in a cell, made
 * with two menus (the keyboard- and screen-reader-friendly way, and the way to reach a cell that
 * is scrolled out of sight), plus a link to the person and a way out (Cancel or Escape).
 */
export function MoveBar(props: {
  selection: Selection;
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  onMove: (personId: string, unitId: string | null, shiftId: string | null) => void;
  onCancel: () => void;
}) {
  const [unit, setUnit] = createSignal('');
  const [shift, setShift] = createSignal('');
  createEffect(() => {
    setUnit(props.selection.unitId ?? '');
    setShift(props.selection.shiftId ?? '');
  });
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    props.onMove(props.selection.id, unit() || null, shift() || null);
  };
  return (
    <form class="map-movebar" aria-labelledby="map-move-title" onSubmit={submit}>
      <p id="map-move-title" class="map-move-title">
        <strong>{t('map.moving', { name: props.selection.name })}</strong>
        <span class="muted"> {t('map.moveHint')}</span>
      </p>
      <div class="map-move-fields">
        <div>
          <label for="map-move-unit">{t('map.unit')}</label>
          <select id="map-move-unit" value={unit()} onChange={(e) => setUnit(e.currentTarget.value)}>
            <option value="">{t('map.notPlaced')}</option>
            <For each={props.units}>{(u) => <option value={u.id}>{u.path}</option>}</For>
          </select>
        </div>
        <div>
          <label for="map-move-shift">{t('map.shift')}</label>
          <select id="map-move-shift" value={shift()} onChange={(e) => setShift(e.currentTarget.value)}>
            <option value="">{t('map.noShift')}</option>
            <For each={props.shifts}>{(s) => <option value={s.id}>{s.name}</option>}</For>
          </select>
        </div>
      </div>
      <div class="map-move-actions">
        <button type="submit" class="primary">
          {t('map.move')}
        </button>
        <a class="button" href={`#/people/${encodeURIComponent(props.selection.id)}`}>
          {t('map.openPerson')}
        </a>
        <button type="button" onClick={() => props.onCancel()}>
          {t('map.cancel')}
        </button>
      </div>
    </form>
  );
}
