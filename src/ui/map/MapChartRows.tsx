/** The rows of the map chart: a unit's heading cell (fold, totals, coverage badge) and its cells. */
import { type Accessor, Index, Show } from 'solid-js';
import {
  type BargainingUnit,
  coverageBadge,
  type MapCell,
  type MapModel,
  type MapRow,
  PATH_SEPARATOR,
} from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { CoverageBadge } from './CoverageBadge';
import type { ChartProps, ChartState } from './map-chart-state';
import { cellKey } from './map-format';
import { PersonChip } from './PersonChip';
import { StatsSummary } from './StatsSummary';

export function ChartRow(props: { chart: ChartState; of: ChartProps; row: Accessor<MapRow> }) {
  const unit = () => props.row().unit;
  const isCollapsed = () => props.chart.isCollapsed(props.row());
  return (
    <tr class="map-row" classList={{ collapsed: isCollapsed() }} data-unit-id={unit()?.id ?? ''}>
      <th scope="row" class={`map-unit depth-${Math.min(unit()?.depth ?? 0, 4)}`}>
        <Show when={unit()} fallback={<span class="map-unit-name">{t('map.notPlaced')}</span>}>
          {(u) => (
            <button
              type="button"
              class="map-toggle"
              aria-expanded={!isCollapsed()}
              onClick={() => props.chart.toggle(u().id)}
            >
              <span class="map-caret" aria-hidden="true">
                {isCollapsed() ? '▸' : '▾'}
              </span>
              <span class="map-unit-name">
                <Show when={u().depth > 0}>
                  <span class="visually-hidden">{u().path.slice(0, u().path.length - u().name.length)}</span>
                </Show>
                {u().name}
              </span>
            </button>
          )}
        </Show>
        <StatsSummary stats={props.row().total} warnings={false} />
        <CoverageBadge
          badge={coverageBadge(props.row().total, props.row().rolled, props.of.model().columns)}
        />
      </th>
      <Index each={props.row().cells}>
        {(cell, c) => <ChartCell chart={props.chart} of={props.of} row={props.row} cell={cell} c={c} />}
      </Index>
    </tr>
  );
}

function ChartCell(props: {
  chart: ChartState;
  of: ChartProps;
  row: Accessor<MapRow>;
  cell: Accessor<MapCell>;
  c: number;
}) {
  const chart = props.chart;
  const cell = () => props.cell();
  const key = () => cellKey(cell().unitId, cell().shiftId);
  const place = () => `${chart.unitLabel(props.row())}${PATH_SEPARATOR}${chart.columnName(props.c)}`;
  return (
    <td
      class="map-cell"
      classList={{ 'drop-over': chart.dropKey() === key(), source: chart.selectedKey() === key() }}
      onDragOver={(e) => chart.onDragOver(e, key())}
      onDragLeave={() => chart.dropKey() === key() && chart.setDropKey(null)}
      onDrop={(e) => chart.onDrop(e, cell())}
    >
      <span class="map-cell-shift">{chart.columnName(props.c)}</span>
      <Show
        when={!chart.isCollapsed(props.row())}
        fallback={
          <Show when={(props.row().rolled[props.c]?.known ?? 0) > 0}>
            <StatsSummary stats={props.row().rolled[props.c] ?? cell().stats} warnings={false} />
          </Show>
        }
      >
        <Show when={cell().stats.known > 0} fallback={<span class="map-empty">–</span>}>
          <StatsSummary stats={cell().stats} warnings={false} />
          <CellChips chart={chart} of={props.of} cell={cell} />
          <Show when={cell().people.length > chart.chipsOf(cell()).length}>
            <button type="button" class="map-more" onClick={() => chart.showMore(cell())}>
              {t('map.more', { n: formatNumber(cell().people.length - chart.chipsOf(cell()).length) })}
              <span class="visually-hidden">{` · ${place()}`}</span>
            </button>
          </Show>
        </Show>
      </Show>
      <Show when={props.of.selection() && chart.selectedKey() !== key()}>
        <button
          type="button"
          class="map-move-here"
          aria-label={`${t('map.moveHere')}: ${place()}`}
          onClick={() => {
            const s = props.of.selection();
            if (s) props.of.onMove(s.id, cell().unitId, cell().shiftId);
          }}
        >
          {t('map.moveHere')}
        </button>
      </Show>
    </td>
  );
}

function CellChips(props: { chart: ChartState; of: ChartProps; cell: Accessor<MapCell> }) {
  return (
    <ul class="map-chips">
      <Index each={props.chart.chipsOf(props.cell())}>
        {(chip) => (
          <li>
            <PersonChip
              chip={chip()}
              selected={props.of.selection()?.id === chip().id}
              onSelect={(ch) => props.chart.select(ch, props.cell())}
              onDragStart={() => setTimeout(() => props.chart.setDragging(true), 0)}
              onDragEnd={props.chart.dragEnd}
            />
          </li>
        )}
      </Index>
    </ul>
  );
}

/** Totals per shift at the foot, so the sticky header stays one short line on a phone. */
export function ChartFoot(props: { model: MapModel; source: BargainingUnit['source'] }) {
  return (
    <tfoot>
      <tr class="map-totals">
        <th scope="row" class="map-unit">
          <span class="map-unit-name">{t('map.allUnits')}</span>
          <StatsSummary stats={props.model.total} warnings={false} source={props.source} />
          <CoverageBadge
            badge={coverageBadge(
              props.model.total,
              props.model.columns.map((col) => col.total),
              props.model.columns,
            )}
          />
        </th>
        <Index each={props.model.columns}>
          {(col) => (
            <td class="map-cell">
              <span class="map-cell-shift">{col().shift?.name ?? t('map.noShift')}</span>
              <StatsSummary stats={col().total} warnings={false} />
            </td>
          )}
        </Index>
      </tr>
    </tfoot>
  );
}
