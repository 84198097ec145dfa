import { type Accessor, createMemo, Index, Show } from 'solid-js';
import type { BargainingUnit } from '../../domain';
import { t } from '../kit/i18n';
import { Legend } from './Legend';
import { ChartFoot, ChartRow } from './MapChartRows';
import { type ChartProps, type ChartState, createChartState, FIRST_ROWS } from './map-chart-state';
import { codeNames, setCodeNames } from './map-format';
import { knownText } from './StatsSummary';

export type { Selection } from './map-chart-state';

/**
 * The chart: units as rows (collapsible, sub-units indented), shifts as columns, each cell with
 * its numbers and its people as chips, and one coverage badge per row. On a wide screen it is a
 * grid that scrolls inside its own box with the unit column in view; on a phone (below 700 px) the
 * same table is laid out stacked — one card per unit, its shifts one under the other, each cell
 * naming its shift — so nothing scrolls sideways.
 *
 * Moving someone: tap (or Enter on) a chip, then "Move here" in any other cell — or pick a place
 * in the move bar; with a mouse, drag a chip onto a cell. Chips are made lazily: a cell shows its
 * first few people and a "+N more" button, so 8,000 people cost a few hundred chips.
 */
export function MapChart(
  props: ChartProps & {
    /** The bargaining unit, which the whole-workplace total is counted against. */
    unit: Accessor<BargainingUnit>;
  },
) {
  const chart = createChartState(props);
  return (
    <>
      <ChartToolbar chart={chart} model={props.model} />
      {/* A scrolling region is focusable (tabindex 0) so it can be scrolled from the keyboard. */}
      <section
        class="map-scroll"
        classList={{ dragging: chart.dragging() }}
        aria-label={t('map.caption')}
        tabindex="0"
      >
        <table
          class="map-table"
          data-testid="map-chart"
          data-rows={chart.visible().length}
          style={{ '--map-cols': String(props.model().columns.length) }}
        >
          <caption class="visually-hidden">{t('map.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" class="map-corner">
                {t('map.unitsShifts')}
              </th>
              <Index each={props.model().columns}>
                {(col) => (
                  <th scope="col" class="map-col">
                    <span class="map-col-name">{col().shift?.name ?? t('map.noShift')}</span>
                    <span class="map-col-known">{knownText(col().total)}</span>
                  </th>
                )}
              </Index>
            </tr>
          </thead>
          <tbody>
            <Index each={chart.visible()}>{(row) => <ChartRow chart={chart} of={props} row={row} />}</Index>
          </tbody>
          <ChartFoot model={props.model()} source={props.unit().source} />
        </table>
        <Show when={chart.visible().length < chart.rows().length}>
          <p class="muted" role="status">
            {t('map.loadingRows')}
          </p>
        </Show>
      </section>
    </>
  );
}

/** The key and options, and "Collapse all" / "Expand all". */
function ChartToolbar(props: { chart: ChartState; model: ChartProps['model'] }) {
  const chart = props.chart;
  // The key starts open where there is room for it (a laptop), folded on a phone.
  const wide = typeof matchMedia === 'function' && matchMedia('(min-width: 700px)').matches;
  const parents = createMemo(() =>
    props.model().rows.flatMap((r) => (r.unit && r.hasChildren ? [r.unit.id] : [])),
  );
  const allUnitIds = createMemo(() => props.model().rows.flatMap((r) => (r.unit ? [r.unit.id] : [])));
  return (
    <div class="map-toolbar">
      <details class="map-options" open={wide}>
        <summary>{t('map.keyOptions')}</summary>
        <Legend />
        <label class="map-check">
          <input
            type="checkbox"
            class="map-check-box"
            checked={codeNames()}
            onChange={(e) => setCodeNames(e.currentTarget.checked)}
          />
          {t('map.codeNames')}
        </label>
      </details>
      <button
        type="button"
        class="map-collapse-all"
        onClick={() => {
          if (chart.collapsed().size > 0) {
            chart.setCollapsed(new Set<string>());
            chart.setBudget(Math.max(chart.budget(), FIRST_ROWS));
          } else chart.setCollapsed(new Set(parents().length > 0 ? parents() : allUnitIds()));
        }}
      >
        {chart.collapsed().size > 0 ? t('map.expandAll') : t('map.collapseAll')}
      </button>
    </div>
  );
}
