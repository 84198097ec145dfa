import { Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import type { Session } from '../../app/session';
import { campaignName } from '../../domain';
import { FormError } from '../kit/Field';
import { t } from '../kit/i18n';
import { href, route } from '../shell/router';
import { BargainingUnitEditor } from './BargainingUnitEditor';
import { FloorPlanView } from './FloorPlanView';
import { GapsView } from './GapsView';
import { MapChart } from './MapChart';
import { MapTabs, mapViewOf } from './MapTabs';
import { MoveBar } from './MoveBar';
import { createMapData } from './map-data';
import { createMapMoves } from './map-moves';
import { PrintView } from './PrintView';
import { ShiftsEditor } from './ShiftsEditor';
import { UnitsEditor } from './UnitsEditor';

type MapData = ReturnType<typeof createMapData>;
type MapMoves = ReturnType<typeof createMapMoves>;

/**
 * The workplace map: a chart of units × shifts with each person as a chip, the gaps view, the
 * floor plan, the units & shifts editor and a print view. Everything is derived from the campaign
 * doc (`mapModel` over the parsed records) and every change goes through a domain command and is
 * flushed to storage before it is announced.
 */
export function MapScreen(props: { session: Session }) {
  const data = createMapData(props.session.campaign.doc);
  const moves = createMapMoves(props.session, data);
  const { selection, setSelection, undo, move } = moves;
  const view = () => mapViewOf(route().params[0]);

  onMount(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && selection()) setSelection(null);
    };
    document.addEventListener('keydown', onKey);
    onCleanup(() => document.removeEventListener('keydown', onKey));
  });

  return (
    <section class="screen map-screen" classList={{ moving: selection() !== null }}>
      <h1>{t('map.title')}</h1>
      <MapTabs current={view()} />
      <FormError error={moves.error()} />
      <p class="map-status" role="status">
        {moves.status()}
      </p>
      <MapViews session={props.session} view={view()} data={data} moves={moves} />
      <Show when={view() === 'chart' && selection()}>
        {(s) => (
          <MoveBar
            selection={s()}
            units={data.units()}
            shifts={data.shifts()}
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

/** The view the tab names: chart, gaps, floor plan, setup or print. */
function MapViews(props: { session: Session; view: string; data: MapData; moves: MapMoves }) {
  const doc = props.session.campaign.doc;
  const { units, shifts, model, unit } = props.data;
  const { save, move } = props.moves;
  const empty = () => units().length === 0 && shifts().length === 0 && props.data.people().length === 0;
  const edit = { session: props.session, save };
  return (
    <Switch>
      <Match when={props.view === 'chart'}>
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
          <MapChart
            model={model}
            unit={unit}
            selection={props.moves.selection}
            onSelect={props.moves.setSelection}
            onMove={move}
          />
        </Show>
      </Match>
      <Match when={props.view === 'gaps'}>
        <GapsView gaps={model().gaps} unplaced={model().unplaced} />
      </Match>
      <Match when={props.view === 'plan'}>
        <FloorPlanView
          {...edit}
          plan={props.data.plan}
          model={model}
          units={units}
          onError={props.moves.setError}
        />
      </Match>
      <Match when={props.view === 'setup'}>
        <div class="map-setup">
          <BargainingUnitEditor {...edit} unit={unit} />
          <UnitsEditor {...edit} units={units} deleted={props.data.deletedUnits} />
          <ShiftsEditor {...edit} shifts={shifts} deleted={props.data.deletedShifts} />
        </div>
      </Match>
      <Match when={props.view === 'print'}>
        <PrintView model={model} campaign={campaignName(doc) ?? ''} />
      </Match>
    </Switch>
  );
}
