import { type Accessor, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import type { Doc } from 'yjs';
import {
  type FloorPlan,
  type FloorPlanImage,
  type MapModel,
  placePin,
  type Result,
  removeFloorPlan,
  removePin,
  setFloorPlanImage,
  type UnitNode,
} from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { downscaleImage, PlanImageError } from './image';
import { UnitPeople } from './UnitPeople';

/** How far one arrow key press moves a pin (Shift: five times as far). */
const NUDGE = 0.01;

/**
 * The floor-plan layer: a picture of the floor (downscaled and stored encrypted in the campaign)
 * with a pin per unit. Tapping a pin shows that unit's people. To place pins, pick a unit and tap
 * the plan where it is — or, from the keyboard, press Enter on the plan (the pin lands in the
 * middle) and move it with the arrow keys.
 */
export function FloorPlanView(props: {
  doc: Doc;
  by: string;
  plan: Accessor<FloorPlan>;
  model: Accessor<MapModel>;
  units: Accessor<readonly UnitNode[]>;
  save: (r: Result<unknown>, done: string) => Promise<boolean>;
  onError: (message: string) => void;
}) {
  const ctx = () => ({ by: props.by });
  const [openUnit, setOpenUnit] = createSignal<string | null>(null);
  const [editing, setEditing] = createSignal(false);
  const [pinUnit, setPinUnit] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [confirmRemove, setConfirmRemove] = createSignal(false);

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
  const known = (unitId: string) => props.model().rows.find((r) => r.unit?.id === unitId)?.total.known ?? 0;
  const chosen = () => pinUnit() || props.units()[0]?.id || '';
  const chosenPin = () => pins().find((p) => p.unitId === chosen());
  const unitName = (id: string) => unitById().get(id)?.path ?? '';

  const upload = async (e: Event & { currentTarget: HTMLInputElement }) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = '';
    if (!file) return;
    setBusy(true);
    try {
      const input = await downscaleImage(file);
      const kb = formatNumber(Math.ceil(input.data.length / 1024));
      await props.save(
        setFloorPlanImage(props.doc, input, ctx()),
        t('map.plan.saved', { kb, width: input.width, height: input.height }),
      );
    } catch (err) {
      props.onError(
        err instanceof PlanImageError && err.code === 'too-large'
          ? t('map.plan.tooLarge')
          : t('map.plan.notImage'),
      );
    } finally {
      setBusy(false);
    }
  };

  const place = (e: MouseEvent & { currentTarget: HTMLButtonElement }) => {
    const unitId = chosen();
    if (!unitId) return;
    const box = e.currentTarget.getBoundingClientRect();
    const fromKeyboard = e.detail === 0 || box.width === 0;
    const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));
    const at = fromKeyboard
      ? { x: 0.5, y: 0.5 }
      : { x: clamp((e.clientX - box.left) / box.width), y: clamp((e.clientY - box.top) / box.height) };
    void props.save(
      placePin(props.doc, unitId, at, ctx()),
      t('map.plan.pinPlaced', { unit: unitName(unitId) }),
    );
  };

  const nudge = (e: KeyboardEvent, unitId: string, x: number, y: number) => {
    if (!editing()) return;
    const step = e.shiftKey ? NUDGE * 5 : NUDGE;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const d = moves[e.key];
    if (!d) return;
    e.preventDefault();
    const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));
    void props.save(
      placePin(props.doc, unitId, { x: clamp(x + d[0]), y: clamp(y + d[1]) }, ctx()),
      t('map.plan.pinMoved', { unit: unitName(unitId) }),
    );
  };

  return (
    <section aria-labelledby="map-plan-title" class="map-plan-view">
      <h2 id="map-plan-title">{t('map.plan.title')}</h2>
      <Show
        when={url()}
        fallback={
          <div class="card stack">
            <p>{t('map.plan.intro')}</p>
            <label for="map-plan-file">{t('map.plan.upload')}</label>
            <input id="map-plan-file" type="file" accept="image/*" disabled={busy()} onChange={upload} />
            <p class="help">{t('map.plan.privacy')}</p>
          </div>
        }
      >
        <div class="map-plan-tools card">
          <div class="map-plan-field">
            <label for="map-pin-unit">{t('map.plan.pinFor')}</label>
            <select id="map-pin-unit" value={chosen()} onChange={(e) => setPinUnit(e.currentTarget.value)}>
              <For each={props.units()}>{(u) => <option value={u.id}>{u.path}</option>}</For>
            </select>
          </div>
          <div class="row wrap">
            <button type="button" aria-pressed={editing()} onClick={() => setEditing(!editing())}>
              {editing() ? t('map.plan.donePlacing') : t('map.plan.placePins')}
            </button>
            <button
              type="button"
              disabled={!chosenPin()}
              onClick={() =>
                void props.save(
                  removePin(props.doc, chosen(), ctx()),
                  t('map.plan.pinRemoved', { unit: unitName(chosen()) }),
                )
              }
            >
              {t('map.plan.removePin')}
            </button>
          </div>
          <Show when={editing()}>
            <p class="help">{t('map.plan.placeHelp')}</p>
          </Show>
        </div>
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
          <For each={pins()}>
            {(pin) => (
              <button
                type="button"
                class="map-pin"
                classList={{ open: openUnit() === pin.unitId, chosen: editing() && chosen() === pin.unitId }}
                style={{ left: `${pin.x * 100}%`, top: `${pin.y * 100}%` }}
                aria-pressed={openUnit() === pin.unitId}
                data-unit-id={pin.unitId}
                onClick={() => {
                  if (editing()) setPinUnit(pin.unitId);
                  else setOpenUnit(openUnit() === pin.unitId ? null : pin.unitId);
                }}
                onKeyDown={(e) => nudge(e, pin.unitId, pin.x, pin.y)}
              >
                <span class="map-pin-count" aria-hidden="true">
                  {formatNumber(known(pin.unitId))}
                </span>
                <span class="map-pin-label">{unitById().get(pin.unitId)?.name}</span>
                <span class="visually-hidden">
                  {`: ${t('map.known', { known: formatNumber(known(pin.unitId)) })}`}
                </span>
              </button>
            )}
          </For>
        </div>
        <Show when={openUnit() && !editing()}>
          <UnitPeople unitId={openUnit() as string} model={props.model} onClose={() => setOpenUnit(null)} />
        </Show>
        <details class="card map-plan-manage">
          <summary>{t('map.plan.manage')}</summary>
          <div class="stack">
            <label for="map-plan-replace">{t('map.plan.replace')}</label>
            <input id="map-plan-replace" type="file" accept="image/*" disabled={busy()} onChange={upload} />
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
                    await props.save(removeFloorPlan(props.doc, ctx()), t('map.plan.removed'));
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
      </Show>
      <Show when={busy()}>
        <p role="status">{t('map.plan.preparing')}</p>
      </Show>
    </section>
  );
}
