/**
 * The incrementally parsed people list the map derives from: after any mix of local commands,
 * remote updates and hostile writes it equals `listPeople(doc).people`, and it re-parses only the
 * records a change touched. Seeded; the seed is in the test name (rerun with MAP_SEED=<n>).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Assessment,
  createPerson,
  createShift,
  createUnit,
  deletePerson,
  listPeople,
  movePerson,
  peopleIndex,
  rateAssessment,
  restorePerson,
  setCardSigned,
  updatePerson,
} from '../../../src/domain';
import { ctxFor, newCampaign, replica, syncBoth, value } from '../../support/domain';
import { mulberry32 } from '../../support/rng';

const SEED = Number(process.env.MAP_SEED ?? 20250306);

describe('people index', () => {
  it('re-parses only what changed and returns the same array while nothing changes', () => {
    const doc = newCampaign();
    const c = ctxFor('a');
    const ids = ['Zoe', 'Ann', 'Bea', 'Cal'].map((name) => value(createPerson(doc, { name }, c)));
    const index = peopleIndex(doc);
    expect(peopleIndex(doc)).toBe(index);
    const first = index.people();
    expect(first.map((p) => p.name)).toEqual(['Ann', 'Bea', 'Cal', 'Zoe']);
    expect(index.people()).toBe(first);
    const parsed = index.parses;
    value(rateAssessment(doc, ids[1] as string, 2, c));
    const second = index.people();
    expect(second).not.toBe(first);
    expect(index.parses - parsed).toBe(1);
    expect(second.find((p) => p.id === ids[1])?.assessment).toBe(2);
    value(updatePerson(doc, ids[0] as string, { name: 'Aaron' }, c));
    expect(index.people().map((p) => p.name)).toEqual(['Aaron', 'Ann', 'Bea', 'Cal']);
    value(deletePerson(doc, ids[2] as string, c));
    expect(index.people().map((p) => p.name)).toEqual(['Aaron', 'Ann', 'Cal']);
    expect(index.parses - parsed).toBe(3);
  });

  it(`equals listPeople after random local, remote and hostile changes (seed ${SEED})`, () => {
    const rand = mulberry32(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const a = newCampaign();
    const c = ctxFor('a');
    const units = ['U1', 'U2', 'U3'].map((name) => value(createUnit(a, { name }, c)));
    const shifts = ['S1', 'S2'].map((name) => value(createShift(a, { name }, c)));
    const b = replica(a);
    const cb = ctxFor('b');
    const ids: string[] = [];
    const index = peopleIndex(a);
    index.people();
    for (let step = 0; step < 400; step++) {
      const doc = rand() < 0.7 ? a : b;
      const ctx = doc === a ? c : cb;
      const id = ids.length > 0 ? pick(ids) : undefined;
      const r = rand();
      if (r < 0.2 || !id) {
        const made = createPerson(doc, { name: `P${step} ${pick(['Ñandú', 'Émile', 'zoë', 'Ana'])}` }, ctx);
        if (made.ok) ids.push(made.value);
      } else if (r < 0.4) movePerson(doc, id, { unitId: pick(units), shiftId: pick([...shifts, null]) }, ctx);
      else if (r < 0.55) rateAssessment(doc, id, pick<Assessment | null>([1, 2, 3, 4, 5, null]), ctx);
      else if (r < 0.62) setCardSigned(doc, id, { signed: rand() < 0.5 }, ctx);
      else if (r < 0.7) deletePerson(doc, id, ctx);
      else if (r < 0.76) restorePerson(doc, id, ctx);
      else if (r < 0.82) updatePerson(doc, id, { name: `Renamed ${step}`, leader: rand() < 0.5 }, ctx);
      else if (r < 0.86) {
        // Hostile writes: a bad field quarantines the record; a non-map record too.
        const people = doc.getMap<unknown>('people');
        const record = people.get(id);
        if (rand() < 0.5 && record instanceof Y.Map) record.set('assessment', 'seven');
        else people.set(id, { name: 'not a map' });
      } else if (r < 0.9) {
        const record = doc.getMap<unknown>('people').get(id);
        if (record instanceof Y.Map) record.set('assessment', 3); // repairs a hostile value
      }
      if (rand() < 0.3) syncBoth(a, b);
      expect(index.people(), `step ${step} (seed ${SEED})`).toEqual(listPeople(a).people);
    }
    syncBoth(a, b);
    expect(index.people()).toEqual(listPeople(a).people);
    expect(peopleIndex(b).people()).toEqual(listPeople(b).people);
  });
});
