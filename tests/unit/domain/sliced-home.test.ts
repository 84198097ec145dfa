/**
 * Home's passes over every person run in slices on a big campaign (`nextUpInSlices`,
 * `weeklyProgressInSlices`, `mapModelInSlices`, `campaignStatsInSlices`, `followUpsDueInSlices`,
 * over domain/slices.ts): the result is exactly the one-pass result, the work does yield between
 * slices, and a run told to stop gives null instead of a partial result.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  campaignStats,
  campaignStatsInSlices,
  followUpsDue,
  followUpsDueInSlices,
  lastTalkedByPerson,
  listConversations,
  listPeople,
  listShifts,
  listUnits,
  mapModel,
  mapModelInSlices,
  nextUp,
  nextUpInSlices,
  weeklyProgress,
  weeklyProgressInSlices,
} from '../../../src/domain';
import { generateCampaign } from '../../fixtures/campaign-generator';

function campaign() {
  const doc = new Y.Doc();
  const made = generateCampaign(doc, { seed: 7, people: 400, units: 6, shifts: 2, conversations: 900 });
  const people = listPeople(doc).people;
  const lastTalked = lastTalkedByPerson(listConversations({ campaign: doc }).conversations);
  return { people, units: listUnits(doc), shifts: listShifts(doc), lastTalked, member: made.organizers[0] };
}

/** Slices of one item each, counting the turns given to the event loop. */
function counted() {
  const turns = { n: 0 };
  return { turns, opts: { sliceMs: 0, between: async () => void turns.n++ } };
}

describe('home in slices', () => {
  const c = campaign();

  it('ranks Next up exactly as one pass does, yielding between people', async () => {
    for (const scope of ['auto', 'all', 'mine'] as const) {
      for (const today of ['2025-03-14', '2026-12-04']) {
        const input = { ...c, today, memberId: c.member, scope, staleDays: 21 };
        const { turns, opts } = counted();
        const sliced = await nextUpInSlices(input, opts);
        expect(sliced).toEqual(nextUp(input));
        if (scope === 'mine') continue; // nobody is assigned in this campaign: an empty list
        expect(sliced?.items.length).toBeGreaterThan(0);
        // Two passes over the people, both sliced: the units' coverage, then the ranking.
        expect(turns.n).toBe(2 * (c.people.length - 1));
      }
    }
  });

  it('counts the weeks exactly as one pass does, yielding between people', async () => {
    for (const today of ['2025-03-14', '2026-12-04']) {
      const options = { today, weeks: 12 };
      const { turns, opts } = counted();
      const sliced = await weeklyProgressInSlices(c.people, options, opts);
      expect(sliced).toEqual(weeklyProgress(c.people, options));
      expect(turns.n).toBe(c.people.length - 1);
    }
  });

  it('builds the map model exactly as one pass does, yielding between people', async () => {
    for (const options of [{ chipLimit: 0 }, {}, { chipLimit: 2, size: 900 }]) {
      const { turns, opts } = counted();
      const sliced = await mapModelInSlices(c.people, c.units, c.shifts, options, opts);
      expect(sliced).toEqual(mapModel(c.people, c.units, c.shifts, options));
      expect(sliced?.rows.length).toBeGreaterThan(1);
      expect(turns.n).toBe(c.people.length - 1);
    }
  });

  it('counts the headline numbers and the follow-ups due exactly as one pass does', async () => {
    for (const size of [undefined, 1200]) {
      const { turns, opts } = counted();
      const sliced = await campaignStatsInSlices(c.people, () => size, opts);
      expect(sliced).toEqual(campaignStats(c.people, size));
      expect(sliced?.total).toBeGreaterThan(0);
      expect(turns.n).toBe(c.people.length - 1);
    }
    let due = 0;
    for (const today of ['2025-03-14', '2026-12-04', '2030-01-01']) {
      const { turns, opts } = counted();
      const sliced = await followUpsDueInSlices(c.people, today, opts);
      expect(sliced).toEqual(followUpsDue(c.people, today));
      due += (sliced?.overdue.length ?? 0) + (sliced?.today.length ?? 0) + (sliced?.week.length ?? 0);
      expect(turns.n).toBe(c.people.length - 1);
    }
    expect(due).toBeGreaterThan(0);
  });

  it('gives null, not a partial result, when told to stop between slices', async () => {
    const { turns, opts } = counted();
    const stop = () => turns.n >= 3;
    expect(await nextUpInSlices({ ...c, today: '2026-12-04' }, opts, stop)).toBeNull();
    expect(turns.n).toBe(3);
    turns.n = 0;
    expect(await weeklyProgressInSlices(c.people, { today: '2026-12-04' }, opts, stop)).toBeNull();
    expect(turns.n).toBe(3);
    turns.n = 0;
    expect(await mapModelInSlices(c.people, c.units, c.shifts, {}, opts, stop)).toBeNull();
    turns.n = 0;
    expect(await campaignStatsInSlices(c.people, () => undefined, opts, stop)).toBeNull();
    turns.n = 0;
    expect(await followUpsDueInSlices(c.people, '2026-12-04', opts, stop)).toBeNull();
    expect(turns.n).toBe(3);
  });
});
