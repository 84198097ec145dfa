import { createMemo, createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import type { Session } from '../../app/session';
import {
  bargainingUnit,
  campaignName,
  listShifts,
  listUnits,
  mapModel,
  movePerson,
  PATH_SEPARATOR,
  peopleIndex,
  type Result,
  readBargainingUnitSize,
  readFloorPlan,
  type Shift,
  type UnitNode,
} from '../../domain';
import { createDocVersion } from '../kit/doc-signal';
import { errorText, t } from '../kit/i18n';
import { href, route } from '../shell/router';
import { BargainingUnitEditor } from './BargainingUnitEditor';
import { FloorPlanView } from './FloorPlanView';
import { GapsView } from './GapsView';
import { MapChart, type Selection } from './MapChart';
import { MapTabs, mapViewOf } from './MapTabs';
import { MoveBar } from './MoveBar';
import { keepStable } from './map-format';
import { PrintView } from './PrintView';
import { ShiftsEditor } from './ShiftsEditor';
import { UnitsEditor } from './UnitsEditor';

/** Chips made per cell before "+N more" (the first screen of 8,000 people stays a few hundred chips). */
const CHIP_LIMIT = 6;
/** How long the "Moved … Undo" note stays. */
const UNDO_MS = 10_000;

interface UndoMove {
  readonly personId: string;
  readonly name: string;
  readonly unitId: string | null;
  readonly shiftId: string | null;
  readonly text: string;
}

/**
 * The workplace map: a chart of units × shifts with each person as a chip, the gaps view, the
 * floor plan, the units & shifts editor and a print view. Everything is derived from the campaign
 * doc (`mapModel` over the parsed records) and every change goes through a domain command and is
 * flushed to storage before it is announced.
 */
export function MapScreen(props: { session: Session }) {
  const store = props.session.campaign;
  const doc = store.doc;
  const version = createDocVersion(doc);
  const ctx = () => ({ by: props.session.deviceId });
  const view = () => mapViewOf(route().params[0]);

  const allUnits = createMemo<UnitNode[]>((prev) => {
    version();
    return keepStable(prev, listUnits(doc, { includeDeleted: true }));
  });
  const units = createMemo<UnitNode[]>((prev) => {
    version();
    return keepStable(prev, listUnits(doc));
  });
  const deletedUnits = createMemo(() => allUnits().filter((u) => u.deleted));
  const allShifts = createMemo<Shift[]>((prev) => {
    version();
    return keepStable(prev, listShifts(doc, { includeDeleted: true }));
  });
  const shifts = createMemo<Shift[]>((prev) =>
    keepStable(
      prev,
      allShifts().filter((s) => !s.deleted),
    ),
  );
  const deletedShifts = createMemo(() => allShifts().filter((s) => s.deleted));
  // Parsed incrementally: after a move only that person is read again (see people-index.ts).
  const people = createMemo(() => {
    version();
    return peopleIndex(doc).people();
  });
  const setSize = createMemo(() => {
    version();
    return readBargainingUnitSize(doc);
  });
  // The whole workplace is counted against the bargaining unit, exactly as on home.
  const model = createMemo(() =>
    mapModel(people(), units(), shifts(), { chipLimit: CHIP_LIMIT, size: setSize() }),
  );
  const unit = createMemo(() =>
    bargainingUnit({
      known: people().filter((p) => !p.deleted).length,
      estimate: model().estimate,
      set: setSize(),
    }),
  );
  const plan = createMemo(() => {
    version();
    return readFloorPlan(doc);
  });

  const [error, setError] = createSignal('');
  const [status, setStatus] = createSignal('');
  const [selection, setSelection] = createSignal<Selection | null>(null);
  const [undo, setUndo] = createSignal<UndoMove | null>(null);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(undoTimer));

  /** Flushes a successful command to storage, then announces it; shows a refusal in words. */
  const save = async (r: Result<unknown>, done: string): Promise<boolean> => {
    if (!r.ok) {
      setError(errorText(r.error.code));
      return false;
    }
    try {
      await store.flush();
    } catch (e) {
      setError(errorText((e as { code?: string }).code ?? 'write-failed'));
      return false;
    }
    setError('');
    setStatus(done);
    return true;
  };

  const placeName = (unitId: string | null, shiftId: string | null) => {
    const unit = unitId ? units().find((u) => u.id === unitId)?.path : undefined;
    const shift = shiftId ? shifts().find((s) => s.id === shiftId)?.name : undefined;
    return `${unit ?? t('map.notPlaced')}${PATH_SEPARATOR}${shift ?? t('map.noShift')}`;
  };

  const move = async (personId: string, unitId: string | null, shiftId: string | null, isUndo = false) => {
    const person = people().find((p) => p.id === personId);
    if (!person) return;
    const from = { unitId: person.unitId ?? null, shiftId: person.shiftId ?? null };
    const name = selection()?.id === personId ? (selection()?.name ?? person.name) : person.name;
    setSelection(null);
    const text = isUndo
      ? t('map.moveUndone', { name })
      : t('map.moved', { name, place: placeName(unitId, shiftId) });
    const ok = await save(movePerson(doc, personId, { unitId, shiftId }, ctx()), text);
    if (!ok) return;
    clearTimeout(undoTimer);
    setUndo(isUndo ? null : { personId, name, ...from, text });
    if (!isUndo) undoTimer = setTimeout(() => setUndo(null), UNDO_MS);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`.map-chip[data-person-id="${CSS.escape(personId)}"]`)?.focus(),
    );
  };

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && selection()) setSelection(null);
    };
    document.addEventListener('keydown', onKey);
    onCleanup(() => document.removeEventListener('keydown', onKey));
  });

  const empty = () => units().length === 0 && shifts().length === 0 && people().length === 0;

  return (
    <section class="screen map-screen" classList={{ moving: selection() !== null }}>
      <h1>{t('map.title')}</h1>
      <MapTabs current={view()} />
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <p class="map-status" role="status">
        {status()}
      </p>
      <Switch>
        <Match when={view() === 'chart'}>
          <Show
            when={!empty()}
            fallback={
              <div class="card stack">
                <p>{t('map.empty')}</p>
                <a class="button primary" href={href('map/setup')}>
                  {t('map.tab.setup')}
                </a>
              </div>
            }
          >
            <MapChart model={model} unit={unit} selection={selection} onSelect={setSelection} onMove={move} />
          </Show>
        </Match>
        <Match when={view() === 'gaps'}>
          <GapsView gaps={model().gaps} unplaced={model().unplaced} />
        </Match>
        <Match when={view() === 'plan'}>
          <FloorPlanView
            doc={doc}
            by={props.session.deviceId}
            plan={plan}
            model={model}
            units={units}
            save={save}
            onError={setError}
          />
        </Match>
        <Match when={view() === 'setup'}>
          <div class="map-setup">
            <BargainingUnitEditor doc={doc} by={props.session.deviceId} unit={unit} save={save} />
            <UnitsEditor
              doc={doc}
              by={props.session.deviceId}
              units={units}
              deleted={deletedUnits}
              save={save}
            />
            <ShiftsEditor
              doc={doc}
              by={props.session.deviceId}
              shifts={shifts}
              deleted={deletedShifts}
              save={save}
            />
          </div>
        </Match>
        <Match when={view() === 'print'}>
          <PrintView model={model} campaign={campaignName(doc) ?? ''} />
        </Match>
      </Switch>
      <Show when={view() === 'chart' && selection()}>
        {(s) => (
          <MoveBar
            selection={s()}
            units={units()}
            shifts={shifts()}
            onMove={(id, u, sh) => void move(id, u, sh)}
            onCancel={() => setSelection(null)}
          />
        )}
      </Show>
      <Show when={selection() ? null : undo()}>
        {(u) => (
          <div class="toast map-toast">
            <span>{u().text}</span>
            <button type="button" onClick={() => void move(u().personId, u().unitId, u().shiftId, true)}>
              {t('map.undo')}
            </button>
          </div>
        )}
      </Show>
    </section>
  );
}
