/** Stats and card-threshold math with exact numbers. */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  type Assessment,
  campaignStats,
  cardsRequired,
  createPerson,
  createShift,
  createUnit,
  deletePerson,
  listPeople,
  type Person,
  statsBy,
} from '../../../src/domain';
import { ctxFor, newCampaign, value } from '../../support/domain';

const ctx = ctxFor('dev');

/** `total` people; the first `cards` have signed; assessments cycle through `assessments`. */
function campaign(total: number, cards: number, assessments: (Assessment | null)[] = [null]): Y.Doc {
  const doc = newCampaign();
  for (let i = 0; i < total; i++) {
    const assessment = assessments[i % assessments.length] ?? null;
    value(createPerson(doc, { name: `P${i}`, assessment, card: { signed: i < cards } }, ctx));
  }
  return doc;
}

const stats = (doc: Y.Doc) => campaignStats(listPeople(doc).people);

describe('card thresholds', () => {
  it('100 people with 20 cards need 10 for 30%, 31 for a majority, 45 for 65%', () => {
    const s = stats(campaign(100, 20));
    expect(s.cardsSigned).toBe(20);
    expect(s.cardsPercent).toBe(20);
    expect(s.thresholds.thirty).toEqual({
      percent: 30,
      rule: 'at-least',
      required: 30,
      needed: 10,
      reached: false,
    });
    expect(s.thresholds.majority).toEqual({
      percent: 50,
      rule: 'more-than',
      required: 51,
      needed: 31,
      reached: false,
    });
    expect(s.thresholds.supermajority).toMatchObject({ required: 65, needed: 45, reached: false });
  });

  it.each([
    // total, thirty, majority, sixty-five
    [0, 0, 0, 0],
    [1, 1, 1, 1],
    [2, 1, 2, 2],
    [3, 1, 2, 2],
    [10, 3, 6, 7],
    [20, 6, 11, 13],
    [101, 31, 51, 66],
    [1000, 300, 501, 650],
    [8000, 2400, 4001, 5200],
  ])('with %i people requires %i / %i / %i cards', (total, thirty, majority, sixtyFive) => {
    expect(cardsRequired(total, 30, 'at-least')).toBe(thirty);
    expect(cardsRequired(total, 50, 'more-than')).toBe(majority);
    expect(cardsRequired(total, 65, 'at-least')).toBe(sixtyFive);
  });

  it('is exact for every percentage and total (no floating-point drift)', () => {
    expect(cardsRequired(100, 7, 'at-least')).toBe(7); // a float ceil of 100 × 0.07 gives 8
    for (let percent = 1; percent < 100; percent++) {
      for (let total = 1; total <= 2000; total++) {
        const r = cardsRequired(total, percent, 'at-least');
        if (!(r * 100 >= total * percent && (r - 1) * 100 < total * percent)) {
          expect({ total, percent, r }).toBe('the smallest r with r/total >= percent/100');
        }
      }
    }
  });

  it('is exact for every total up to 10,000 at 30%, majority and 65%', () => {
    for (let total = 1; total <= 10_000; total++) {
      for (const p of [30, 65]) {
        const r = cardsRequired(total, p, 'at-least');
        // smallest r with r/total >= p/100, in integers
        expect(r * 100 >= total * p && (r - 1) * 100 < total * p).toBe(true);
      }
      const m = cardsRequired(total, 50, 'more-than');
      expect(m * 2 > total && (m - 1) * 2 <= total).toBe(true);
    }
  });

  it('counts a threshold as reached exactly at the required count', () => {
    const at = stats(campaign(10, 6));
    expect(at.thresholds.majority).toMatchObject({ required: 6, needed: 0, reached: true });
    expect(at.thresholds.supermajority).toMatchObject({ required: 7, needed: 1, reached: false });
    const half = stats(campaign(10, 5));
    expect(half.thresholds.majority).toMatchObject({ needed: 1, reached: false });
    expect(stats(newCampaign()).thresholds.thirty).toMatchObject({ required: 0, needed: 0, reached: false });
  });
});

describe('campaignStats', () => {
  it('counts the distribution, assessed share, leaders and committee, ignoring deleted people', () => {
    const doc = campaign(10, 0, [1, 2, 3, 4, 5, null, 3, 3]);
    const people = listPeople(doc).people;
    const s = campaignStats(people);
    expect(s.total).toBe(10);
    expect(s.distribution).toEqual({ 1: 2, 2: 2, 3: 3, 4: 1, 5: 1, unassessed: 1 });
    expect(s.assessed).toBe(9);
    expect(s.assessedPercent).toBe(90);
    const withDeleted = [...people, { ...(people[0] as Person), id: 'deleted', deleted: true }];
    expect(campaignStats(withDeleted).total).toBe(10);
    value(deletePerson(doc, people[0]?.id as string, ctx));
    expect(stats(doc).total).toBe(9);
  });

  it('reports zeros, not NaN, for an empty campaign', () => {
    const s = stats(newCampaign());
    expect(s).toMatchObject({ total: 0, assessed: 0, assessedPercent: 0, cardsPercent: 0, cardsSigned: 0 });
  });
});

describe('statsBy', () => {
  it('groups by unit or shift, with null for people without one', () => {
    const doc = newCampaign();
    const a = value(createUnit(doc, { name: 'A' }, ctx));
    const b = value(createUnit(doc, { name: 'B' }, ctx));
    const nights = value(createShift(doc, { name: 'Nights' }, ctx));
    value(createPerson(doc, { name: 'p1', unitId: a, card: { signed: true } }, ctx));
    value(createPerson(doc, { name: 'p2', unitId: a, shiftId: nights }, ctx));
    value(createPerson(doc, { name: 'p3', unitId: b, assessment: 1 }, ctx));
    value(createPerson(doc, { name: 'p4' }, ctx));
    const people = listPeople(doc).people;
    const byUnit = statsBy(people, 'unitId');
    expect([...byUnit.keys()].sort((x, y) => String(x).localeCompare(String(y)))).toEqual(
      [a, b, null].sort((x, y) => String(x).localeCompare(String(y))),
    );
    expect(byUnit.get(a)).toMatchObject({ total: 2, cardsSigned: 1, cardsPercent: 50 });
    expect(byUnit.get(b)).toMatchObject({ total: 1, assessed: 1 });
    expect(byUnit.get(null)?.total).toBe(1);
    const byShift = statsBy(people, 'shiftId');
    expect(byShift.get(nights)?.total).toBe(1);
    expect(byShift.get(null)?.total).toBe(3);
  });
});
