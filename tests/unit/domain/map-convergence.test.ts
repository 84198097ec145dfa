/**
 * Two organizers charting the same workplace offline, then syncing: moves of different people,
 * edits of the same unit, and a move racing a unit edit all survive, and both phones end up with
 * the same chart.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPerson,
  createShift,
  createUnit,
  getPerson,
  listPeople,
  listShifts,
  listUnits,
  mapModel,
  movePerson,
  updateShift,
  updateUnit,
} from '../../../src/domain';
import { ctxFor, newCampaign, replica, syncBoth, value } from '../../support/domain';

function workplace() {
  const doc = newCampaign();
  const c = ctxFor('founder');
  const inbound = value(createUnit(doc, { name: 'Inbound' }, c));
  const dock = value(createUnit(doc, { name: 'Dock 3', parentId: inbound, estimatedHeadcount: 12 }, c));
  const packing = value(createUnit(doc, { name: 'Packing' }, c));
  const days = value(createShift(doc, { name: 'Days' }, c));
  const nights = value(createShift(doc, { name: 'Nights' }, c));
  const ana = value(createPerson(doc, { name: 'Ana', unitId: packing, shiftId: days }, c));
  const bo = value(createPerson(doc, { name: 'Bo', unitId: packing, shiftId: days }, c));
  return { doc, inbound, dock, packing, days, nights, ana, bo };
}

const chart = (doc: Y.Doc) => {
  const m = mapModel(listPeople(doc).people, listUnits(doc), listShifts(doc));
  return m.rows.map((r) => [
    r.unit?.path ?? null,
    r.total.estimate,
    r.cells.map((c) => c.people.map((p) => p.name)),
  ]);
};

const expectSameDocs = (a: Y.Doc, b: Y.Doc) => {
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  expect(chart(a)).toEqual(chart(b));
};

describe('map convergence', () => {
  it('two organizers move different people and edit the same unit: every edit survives', () => {
    const { doc: a, dock, packing, days, nights, ana, bo } = workplace();
    const b = replica(a);
    const alice = ctxFor('alice');
    const bob = ctxFor('bob');
    // Alice: moves Ana to Dock 3 / Nights, renames Dock 3.
    value(movePerson(a, ana, { unitId: dock, shiftId: nights }, alice));
    value(updateUnit(a, dock, { name: 'Dock 3 (cold)' }, alice));
    // Bob, offline at the same time: moves Bo to Dock 3 / Days, re-estimates Dock 3, moves it to the top.
    value(movePerson(b, bo, { unitId: dock, shiftId: days }, bob));
    value(updateUnit(b, dock, { estimatedHeadcount: 20, parentId: null }, bob));
    syncBoth(a, b);
    expectSameDocs(a, b);
    const unit = listUnits(a).find((u) => u.id === dock);
    expect(unit).toMatchObject({
      name: 'Dock 3 (cold)',
      estimatedHeadcount: 20,
      depth: 0,
      path: 'Dock 3 (cold)',
    });
    expect(value(getPerson(a, ana))).toMatchObject({ unitId: dock, shiftId: nights });
    expect(value(getPerson(a, bo))).toMatchObject({ unitId: dock, shiftId: days });
    const row = mapModel(listPeople(b).people, listUnits(b), listShifts(b)).rows.find(
      (r) => r.unit?.id === dock,
    );
    expect(row?.cells.map((c) => c.people.map((p) => p.name))).toEqual([['Bo'], ['Ana']]);
    expect(row?.total).toMatchObject({ known: 2, estimate: 20 });
    expect(packing).toBeTruthy();
  });

  it('one organizer moves a person to another unit while another moves them to another shift: both apply', () => {
    const { doc: a, dock, nights, ana } = workplace();
    const b = replica(a);
    value(movePerson(a, ana, { unitId: dock }, ctxFor('alice')));
    value(movePerson(b, ana, { shiftId: nights }, ctxFor('bob')));
    syncBoth(a, b);
    expectSameDocs(a, b);
    expect(value(getPerson(b, ana))).toMatchObject({ unitId: dock, shiftId: nights });
  });

  it('the same person moved to two places converges to one of them on both phones', () => {
    const { doc: a, dock, inbound, ana } = workplace();
    const b = replica(a);
    value(movePerson(a, ana, { unitId: dock }, ctxFor('alice')));
    value(movePerson(b, ana, { unitId: inbound }, ctxFor('bob')));
    syncBoth(a, b);
    expectSameDocs(a, b);
    expect([dock, inbound]).toContain(value(getPerson(a, ana)).unitId);
  });

  it('a unit nested under another on each phone (a merged cycle) still charts every person once', () => {
    const { doc: a, inbound, packing, ana, bo } = workplace();
    const b = replica(a);
    value(updateUnit(a, inbound, { parentId: packing }, ctxFor('alice')));
    value(updateUnit(b, packing, { parentId: inbound }, ctxFor('bob')));
    value(updateShift(b, listShifts(b)[0]?.id ?? '', { name: 'Early' }, ctxFor('bob')));
    syncBoth(a, b);
    expectSameDocs(a, b);
    const m = mapModel(listPeople(a).people, listUnits(a), listShifts(a));
    const placed = m.rows.flatMap((r) => r.cells.flatMap((c) => c.people.map((p) => p.id)));
    expect(placed.sort()).toEqual([ana, bo].sort());
    expect(m.columns[0]?.shift?.name).toBe('Early');
  });
});
