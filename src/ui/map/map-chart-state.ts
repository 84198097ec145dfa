/**
 * The chart's own state: which units are folded, how many chips each cell shows, how many rows
 * are rendered so far (a batch per task, so the first screen paints fast), and what is being
 * dragged or picked for moving.
 */
import { type Accessor, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { type Chip, chipOf, type MapCell, type MapModel, type MapRow } from '../../domain';
import { t } from '../kit/i18n';
import { cellKey, chipName } from './map-format';
import { PERSON_DRAG_TYPE } from './PersonChip';

/** A chip picked for moving, and the cell it sits in. */
export interface Selection {
  readonly id: string;
  readonly name: string;
  readonly unitId: string | null;
  readonly shiftId: string | null;
}

export interface ChartProps {
  model: Accessor<MapModel>;
  selection: Accessor<Selection | null>;
  onSelect: (s: Selection | null) => void;
  onMove: (personId: string, unitId: string | null, shiftId: string | null) => void;
}

/** Rows rendered in the first frame; the rest follow a batch per task, so the first screen paints fast. */
export const FIRST_ROWS = 6;
const ROWS_PER_TASK = 15;
/** Chips added each time "+N more" is pressed. */
const MORE_STEP = 40;

/** Grows the row budget a batch at a time, each batch after the previous frame is painted. */
function growRows(
  budget: Accessor<number>,
  setBudget: (f: (b: number) => number) => void,
  rows: () => unknown[],
) {
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
}

/** Dragging a chip: the cell it hovers over, and the drop that moves the person there. */
function createDrag(props: ChartProps) {
  const [dragging, setDragging] = createSignal(false);
  const [dropKey, setDropKey] = createSignal<string | null>(null);
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
  const dragEnd = () => {
    setDragging(false);
    setDropKey(null);
  };

  return { dragging, setDragging, dropKey, setDropKey, onDrop, onDragOver, dragEnd };
}

export function createChartState(props: ChartProps) {
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [shown, setShown] = createSignal<ReadonlyMap<string, number>>(new Map());
  const [budget, setBudget] = createSignal(FIRST_ROWS);
  const drag = createDrag(props);

  const rows = createMemo(() =>
    props.model().rows.filter((r) => !r.unit?.ancestors.some((a) => collapsed().has(a))),
  );
  const visible = createMemo(() => rows().slice(0, budget()));
  growRows(budget, setBudget, rows);

  const toggle = (id: string) => {
    const next = new Set(collapsed());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
    setBudget((b) => Math.max(b, rows().length));
  };
  const isCollapsed = (row: MapRow) => row.unit !== null && collapsed().has(row.unit.id);
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
  const columnName = (c: number) => props.model().columns[c]?.shift?.name ?? t('map.noShift');
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
  return {
    collapsed,
    setCollapsed,
    budget,
    setBudget,
    ...drag,
    rows,
    visible,
    toggle,
    isCollapsed,
    chipsOf,
    showMore,
    columnName,
    unitLabel,
    selectedKey,
    select,
  };
}

export type ChartState = ReturnType<typeof createChartState>;
