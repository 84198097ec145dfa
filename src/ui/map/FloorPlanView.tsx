import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { unpinUnit } from '../../app/workplace';
import type { FloorPlanImage } from '../../domain';
import { t } from '../kit/i18n';
import { PlanManage, PlanPins, PlanUpload } from './FloorPlanParts';
import { createPlanActions } from './floor-plan-actions';
import type { PlanProps } from './floor-plan-types';
import { UnitPeople } from './UnitPeople';

export type { PlanProps } from './floor-plan-types';

/**
 * The floor-plan layer: a picture of the floor (downscaled and stored encrypted in the campaign)
 * with a pin per unit. Tapping a pin shows that unit's people. To place pins, pick a unit and tap
 * the plan where it is — or, from the keyboard, press Enter on the plan (the pin lands in the
 * middle) and move it with the arrow keys.
 */
export function FloorPlanView(props: PlanProps) {
  const [openUnit, setOpenUnit] = createSignal<string | null>(null);
  const [editing, setEditing] = createSignal(false);
  const [pinUnit, setPinUnit] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  const image = createMemo<FloorPlanImage | undefined>(() => props.plan().image, undefined, {
    equals: (a, b) => a?.data === b?.data && a?.type === b?.type,
  });
  const url = createMemo(() => {
    const img = image();
    if (!img) return undefined;
    const href = URL.createObjectURL(new Blob([img.data as Uint8Array<ArrayBuffer>], { type: img.type }));
    onCleanup(() => URL.revokeObjectURL(href));
    return href;
  });
  const unitById = createMemo(() => new Map(props.units().map((u) => [u.id, u])));
  const pins = createMemo(() => props.plan().pins.filter((p) => unitById().has(p.unitId)));
  const chosen = () => pinUnit() || props.units()[0]?.id || '';
  const unitName = (id: string) => unitById().get(id)?.path ?? '';
  const actions = createPlanActions(props, { setBusy, editing, chosen, unitName });
  const { upload, place } = actions;

  return (
    <section aria-labelledby="map-plan-title" class="map-plan-view">
      <h2 id="map-plan-title">{t('map.plan.title')}</h2>
      <Show when={url()} fallback={<PlanUpload busy={busy()} onUpload={upload} />}>
        <PlanTools
          plan={props}
          editing={editing()}
          onEditing={setEditing}
          chosen={chosen()}
          onChoose={setPinUnit}
          hasPin={pins().some((p) => p.unitId === chosen())}
          unitName={unitName}
        />
        <div class="map-plan" classList={{ editing: editing() }}>
          <img
            class="map-plan-img"
            src={url()}
            alt={t('map.plan.alt')}
            width={image()?.width}
            height={image()?.height}
          />
          <Show when={editing() && chosen()}>
            <button type="button" class="map-plan-surface" data-testid="map-plan-surface" onClick={place}>
              <span class="visually-hidden">{t('map.plan.placeHere', { unit: unitName(chosen()) })}</span>
            </button>
          </Show>
          <PlanPins
            plan={props}
            pins={pins()}
            unitById={unitById()}
            editing={editing()}
            chosen={chosen()}
            open={openUnit()}
            onPin={(unitId) => {
              if (editing()) setPinUnit(unitId);
              else setOpenUnit(openUnit() === unitId ? null : unitId);
            }}
            onNudge={actions.nudge}
          />
        </div>
        <Show when={openUnit() && !editing()}>
          <UnitPeople unitId={openUnit() as string} model={props.model} onClose={() => setOpenUnit(null)} />
        </Show>
        <PlanManage plan={props} busy={busy()} onUpload={upload} />
      </Show>
      <Show when={busy()}>
        <p role="status">{t('map.plan.preparing')}</p>
      </Show>
    </section>
  );
}

/** Which unit's pin to place or remove, and the switch into placing pins. */
function PlanTools(props: {
  plan: PlanProps;
  editing: boolean;
  onEditing: (on: boolean) => void;
  chosen: string;
  onChoose: (unitId: string) => void;
  hasPin: boolean;
  unitName: (id: string) => string;
}) {
  return (
    <div class="map-plan-tools card">
      <div class="map-plan-field">
        <label for="map-pin-unit">{t('map.plan.pinFor')}</label>
        <select
          id="map-pin-unit"
          value={props.chosen}
          onChange={(e) => props.onChoose(e.currentTarget.value)}
        >
          <For each={props.plan.units()}>{(u) => <option value={u.id}>{u.path}</option>}</For>
        </select>
      </div>
      <div class="row wrap">
        <button type="button" aria-pressed={props.editing} onClick={() => props.onEditing(!props.editing)}>
          {props.editing ? t('map.plan.donePlacing') : t('map.plan.placePins')}
        </button>
        <button
          type="button"
          disabled={!props.hasPin}
          onClick={() =>
            void props.plan.save(
              unpinUnit(props.plan.session, props.chosen),
              t('map.plan.pinRemoved', { unit: props.unitName(props.chosen) }),
            )
          }
        >
          {t('map.plan.removePin')}
        </button>
      </div>
      <Show when={props.editing}>
        <p class="help">{t('map.plan.placeHelp')}</p>
      </Show>
    </div>
  );
}
