/**
 * Home's figures counted in slices (app/home-figures.ts) equal the one-pass figures; a result is
 * kept only for the doc as it is now (an update drops it, a change during a sliced count is not
 * kept), and `primeHome` leaves home's data kept so the live home's first build counts nothing.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { homeData, homeDataInSlices, homeFigures, keptHomeData } from '../../../src/app/home-figures';
import { homeViewOf, primeHome } from '../../../src/app/home-view';
import { createPerson, peopleIndex } from '../../../src/domain';
import { generateCampaign } from '../../fixtures/campaign-generator';

function twin(): [Y.Doc, Y.Doc] {
  const doc = new Y.Doc();
  generateCampaign(doc, { seed: 11, people: 500, units: 6, shifts: 2, conversations: 600 });
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return [doc, copy];
}

/** Slices of one person each, counting the turns given to the event loop. */
function counted(onTurn: (n: number) => void = () => {}) {
  const turns = { n: 0 };
  const between = async () => {
    turns.n++;
    onTurn(turns.n);
  };
  return { turns, opts: { sliceMs: 0, between } };
}

const TODAY = '2030-01-01'; // after the generated follow-ups: they are all overdue
const ctx = { by: 'member-test', now: () => new Date('2025-03-14T10:00:00Z') };

describe('home figures in slices', () => {
  it('equal the one-pass figures and follow-ups, and yield between people', async () => {
    const [sliced, onePass] = twin();
    const { turns, opts } = counted();
    const got = await homeDataInSlices(sliced, 'Fallback', TODAY, opts);
    expect(got).toEqual(homeData(onePass, 'Fallback', TODAY));
    expect(got?.stats.total).toBe(500);
    expect(got?.due.overdue.length).toBeGreaterThan(0);
    expect(turns.n).toBeGreaterThanOrEqual(3 * 499);
  });

  it('are kept until the next update, and the kept ones are given without a pass', async () => {
    const [doc] = twin();
    const first = await homeDataInSlices(doc, 'Fallback', TODAY, counted().opts);
    expect(keptHomeData(doc, 'Fallback', TODAY)).toEqual(first);
    expect(keptHomeData(doc, 'Fallback', '2030-01-02')).toBeUndefined();
    const { turns, opts } = counted();
    expect(await homeDataInSlices(doc, 'Fallback', TODAY, opts)).toEqual(first);
    expect(turns.n).toBe(0);
    expect(createPerson(doc, { name: 'Ana Nueva' }, ctx).ok).toBe(true);
    expect(keptHomeData(doc, 'Fallback', TODAY)).toBeUndefined();
    expect(homeFigures(doc, 'Fallback').stats.total).toBe(501);
  });

  it('count the doc as it was when they started when it changes under them, and keep nothing', async () => {
    const [doc, before] = twin();
    const { opts } = counted((n) => {
      if (n === 100) expect(createPerson(doc, { name: 'Ana Durante' }, ctx).ok).toBe(true);
    });
    const got = await homeDataInSlices(doc, 'Fallback', TODAY, opts);
    expect(got).toEqual(homeData(before, 'Fallback', TODAY));
    expect(keptHomeData(doc, 'Fallback', TODAY)).toBeUndefined();
    expect(homeData(doc, 'Fallback', TODAY).stats.total).toBe(501);
  });

  it('a stop between slices gives null and keeps nothing', async () => {
    const [doc] = twin();
    const { turns, opts } = counted();
    expect(await homeDataInSlices(doc, 'Fallback', TODAY, opts, () => turns.n >= 5)).toBeNull();
    expect(keptHomeData(doc, 'Fallback', TODAY)).toBeUndefined();
  });

  it('primeHome leaves home data kept for the day, equal to the one-pass data and the view', async () => {
    const [doc, onePass] = twin();
    const personal = new Y.Doc();
    await primeHome(doc, personal, 'Fallback', TODAY);
    expect(keptHomeData(doc, 'Fallback', TODAY)).toEqual(homeData(onePass, 'Fallback', TODAY));
    expect(homeViewOf(doc, 'Fallback')).toEqual(homeViewOf(onePass, 'Fallback'));
    expect(peopleIndex(doc).people()).toHaveLength(500);
  });
});
