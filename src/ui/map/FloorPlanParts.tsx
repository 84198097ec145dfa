/** Pieces of the floor-plan view: uploading the picture, the pins over it, and replacing or removing it. */
import { createSignal, For, Show } from 'solid-js';
import { clearFloorPlan } from '../../app/workplace';
import type { Pin, UnitNode } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import type { PlanProps } from './floor-plan-types';

/** A pin per unit, with how many people are known there; in placing mode a pin picks its unit. */
export function PlanPins(props: {
  plan: PlanProps;
  pins: readonly Pin[];
  unitById: ReadonlyMap<string, UnitNode>;
  editing: boolean;
  chosen: string;
  open: string | null;
  onPin: (unitId: string) => void;
  onNudge: (e: KeyboardEvent, unitId: string, x: number, y: number) => void;
}) {
  const known = (unitId: string) =>
    props.plan.model().rows.find((r) => r.unit?.id === unitId)?.total.known ?? 0;
  return (
    <For each={props.pins}>
      {(pin) => (
        <button
          type="button"
          class="map-pin"
          classList={{
            open: props.open === pin.unitId,
            chosen: props.editing && props.chosen === pin.unitId,
          }}
          style={{ left: `${pin.x * 100}%`, top: `${pin.y * 100}%` }}
          aria-pressed={props.open === pin.unitId}
          data-unit-id={pin.unitId}
          onClick={() => props.onPin(pin.unitId)}
          onKeyDown={(e) => props.onNudge(e, pin.unitId, pin.x, pin.y)}
        >
          <span class="map-pin-count" aria-hidden="true">
            {formatNumber(known(pin.unitId))}
          </span>
          <span class="map-pin-label">{props.unitById.get(pin.unitId)?.name}</span>
          <span class="visually-hidden">
            {`: ${t('map.known', { known: formatNumber(known(pin.unitId)) })}`}
          </span>
        </button>
      )}
    </For>
  );
}

type Upload = (e: Event & { currentTarget: HTMLInputElement }) => void;

/** The picture's file field (to upload it, or to replace it), off while one is being prepared. */
function PlanFile(props: { id: string; busy: boolean; onUpload: Upload }) {
  return (
    <input
      id={props.id}
      type="file"
      accept="image/*"
      disabled={props.busy}
      onChange={(e) => props.onUpload(e)}
    />
  );
}

/** Before there is a picture: what the plan is for, and the file to upload. */
export function PlanUpload(props: { busy: boolean; onUpload: Upload }) {
  return (
    <div class="card stack">
      <p>{t('map.plan.intro')}</p>
      <label for="map-plan-file">{t('map.plan.upload')}</label>
      <PlanFile id="map-plan-file" busy={props.busy} onUpload={props.onUpload} />
      <p class="help">{t('map.plan.privacy')}</p>
    </div>
  );
}

/** Replace the picture, or remove it (after a confirmation). */
export function PlanManage(props: { plan: PlanProps; busy: boolean; onUpload: Upload }) {
  const [confirmRemove, setConfirmRemove] = createSignal(false);
  return (
    <details class="card map-plan-manage">
      <summary>{t('map.plan.manage')}</summary>
      <div class="stack">
        <label for="map-plan-replace">{t('map.plan.replace')}</label>
        <PlanFile id="map-plan-replace" busy={props.busy} onUpload={props.onUpload} />
        <Show
          when={confirmRemove()}
          fallback={
            <button type="button" class="danger" onClick={() => setConfirmRemove(true)}>
              {t('map.plan.remove')}
            </button>
          }
        >
          <p role="alert">{t('map.plan.removeConfirm')}</p>
          <div class="row wrap">
            <button
              type="button"
              class="danger"
              onClick={async () => {
                setConfirmRemove(false);
                await props.plan.save(clearFloorPlan(props.plan.session), t('map.plan.removed'));
              }}
            >
              {t('map.plan.removeYes')}
            </button>
            <button type="button" onClick={() => setConfirmRemove(false)}>
              {t('map.cancel')}
            </button>
          </div>
        </Show>
      </div>
    </details>
  );
}
