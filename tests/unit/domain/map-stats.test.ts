/** The workplace map model: cells, roll-ups, estimates, coverage warnings, chips and the gaps ranking. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  coverageOf,
  createPerson,
  createShift,
  createUnit,
  deletePerson,
  deleteShift,
  deleteUnit,
  listPeople,
  listShifts,
  listUnits,
  type MapModel,
  mapModel,
  type PersonInput,
  statsBy,
} from '../../../src/domain';
import { generateCampaign } from '../../fixtures/campaign-generator';
import { ctxFor, newCampaign, value } from '../../support/domain';

const ctx = () => ctxFor('organizer-a');

function setup() {
  const doc = newCampaign();
  const c = ctx();
  const inbound = value(createUnit(doc, { name: 'Inbound', estimatedHeadcount: 40 }, c));
  const dock1 = value(createUnit(doc, { name: 'Dock 1', parentId: inbound, estimatedHeadcount: 10 }, c));
  const dock2 = value(createUnit(doc, { name: 'Dock 2', parentId: inbound }, c));
  const packing = value(createUnit(doc, { name: 'Packing' }, c));
  const days = value(createShift(doc, { name: 'Days' }, c));
  const nights = value(createShift(doc, { name: 'Nights' }, c));
  const add = (name: string, input: Omit<PersonInput, 'name'>) =>
    value(createPerson(doc, { name, ...input }, c));
  return { doc, inbound, dock1, dock2, packing, days, nights, add };
}

const model = (doc: Y.Doc, chipLimit?: number): MapModel =>
  mapModel(listPeople(doc).people, listUnits(doc), listShifts(doc), { chipLimit });

const rowOf = (m: MapModel, unitId: string | null) => {
  const row = m.rows.find((r) => (r.unit?.id ?? null) === unitId);
  if (!row) throw new Error(`no row ${unitId}`);
  return row;
};

describe('map model: cells', () => {
  it('counts people per unit × shift with assessed, supportive and card shares and warnings', () => {
    const { doc, dock1, days, nights, add } = setup();
    add('Ana', { unitId: dock1, shiftId: days, assessment: 1, committee: true, card: { signed: true } });
    add('Bo', { unitId: dock1, shiftId: days, assessment: 2, leader: true });
    add('Cy', { unitId: dock1, shiftId: days, assessment: 4 });
    add('Di', { unitId: dock1, shiftId: days });
    add('Ed', { unitId: dock1, shiftId: nights, assessment: 3 });
    const m = model(doc);
    expect(m.columns.map((c) => c.shift?.name)).toEqual(['Days', 'Nights']);
    const [dayCell, nightCell] = rowOf(m, dock1).cells;
    expect(dayCell?.stats).toMatchObject({
      known: 4,
      base: 4,
      assessed: 3,
      supportive: 2,
      cards: 1,
      leaders: 1,
      committee: 1,
      assessedPercent: 75,
      supportivePercent: 50,
      cardsPercent: 25,
      warnings: [],
    });
    expect(dayCell?.stats.distribution).toEqual({ 1: 1, 2: 1, 3: 0, 4: 1, 5: 0, unassessed: 1 });
    expect(nightCell?.stats).toMatchObject({ known: 1, assessed: 1, supportive: 0 });
    expect(nightCell?.stats.warnings).toEqual(['no-committee', 'no-leader']);
  });

  it('orders chips committee, leaders, then most supportive first, and cuts them at the limit', () => {
    const { doc, packing, days, add } = setup();
    add('Zed', { unitId: packing, shiftId: days, assessment: 5 });
    add('Amy', { unitId: packing, shiftId: days });
    add('Lee', { unitId: packing, shiftId: days, assessment: 3, leader: true });
    add('Kim', { unitId: packing, shiftId: days, assessment: 2 });
    add('Com', { unitId: packing, shiftId: days, assessment: 4, committee: true, card: { signed: true } });
    const cell = rowOf(model(doc, 3), packing).cells[0];
    expect(cell?.people.map((p) => p.name)).toEqual(['Com', 'Lee', 'Kim', 'Zed', 'Amy']);
    expect(cell?.chips.map((c) => c.name)).toEqual(['Com', 'Lee', 'Kim']);
    expect(cell?.chips[0]).toMatchObject({ committee: true, card: true, assessment: 4 });
    expect(cell?.more).toBe(2);
    expect(rowOf(model(doc, 10), packing).cells[0]?.more).toBe(0);
  });

  it('shows the "no shift" column and the "not placed" row only when someone is in them', () => {
    const { doc, packing, days, add } = setup();
    add('Placed', { unitId: packing, shiftId: days });
    let m = model(doc);
    expect(m.columns).toHaveLength(2);
    expect(m.rows.some((r) => r.unit === null)).toBe(false);
    add('Loose', {});
    add('No shift', { unitId: packing });
    m = model(doc);
    expect(m.columns.map((c) => c.shift?.name ?? null)).toEqual(['Days', 'Nights', null]);
    expect(rowOf(m, null).cells[2]?.people.map((p) => p.name)).toEqual(['Loose']);
    expect(rowOf(m, packing).cells[2]?.people.map((p) => p.name)).toEqual(['No shift']);
    // Not being placed is a to-do, not a place: such cells stay off the gaps list.
    expect(m.unplaced).toBe(2);
    expect(m.gaps.map((g) => `${g.kind}:${g.unit?.name}/${g.shift?.name ?? '-'}`)).toEqual([
      'unit:Inbound/-', // ~40 work there, nobody known
      'cell:Packing/Days',
    ]);
  });

  it('lists unit cells as gaps when the campaign has no shifts at all', () => {
    const doc = newCampaign();
    const hall = value(createUnit(doc, { name: 'Hall' }, ctx()));
    value(createPerson(doc, { name: 'A', unitId: hall }, ctx()));
    value(createPerson(doc, { name: 'B' }, ctx()));
    const m = model(doc);
    expect(m.columns.map((c) => c.shift)).toEqual([null]);
    expect(m.gaps.map((g) => [g.kind, g.unit?.name, g.shift])).toEqual([['cell', 'Hall', null]]);
    expect(m.unplaced).toBe(1);
  });

  it('shows people of a deleted unit or shift as not placed, and never counts deleted people', () => {
    const { doc, packing, nights, add } = setup();
    const kept = add('Kept', { unitId: packing, shiftId: nights });
    const gone = add('Gone', { unitId: packing, shiftId: nights });
    value(deletePerson(doc, gone, ctx()));
    value(deleteUnit(doc, packing, ctx()));
    value(deleteShift(doc, nights, ctx()));
    const m = model(doc);
    expect(m.total.known).toBe(1);
    expect(m.columns.map((c) => c.shift?.name ?? null)).toEqual(['Days', null]);
    expect(rowOf(m, null).cells[1]?.people.map((p) => p.id)).toEqual([kept]);
  });
});

describe('map model: units', () => {
  it('rolls sub-units up into their parent and uses the estimate as the base when it is larger', () => {
    const { doc, inbound, dock1, dock2, days, nights, add } = setup();
    add('A', { unitId: dock1, shiftId: days, assessment: 1, committee: true });
    add('B', { unitId: dock2, shiftId: nights, assessment: 2, leader: true });
    add('C', { unitId: inbound, shiftId: days, assessment: 2, card: { signed: true } });
    add('D', { unitId: dock2, shiftId: days });
    const m = model(doc);
    const row = rowOf(m, inbound);
    expect(row.hasChildren).toBe(true);
    expect(row.cells[0]?.stats.known).toBe(1); // only C is placed in Inbound itself
    expect(row.rolled.map((s) => s.known)).toEqual([3, 1]);
    expect(row.total).toMatchObject({ known: 4, estimate: 40, base: 40, supportive: 3, cards: 1 });
    expect(row.total.supportivePercent).toBe(7.5);
    expect(row.total.warnings).toEqual([]);
    const dock1Row = rowOf(m, dock1);
    expect(dock1Row.hasChildren).toBe(false);
    expect(dock1Row.rolled).toEqual(dock1Row.cells.map((c) => c.stats));
    expect(dock1Row.total).toMatchObject({ known: 1, estimate: 10, base: 10, assessedPercent: 10 });
    expect(rowOf(m, dock2).total).toMatchObject({ known: 2, base: 2, warnings: ['no-committee'] });
    expect(rowOf(m, dock2).total.estimate).toBeUndefined();
  });

  it('estimates a parent without its own estimate from its sub-units and its own people', () => {
    const doc = newCampaign();
    const c = ctx();
    const hall = value(createUnit(doc, { name: 'Hall' }, c));
    const a = value(createUnit(doc, { name: 'A', parentId: hall, estimatedHeadcount: 30 }, c));
    const b = value(createUnit(doc, { name: 'B', parentId: hall }, c));
    value(createPerson(doc, { name: 'In B', unitId: b }, c));
    value(createPerson(doc, { name: 'In B too', unitId: b }, c));
    value(createPerson(doc, { name: 'In Hall', unitId: hall }, c));
    value(createPerson(doc, { name: 'In A', unitId: a }, c));
    const m = model(doc);
    expect(rowOf(m, hall).total).toMatchObject({ known: 4, estimate: 33, base: 33 });
    // Top units' bases plus nobody unplaced: the whole workplace.
    expect(m.total).toMatchObject({ known: 4, estimate: 33, base: 33 });
    const plain = newCampaign();
    const p = value(createUnit(plain, { name: 'P' }, c));
    value(createUnit(plain, { name: 'Q', parentId: p }, c));
    expect(rowOf(model(plain), p).total.estimate).toBeUndefined();
    expect(model(plain).total.estimate).toBeUndefined();
  });

  it('gives column totals per shift with their own warnings', () => {
    const { doc, dock1, packing, days, nights, add } = setup();
    add('A', { unitId: dock1, shiftId: days, committee: true, leader: true });
    add('B', { unitId: packing, shiftId: days });
    add('C', { unitId: packing, shiftId: nights, leader: true });
    const m = model(doc);
    expect(m.columns[0]?.total).toMatchObject({ known: 2, warnings: [] });
    expect(m.columns[1]?.total).toMatchObject({ known: 1, warnings: ['no-committee'] });
  });

  it('agrees with statsBy for every unit on a generated 2,000-person campaign', () => {
    const doc = new Y.Doc();
    generateCampaign(doc, { seed: 7, people: 2000, units: 20, shifts: 3 });
    const people = listPeople(doc).people;
    const m = mapModel(people, listUnits(doc), listShifts(doc));
    const byUnit = statsBy(people, 'unitId');
    for (const row of m.rows) {
      if (!row.unit) continue;
      const own = row.cells.reduce((n, cell) => n + cell.stats.known, 0);
      expect(own).toBe(byUnit.get(row.unit.id)?.total ?? 0);
      const cards = row.cells.reduce((n, cell) => n + cell.stats.cards, 0);
      expect(cards).toBe(byUnit.get(row.unit.id)?.cardsSigned ?? 0);
    }
    const cells = m.rows.flatMap((r) => r.cells);
    expect(cells.reduce((n, c) => n + c.stats.known, 0)).toBe(people.length);
    expect(m.total.known).toBe(people.length);
    expect(m.columns.reduce((n, c) => n + c.total.known, 0)).toBe(people.length);
    for (const cell of cells) expect(cell.chips.length + cell.more).toBe(cell.people.length);
  });
});

describe('map model: gaps', () => {
  it('ranks the least-covered places first: nobody known, then no committee or leader, then shares', () => {
    const { doc, inbound, dock1, dock2, packing, days, nights, add } = setup();
    // Packing/Days: committee + leader, all supportive → best covered.
    add('P1', { unitId: packing, shiftId: days, assessment: 1, committee: true, leader: true });
    // Packing/Nights: a leader, nobody on the committee.
    add('P2', { unitId: packing, shiftId: nights, assessment: 2, leader: true });
    // Dock 2/Nights: three people, nobody assessed.
    for (const n of ['D1', 'D2', 'D3']) add(n, { unitId: dock2, shiftId: nights });
    // Dock 2/Days: one person, nobody assessed: same coverage (0), smaller → after the bigger one.
    add('D4', { unitId: dock2, shiftId: days });
    const m = model(doc);
    const names = m.gaps.map((g) => `${g.kind}:${g.unit?.name ?? '-'}/${g.shift?.name ?? '-'}`);
    expect(names).toEqual([
      'unit:Dock 1/-', // estimate 10, nobody known: base 10 > base 3
      'cell:Dock 2/Nights',
      'cell:Dock 2/Days',
      'cell:Packing/Nights',
      'cell:Packing/Days',
    ]);
    expect(m.gaps[0]?.coverage).toBe(0);
    expect(m.gaps[3]?.coverage).toBe(0.25 + 0.25 + 0.25);
    expect(m.gaps[4]?.coverage).toBe(1);
    expect(m.gaps.some((g) => g.unit?.id === inbound && g.kind === 'unit')).toBe(false);
    expect(dock1).toBeTruthy();
  });

  it('lists only the top uncovered unit when a whole branch is unknown', () => {
    const doc = newCampaign();
    const c = ctx();
    const hall = value(createUnit(doc, { name: 'Hall', estimatedHeadcount: 50 }, c));
    value(createUnit(doc, { name: 'Bay', parentId: hall, estimatedHeadcount: 20 }, c));
    const m = model(doc);
    expect(m.gaps.map((g) => g.unit?.name)).toEqual(['Hall']);
    expect(m.gaps[0]?.stats).toMatchObject({ known: 0, base: 50, warnings: ['no-committee', 'no-leader'] });
  });

  it('scores coverage as a quarter each for committee, leader, assessed and supportive shares', () => {
    const { doc, packing, days, add } = setup();
    add('A', { unitId: packing, shiftId: days, assessment: 2, leader: true });
    add('B', { unitId: packing, shiftId: days, assessment: 4 });
    const stats = rowOf(model(doc), packing).cells[0]?.stats;
    if (!stats) throw new Error('no cell');
    expect(coverageOf(stats)).toBeCloseTo(0.25 + 0.25 * 1 + 0.25 * 0.5);
  });
});
