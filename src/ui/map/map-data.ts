/**
 * What the map screens read from the campaign doc, re-read once per burst of its updates: units
 * and shifts (live and deleted, kept stable so an open edit form survives other changes), the
 * people, the floor plan, and the chart model counted against the bargaining unit.
 */
import { type Accessor, createMemo } from 'solid-js';
import type { Doc } from 'yjs';
import {
  bargainingUnit,
  listShifts,
  listUnits,
  mapModel,
  peopleIndex,
  readBargainingUnitSize,
  readFloorPlan,
  type Shift,
  type UnitNode,
} from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { keepStable } from './map-format';

/** Chips made per cell before "+N more" (the first screen of 8,000 people stays a few hundred chips). */
const CHIP_LIMIT = 6;

/** Solid's default for a memo: tell readers only when the value is another one. */
const SAME = { equals: <T>(a: T, b: T) => a === b };

/** A list query whose result keeps the objects (and the list) of its last run where nothing changed. */
function createStableQuery<T extends { id: string }>(doc: Doc, query: (doc: Doc) => readonly T[]) {
  let prev: T[] | undefined;
  return createDocQuery(
    doc,
    (d) => {
      prev = keepStable(prev, query(d));
      return prev;
    },
    SAME,
  );
}

/** Keeps the list of the last run where its items are the same objects. */
function stableMemo<T extends { id: string }>(list: () => readonly T[]): Accessor<T[]> {
  return createMemo<T[]>((prev) => keepStable(prev, list()));
}

export function createMapData(doc: Doc) {
  const allUnits = createStableQuery<UnitNode>(doc, (d) => listUnits(d, { includeDeleted: true }));
  const units = createStableQuery<UnitNode>(doc, (d) => listUnits(d));
  const deletedUnits = createMemo(() => allUnits().filter((u) => u.deleted));
  const allShifts = createStableQuery<Shift>(doc, (d) => listShifts(d, { includeDeleted: true }));
  const shifts = stableMemo(() => allShifts().filter((s) => !s.deleted));
  const deletedShifts = createMemo(() => allShifts().filter((s) => s.deleted));
  // Parsed incrementally: after a move only that person is read again (see people-index.ts).
  const people = createDocQuery(doc, (d) => peopleIndex(d).people(), SAME);
  const setSize = createDocQuery(doc, readBargainingUnitSize, SAME);
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
  const plan = createDocQuery(doc, readFloorPlan, SAME);
  return { units, deletedUnits, shifts, deletedShifts, people, model, unit, plan };
}
