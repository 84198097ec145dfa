import { type Accessor, createMemo, createSignal, Index, onCleanup, onMount, Show } from 'solid-js';
import {
  type BargainingUnit,
  type Chip,
  chipOf,
  coverageBadge,
  type MapCell,
  type MapModel,
  type MapRow,
  PATH_SEPARATOR,
} from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { CoverageBadge } from './CoverageBadge';
import { Legend } from './Legend';
import { cellKey, chipName, codeNames, setCodeNames } from './map-format';
import { PERSON_DRAG_TYPE, PersonChip } from './PersonChip';
import { knownText, StatsSummary } from './StatsSummary';

/** A chip picked for moving, and the cell it sits in. */
export interface Selection {
  readonly id: string;
  readonly name: string;
  readonly unitId: string | null;
  readonly shiftId: string | null;
}

/** Rows rendered in the first frame; the rest follow a batch per task, so the first screen paints fast. */
const FIRST_ROWS = 6;
const ROWS_PER_TASK = 15;
/** Chips added each time "+N more" is pressed. */
const MORE_STEP = 40;

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
export function MapChart(props: {
  model: Accessor<MapModel>;
  /** The bargaining unit, which the whole-workplace total is counted against. */
  unit: Accessor<BargainingUnit>;
  selection: Accessor<Selection | null>;
  onSelect: (s: Selection | null) => void;
  onMove: (personId: string, unitId: string | null, shiftId: string | null) => void;
}) {
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [shown, setShown] = createSignal<ReadonlyMap<string, number>>(new Map());
  const [budget, setBudget] = createSignal(FIRST_ROWS);
  const [dragging, setDragging] = createSignal(false);
  const [dropKey, setDropKey] = createSignal<string | null>(null);

  const rows = createMemo(() =>
    props.model().rows.filter((r) => !r.unit?.ancestors.some((a) => collapsed().has(a))),
  );
  const visible = createMemo(() => rows().slice(0, budget()));

  // Each batch of rows waits for the previous frame to be painted, so the first screen shows at once.
  onMount(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      frame = requestAnimationFrame(() => {
        timer = setTimeout(grow, 0);
      });
    };
    const grow = () => {
      if (budget() >= rows().length) return;
      setBudget((b) => b + ROWS_PER_TASK);
      next();
    };
    next();
    onCleanup(() => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    });
  });

  const toggle = (id: string) => {
    const next = new Set(collapsed());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
    setBudget((b) => Math.max(b, rows().length));
  };
  const chipsOf = (cell: MapCell): readonly Chip[] => {
    const n = shown().get(cellKey(cell.unitId, cell.shiftId));
    return n === undefined ? cell.chips : cell.people.slice(0, n).map(chipOf);
  };
  const showMore = (cell: MapCell) => {
    const key = cellKey(cell.unitId, cell.shiftId);
    const next = new Map(shown());
    next.set(key, (next.get(key) ?? cell.chips.length) + MORE_STEP);
    setShown(next);
  };
  const columnName = (c: number) => {
    const col = props.model().columns[c];
    return col?.shift?.name ?? t('map.noShift');
  };
  const unitLabel = (row: MapRow) => row.unit?.path ?? t('map.notPlaced');
  const selectedKey = () => {
    const s = props.selection();
    return s ? cellKey(s.unitId, s.shiftId) : null;
  };
  const select = (chip: Chip, cell: MapCell) => {
    const current = props.selection();
    if (current?.id === chip.id) return props.onSelect(null);
    props.onSelect({ id: chip.id, name: chipName(chip), unitId: cell.unitId, shiftId: cell.shiftId });
  };
  const onDrop = (e: DragEvent, cell: MapCell) => {
    const id = e.dataTransfer?.getData(PERSON_DRAG_TYPE);
    setDropKey(null);
    setDragging(false);
    if (!id) return;
    e.preventDefault();
    props.onMove(id, cell.unitId, cell.shiftId);
  };
  const onDragOver = (e: DragEvent, key: string) => {
    if (!e.dataTransfer?.types.includes(PERSON_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (dropKey() !== key) setDropKey(key);
  };

  const cellView = (row: Accessor<MapRow>, cell: Accessor<MapCell>, c: number) => {
    const key = () => cellKey(cell().unitId, cell().shiftId);
    const isCollapsed = () => {
      const unit = row().unit;
      return unit !== null && collapsed().has(unit.id);
    };
    return (
      <td
        class="map-cell"
        classList={{ 'drop-over': dropKey() === key(), source: selectedKey() === key() }}
        onDragOver={(e) => onDragOver(e, key())}
        onDragLeave={() => dropKey() === key() && setDropKey(null)}
        onDrop={(e) => onDrop(e, cell())}
      >
        <span class="map-cell-shift">{columnName(c)}</span>
        <Show
          when={!isCollapsed()}
          fallback={
            <Show when={(row().rolled[c]?.known ?? 0) > 0}>
              <StatsSummary stats={row().rolled[c] ?? cell().stats} warnings={false} />
            </Show>
          }
        >
          <Show when={cell().stats.known > 0} fallback={<span class="map-empty">–</span>}>
            <StatsSummary stats={cell().stats} warnings={false} />
            <ul class="map-chips">
              <Index each={chipsOf(cell())}>
                {(chip) => (
                  <li>
                    <PersonChip
                      chip={chip()}
                      selected={props.selection()?.id === chip().id}
                      onSelect={(ch) => select(ch, cell())}
                      onDragStart={() => setTimeout(() => setDragging(true), 0)}
                      onDragEnd={() => {
                        setDragging(false);
                        setDropKey(null);
                      }}
                    />
                  </li>
                )}
              </Index>
            </ul>
            <Show when={cell().people.length > chipsOf(cell()).length}>
              <button type="button" class="map-more" onClick={() => showMore(cell())}>
                {t('map.more', { n: formatNumber(cell().people.length - chipsOf(cell()).length) })}
                <span class="visually-hidden">
                  {` · ${unitLabel(row())}${PATH_SEPARATOR}${columnName(c)}`}
                </span>
              </button>
            </Show>
          </Show>
        </Show>
        <Show when={props.selection() && selectedKey() !== key()}>
          <button
            type="button"
            class="map-move-here"
            aria-label={`${t('map.moveHere')}: ${unitLabel(row())}${PATH_SEPARATOR}${columnName(c)}`}
            onClick={() => {
              const s = props.selection();
              if (s) props.onMove(s.id, cell().unitId, cell().shiftId);
            }}
          >
            {t('map.moveHere')}
          </button>
        </Show>
      </td>
    );
  };

  // The key starts open where there is room for it (a laptop), folded on a phone.
  const wide = typeof matchMedia === 'function' && matchMedia('(min-width: 700px)').matches;
  const parents = createMemo(() =>
    props.model().rows.flatMap((r) => (r.unit && r.hasChildren ? [r.unit.id] : [])),
  );
  const allUnitIds = createMemo(() => props.model().rows.flatMap((r) => (r.unit ? [r.unit.id] : [])));

  return (
    <>
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
            if (collapsed().size > 0) {
              setCollapsed(new Set<string>());
              setBudget(Math.max(budget(), FIRST_ROWS));
            } else setCollapsed(new Set(parents().length > 0 ? parents() : allUnitIds()));
          }}
        >
          {collapsed().size > 0 ? t('map.expandAll') : t('map.collapseAll')}
        </button>
      </div>
      {/* A scrolling region is focusable (tabindex 0) so it can be scrolled from the keyboard. */}
      <section
        class="map-scroll"
        classList={{ dragging: dragging() }}
        aria-label={t('map.caption')}
        tabindex="0"
      >
        <table
          class="map-table"
          data-testid="map-chart"
          data-rows={visible().length}
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
            <Index each={visible()}>
              {(row) => {
                const unit = () => row().unit;
                const isCollapsed = () => {
                  const u = unit();
                  return u !== null && collapsed().has(u.id);
                };
                return (
                  <tr
                    class="map-row"
                    classList={{ collapsed: isCollapsed() }}
                    data-unit-id={unit()?.id ?? ''}
                  >
                    <th scope="row" class={`map-unit depth-${Math.min(unit()?.depth ?? 0, 4)}`}>
                      <Show when={unit()} fallback={<span class="map-unit-name">{t('map.notPlaced')}</span>}>
                        {(u) => (
                          <button
                            type="button"
                            class="map-toggle"
                            aria-expanded={!isCollapsed()}
                            onClick={() => toggle(u().id)}
                          >
                            <span class="map-caret" aria-hidden="true">
                              {isCollapsed() ? '▸' : '▾'}
                            </span>
                            <span class="map-unit-name">
                              <Show when={u().depth > 0}>
                                <span class="visually-hidden">
                                  {u().path.slice(0, u().path.length - u().name.length)}
                                </span>
                              </Show>
                              {u().name}
                            </span>
                          </button>
                        )}
                      </Show>
                      <StatsSummary stats={row().total} warnings={false} />
                      <CoverageBadge
                        badge={coverageBadge(row().total, row().rolled, props.model().columns)}
                      />
                    </th>
                    <Index each={row().cells}>{(cell, c) => cellView(row, cell, c)}</Index>
                  </tr>
                );
              }}
            </Index>
          </tbody>
          {/* Totals per shift at the foot, so the sticky header stays one short line on a phone. */}
          <tfoot>
            <tr class="map-totals">
              <th scope="row" class="map-unit">
                <span class="map-unit-name">{t('map.allUnits')}</span>
                <StatsSummary stats={props.model().total} warnings={false} source={props.unit().source} />
                <CoverageBadge
                  badge={coverageBadge(
                    props.model().total,
                    props.model().columns.map((col) => col.total),
                    props.model().columns,
                  )}
                />
              </th>
              <Index each={props.model().columns}>
                {(col) => (
                  <td class="map-cell">
                    <span class="map-cell-shift">{col().shift?.name ?? t('map.noShift')}</span>
                    <StatsSummary stats={col().total} warnings={false} />
                  </td>
                )}
              </Index>
            </tr>
          </tfoot>
        </table>
        <Show when={visible().length < rows().length}>
          <p class="muted" role="status">
            {t('map.loadingRows')}
          </p>
        </Show>
      </section>
    </>
  );
}
