/** Progress over time (cards and assessments per week) and the one coverage badge per map row. */
import { describe, expect, it } from 'vitest';
import {
  coverageBadge,
  createPerson,
  createShift,
  createUnit,
  deletePerson,
  listPeople,
  listShifts,
  listUnits,
  mapModel,
  peopleInUnit,
  rateAssessment,
  setCardSigned,
  setCommittee,
  setLeader,
  weeklyProgress,
  weekStart,
} from '../../../src/domain';
import { ctxFor, newCampaign, value } from '../../support/domain';

/** A context whose clock reads `iso` (one change recorded at that moment). */
const at = (iso: string) => ctxFor('organizer-a', { now: () => new Date(iso) });

describe('weekStart', () => {
  it('is the Monday of the week', () => {
    expect(weekStart('2026-12-04')).toBe('2026-11-30'); // a Friday
    expect(weekStart('2026-11-30')).toBe('2026-11-30'); // a Monday
    expect(weekStart('2026-12-06')).toBe('2026-11-30'); // a Sunday
    expect(weekStart('2027-01-01')).toBe('2026-12-28'); // across a year
  });
});

describe('weeklyProgress', () => {
  // Weeks: W1 = Nov 9, W2 = Nov 16, W3 = Nov 23, W4 = Nov 30 (today, Dec 4).
  const today = '2026-12-04';

  function campaign() {
    const doc = newCampaign();
    const ana = value(createPerson(doc, { name: 'Ana' }, at('2026-11-10T09:00:00Z')));
    const bo = value(createPerson(doc, { name: 'Bo' }, at('2026-11-10T09:05:00Z')));
    const cy = value(createPerson(doc, { name: 'Cy' }, at('2026-11-24T09:00:00Z')));
    value(rateAssessment(doc, ana, 2, at('2026-11-11T10:00:00Z')));
    value(rateAssessment(doc, ana, 1, at('2026-11-25T10:00:00Z')));
    value(rateAssessment(doc, bo, 4, at('2026-11-18T10:00:00Z')));
    // Ana's card: recorded Dec 1 but signed (dated) Nov 19.
    value(setCardSigned(doc, ana, { signed: true, date: '2026-11-19' }, at('2026-12-01T12:00:00Z')));
    // Bo signs Nov 24 and withdraws Dec 2.
    value(setCardSigned(doc, bo, { signed: true }, at('2026-11-24T12:00:00Z')));
    value(setCardSigned(doc, bo, { signed: false }, at('2026-12-02T12:00:00Z')));
    return { doc, ana, bo, cy };
  }

  it('rebuilds cards, withdrawals, ratings and the known people week by week', () => {
    const { doc } = campaign();
    const weeks = weeklyProgress(listPeople(doc).people, { today, weeks: 4 });
    expect(weeks.map((w) => w.week)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(weeks.map((w) => w.end)).toEqual(['2026-11-15', '2026-11-22', '2026-11-29', '2026-12-06']);
    expect(weeks.map((w) => w.known)).toEqual([2, 2, 3, 3]);
    // Ana counts from the card's date (week 2), though it was entered in week 4.
    expect(weeks.map((w) => w.cards)).toEqual([0, 1, 2, 1]);
    expect(weeks.map((w) => w.newCards)).toEqual([0, 1, 1, 0]);
    expect(weeks.map((w) => w.withdrawn)).toEqual([0, 0, 0, 1]);
    expect(weeks.map((w) => w.ratings)).toEqual([1, 1, 1, 0]);
    expect(weeks.map((w) => w.assessed)).toEqual([1, 2, 2, 2]);
    expect(weeks[0]?.distribution).toMatchObject({ 2: 1, unassessed: 1 });
    expect(weeks[3]?.distribution).toMatchObject({ 1: 1, 4: 1, unassessed: 1 });
  });

  it('the last week agrees with today’s numbers', () => {
    const { doc } = campaign();
    const people = listPeople(doc).people;
    const last = weeklyProgress(people, { today }).at(-1);
    expect(last?.cards).toBe(people.filter((p) => p.card.signed).length);
    expect(last?.assessed).toBe(people.filter((p) => p.assessment !== null).length);
    expect(last?.known).toBe(people.length);
  });

  it('leaves out weeks before anyone was known, keeping at least minWeeks', () => {
    const { doc } = campaign();
    const people = listPeople(doc).people;
    expect(weeklyProgress(people, { today, weeks: 12 }).map((w) => w.week)[0]).toBe('2026-11-09');
    expect(weeklyProgress(people, { today, weeks: 12, minWeeks: 6 })).toHaveLength(6);
    expect(weeklyProgress([], { today, weeks: 12 })).toHaveLength(4);
  });

  it('leaves out deleted people and uses the calendar day it is given', () => {
    const { doc, cy } = campaign();
    value(deletePerson(doc, cy, at('2026-12-03T10:00:00Z')));
    const people = listPeople(doc, { includeDeleted: true }).people;
    expect(weeklyProgress(people, { today, weeks: 4 }).map((w) => w.known)).toEqual([2, 2, 2, 2]);
    // Bo's withdrawal at 12:00 UTC on Dec 2 falls in week 4 in UTC; a calendar 14 days behind moves it back.
    const shifted = (iso: string) => new Date(Date.parse(iso) - 14 * 86_400_000).toISOString().slice(0, 10);
    const weeks = weeklyProgress(people, { today, weeks: 4, dayOf: shifted });
    expect(weeks.map((w) => w.withdrawn)).toEqual([0, 1, 0, 0]);
  });

  it('a person without history counts their current card and rating from their card date or creation', () => {
    const { doc, cy } = campaign();
    const person = listPeople(doc).people.find((p) => p.id === cy);
    if (!person) throw new Error('no Cy');
    const older = { ...person, assessment: 3 as const, card: { signed: true, date: '2026-11-17' } };
    const weeks = weeklyProgress([older], { today, weeks: 4, minWeeks: 4 });
    expect(weeks.map((w) => w.cards)).toEqual([0, 1, 1, 1]);
    expect(weeks.map((w) => w.known)).toEqual([0, 1, 1, 1]);
    expect(weeks.map((w) => w.assessed)).toEqual([0, 0, 1, 1]);
  });

  it('peopleInUnit takes sub-units and leaves out other units and deleted people', () => {
    const doc = newCampaign();
    const c = ctxFor('organizer-a');
    const inbound = value(createUnit(doc, { name: 'Inbound' }, c));
    const dock = value(createUnit(doc, { name: 'Dock 3', parentId: inbound }, c));
    const packing = value(createUnit(doc, { name: 'Packing' }, c));
    value(createPerson(doc, { name: 'A', unitId: inbound }, c));
    value(createPerson(doc, { name: 'B', unitId: dock }, c));
    value(createPerson(doc, { name: 'C', unitId: packing }, c));
    const gone = value(createPerson(doc, { name: 'D', unitId: dock }, c));
    value(deletePerson(doc, gone, c));
    const people = listPeople(doc, { includeDeleted: true }).people;
    const units = listUnits(doc);
    expect(peopleInUnit(people, units, inbound).map((p) => p.name)).toEqual(['A', 'B']);
    expect(peopleInUnit(people, units, dock).map((p) => p.name)).toEqual(['B']);
  });
});

describe('coverageBadge', () => {
  it('one verdict per row: missing everywhere, missing on some shifts, or covered', () => {
    const doc = newCampaign();
    const c = ctxFor('organizer-a');
    const dock = value(createUnit(doc, { name: 'Dock', estimatedHeadcount: 30 }, c));
    const pack = value(createUnit(doc, { name: 'Packing' }, c));
    const empty = value(createUnit(doc, { name: 'Office' }, c));
    const days = value(createShift(doc, { name: 'Days' }, c));
    const nights = value(createShift(doc, { name: 'Nights' }, c));
    const ana = value(createPerson(doc, { name: 'Ana', unitId: dock, shiftId: days }, c));
    value(createPerson(doc, { name: 'Bo', unitId: dock, shiftId: nights }, c));
    value(setLeader(doc, ana, true, c));
    const cy = value(createPerson(doc, { name: 'Cy', unitId: pack, shiftId: days }, c));
    value(setLeader(doc, cy, true, c));
    value(setCommittee(doc, cy, true, c));
    const m = mapModel(listPeople(doc).people, listUnits(doc), listShifts(doc));
    const badgeOf = (id: string) => {
      const row = m.rows.find((r) => r.unit?.id === id);
      if (!row) throw new Error('no row');
      return coverageBadge(row.total, row.rolled, m.columns);
    };
    const dockBadge = badgeOf(dock);
    expect(dockBadge.kind).toBe('gaps');
    expect(dockBadge.missing).toEqual(['no-committee']);
    expect(dockBadge.missingOn).toEqual([
      { warning: 'no-leader', shifts: [expect.objectContaining({ id: nights })] },
    ]);
    expect(badgeOf(pack)).toEqual({ kind: 'ok', missing: [], missingOn: [] });
    expect(badgeOf(empty).kind).toBe('empty');
    const whole = coverageBadge(
      m.total,
      m.columns.map((col) => col.total),
      m.columns,
    );
    expect(whole.kind).toBe('gaps');
    expect(whole.missing).toEqual([]);
    expect(whole.missingOn.map((x) => x.warning)).toEqual(['no-leader', 'no-committee']);
  });
});
