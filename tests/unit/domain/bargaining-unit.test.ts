/** The bargaining unit: the denominator of every campaign-wide percentage and threshold. */
import { describe, expect, it } from 'vitest';
import {
  BARGAINING_UNIT_KEY,
  bargainingUnit,
  campaignStats,
  createPerson,
  createShift,
  createUnit,
  listPeople,
  listShifts,
  listUnits,
  mapModel,
  parseSizeInput,
  readBargainingUnitSize,
  setBargainingUnitSize,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, replica, syncBoth, value } from '../../support/domain';

const ctx = () => ctxFor('organizer-a');

/** 11 people known, 4 cards signed, units estimated at 60 + 40: the warehouse of issue 18. */
function warehouse() {
  const doc = newCampaign();
  const c = ctx();
  const inbound = value(createUnit(doc, { name: 'Inbound', estimatedHeadcount: 60 }, c));
  const packing = value(createUnit(doc, { name: 'Packing', estimatedHeadcount: 40 }, c));
  const days = value(createShift(doc, { name: 'Days' }, c));
  for (let i = 0; i < 11; i++) {
    value(
      createPerson(
        doc,
        {
          name: `Person ${i}`,
          unitId: i < 6 ? inbound : packing,
          shiftId: days,
          card: { signed: i < 4 },
          assessment: i < 8 ? 2 : null,
        },
        c,
      ),
    );
  }
  return doc;
}

const estimateOf = (doc: ReturnType<typeof newCampaign>) =>
  mapModel(listPeople(doc).people, listUnits(doc), listShifts(doc)).estimate;

describe('bargainingUnit', () => {
  it('uses the committee figure, else the estimate, else the people known', () => {
    expect(bargainingUnit({ known: 11, estimate: 100, set: 120 })).toMatchObject({
      size: 120,
      source: 'set',
      outdated: false,
    });
    expect(bargainingUnit({ known: 11, estimate: 100 })).toMatchObject({ size: 100, source: 'estimate' });
    expect(bargainingUnit({ known: 11 })).toMatchObject({ size: 11, source: 'known', outdated: false });
  });

  it('never goes below the people known, and says the figure is out of date', () => {
    expect(bargainingUnit({ known: 130, set: 120 })).toMatchObject({
      size: 130,
      source: 'set',
      outdated: true,
    });
    expect(bargainingUnit({ known: 50, estimate: 40 })).toMatchObject({ size: 50, outdated: true });
  });

  it('a set size of 0 with nobody known is 0, not a division by zero downstream', () => {
    const s = campaignStats([], bargainingUnit({ known: 0, set: 0 }).size);
    expect(s.cardsPercent).toBe(0);
    expect(s.thresholds.majority.reached).toBe(false);
  });
});

describe('campaign numbers against the bargaining unit', () => {
  it('counts 4 cards of ~100 as 4%, not 4 of 11 known as 36%', () => {
    const doc = warehouse();
    const people = listPeople(doc).people;
    expect(estimateOf(doc)).toBe(100);
    const known = campaignStats(people);
    expect(known.cardsPercent).toBeCloseTo(36.36, 1);
    const unit = bargainingUnit({ known: people.length, estimate: estimateOf(doc) });
    const s = campaignStats(people, unit.size);
    expect(s.total).toBe(11);
    expect(s.base).toBe(100);
    expect(s.cardsPercent).toBe(4);
    expect(s.assessedPercent).toBe(8);
    expect(s.thresholds.thirty).toMatchObject({ required: 30, needed: 26, reached: false });
    expect(s.thresholds.majority).toMatchObject({ required: 51, needed: 47 });
    expect(s.thresholds.supermajority).toMatchObject({ required: 65, needed: 61 });
  });

  it('the map total is of the committee figure when one is set, and keeps the estimate', () => {
    const doc = warehouse();
    const m = mapModel(listPeople(doc).people, listUnits(doc), listShifts(doc), { size: 150 });
    expect(m.estimate).toBe(100);
    expect(m.total).toMatchObject({ known: 11, base: 150, estimate: 150, cards: 4 });
    expect(m.total.cardsPercent).toBeCloseTo(2.67, 1);
  });

  it('without any estimate the map has none and the denominator is the people known', () => {
    const doc = newCampaign();
    value(createPerson(doc, { name: 'Ana' }, ctx()));
    expect(estimateOf(doc)).toBeUndefined();
    expect(bargainingUnit({ known: 1, estimate: estimateOf(doc) })).toMatchObject({
      size: 1,
      source: 'known',
    });
  });
});

describe('setBargainingUnitSize', () => {
  it('stores the figure in the campaign so a peer sees it, and clears it back to the estimate', () => {
    const a = warehouse();
    const b = replica(a);
    value(setBargainingUnitSize(a, 120, ctx()));
    expect(readBargainingUnitSize(a)).toBe(120);
    syncBoth(a, b);
    expect(readBargainingUnitSize(b)).toBe(120);
    value(setBargainingUnitSize(b, null, ctxFor('organizer-b')));
    syncBoth(a, b);
    expect(readBargainingUnitSize(a)).toBeUndefined();
  });

  it('refuses what is not a whole number from 0 to the limit, and writes nothing', () => {
    const doc = warehouse();
    let updates = 0;
    doc.on('update', () => updates++);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2_000_000, '12' as unknown as number]) {
      expect(codeOf(setBargainingUnitSize(doc, bad, ctx()))).toBe('invalid-number');
    }
    expect(updates).toBe(0);
    value(setBargainingUnitSize(doc, 80, ctx()));
    value(setBargainingUnitSize(doc, 80, ctx()));
    expect(updates).toBe(1);
  });

  it('reads a hostile stored value as unset', () => {
    const doc = newCampaign();
    for (const bad of [-3, 2.5, '100', { size: 1 }, 10_000_000]) {
      doc.getMap('meta').set(BARGAINING_UNIT_KEY, bad);
      expect(readBargainingUnitSize(doc)).toBeUndefined();
    }
  });
});

describe('parseSizeInput', () => {
  it('reads whole numbers, with thousands separators and spaces', () => {
    expect(parseSizeInput(' 120 ')).toEqual({ ok: true, value: 120 });
    expect(parseSizeInput('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseSizeInput('1.200')).toEqual({ ok: true, value: 1200 });
    expect(parseSizeInput('1 200')).toEqual({ ok: true, value: 1200 });
    expect(parseSizeInput('0')).toEqual({ ok: true, value: 0 });
  });

  it('blank means no figure', () => {
    expect(parseSizeInput('   ')).toEqual({ ok: true, value: null });
  });

  it('says why anything else is refused', () => {
    expect(parseSizeInput('-5')).toEqual({ ok: false, error: 'negative' });
    expect(parseSizeInput('−5')).toEqual({ ok: false, error: 'negative' });
    expect(parseSizeInput('12.5')).toEqual({ ok: false, error: 'not-whole' });
    expect(parseSizeInput('about 100')).toEqual({ ok: false, error: 'not-a-number' });
    expect(parseSizeInput('1e3')).toEqual({ ok: false, error: 'not-a-number' });
    expect(parseSizeInput('2000000')).toEqual({ ok: false, error: 'too-large' });
  });
});
