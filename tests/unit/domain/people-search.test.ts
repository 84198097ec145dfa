/**
 * createPeopleSearch: the incremental search (narrowing from an earlier query's matches, results
 * kept for backspace, keys kept beside the list and filled ahead by `prime`) returns exactly what
 * filterPeople returns, over random typing with random local and peer edits between keystrokes. Seeded; the seed is in the
 * test name (rerun with SEARCH_SEED=<n>).
 */
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  createPeopleSearch,
  createPerson,
  createUnit,
  deletePerson,
  filterPeople,
  type PeopleFilter,
  peopleIndex,
  rateAssessment,
  restorePerson,
  updatePerson,
} from '../../../src/domain';
import { textQuery } from '../../../src/domain/people/filter';
import { narrows } from '../../../src/domain/people/search';
import { ctxFor, newCampaign, replica, syncBoth, value } from '../../support/domain';
import { mulberry32 } from '../../support/rng';

const SEED = Number(process.env.SEARCH_SEED ?? 20261206);
const SYLLABLES = ['ma', 'ri', 'jo', 'sé', 'ana', 'lu', 'ñe', 'ko', 'Ma', 'RI'];
const TYPED = ['m', 'a', 'r', 'i', 'j', 'o', 's', 'e', 'n', 'l', 'u', 'k', ' ', '5', '1', '2', '+'];
const ids = (people: readonly { id: string }[]) => people.map((p) => p.id);

describe('people search', () => {
  it('knows which queries narrow which', () => {
    const q = textQuery;
    expect(narrows(q(''), q('mar'))).toBe(true);
    expect(narrows(q('ma'), q('mar'))).toBe(true);
    expect(narrows(q('ma'), q('mar jo'))).toBe(true);
    expect(narrows(q('mar jo'), q('jos mari'))).toBe(true);
    expect(narrows(q('mar'), q('ma'))).toBe(false);
    expect(narrows(q('555'), q('5551'))).toBe(true);
    expect(narrows(q('555'), q('555a'))).toBe(false);
    expect(narrows(q('5551'), q('555'))).toBe(false);
  });

  it('shows a person a peer renames into or out of the query mid-typing', () => {
    const a = newCampaign();
    const c = ctxFor('a');
    const mario = value(createPerson(a, { name: 'Mario Ruiz' }, c));
    value(createPerson(a, { name: 'Marta Gil' }, c));
    const zed = value(createPerson(a, { name: 'Zed Ode' }, c));
    const b = replica(a);
    const index = peopleIndex(a);
    const search = createPeopleSearch();
    const names = (text: string) => search.filter(index.people(), { text }).map((p) => p.name);
    expect(names('m')).toEqual(['Mario Ruiz', 'Marta Gil']);
    expect(names('ma')).toEqual(['Mario Ruiz', 'Marta Gil']);
    value(updatePerson(b, zed, { name: 'Maria Ode' }, ctxFor('b')));
    value(updatePerson(b, mario, { name: 'Zed Ruiz' }, ctxFor('b')));
    syncBoth(a, b);
    expect(names('mar')).toEqual(['Maria Ode', 'Marta Gil']);
    expect(names('mari')).toEqual(['Maria Ode']);
    expect(names('ma')).toEqual(['Maria Ode', 'Marta Gil']);
  });

  it(`equals filterPeople over random typing, random edits and primes (seed ${SEED})`, async () => {
    const rand = mulberry32(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const word = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join('');
    const phone = () => `+34 ${Math.floor(rand() * 1e9)}`;
    const a = newCampaign();
    const c = ctxFor('a');
    const units = ['U1', 'U2'].map((name) => value(createUnit(a, { name }, c)));
    const personIds: string[] = [];
    const add = (doc: typeof a, ctx = c) => {
      const made = createPerson(
        doc,
        {
          name: `${word()} ${word()}`,
          ...(rand() < 0.3 ? { codeName: word() } : {}),
          tags: rand() < 0.3 ? [word()] : [],
          contacts: rand() < 0.6 ? [{ kind: 'phone', value: phone() }] : [],
          unitId: pick(units),
          assessment: pick<Assessment>([1, 2, 3, 4, 5]),
        },
        ctx,
      );
      if (made.ok) personIds.push(made.value);
    };
    for (let i = 0; i < 150; i++) add(a);
    const b = replica(a);
    const cb = ctxFor('b');
    const index = peopleIndex(a);
    const search = createPeopleSearch();
    let text = '';
    let criteria: Omit<PeopleFilter, 'text'> = {};
    for (let step = 0; step < 1500; step++) {
      const r = rand();
      if (r < 0.45) text += pick(TYPED);
      else if (r < 0.6) text = text.slice(0, -1);
      else if (r < 0.63) text = '';
      else if (r < 0.66)
        criteria = pick([{}, { assessment: [1, 2] as Assessment[] }, { unitId: new Set([pick(units)]) }]);
      else if (r < 0.9) {
        // An edit between keystrokes, here or by a peer (synced now or later).
        const doc = rand() < 0.5 ? a : b;
        const ctx = doc === a ? c : cb;
        const id = pick(personIds);
        const e = rand();
        if (e < 0.4)
          updatePerson(
            doc,
            id,
            { name: `${text.trim() || word()}${pick(['', 'x', ' ', 'a'])}${word()}` },
            ctx,
          );
        else if (e < 0.55) updatePerson(doc, id, { name: word() }, ctx);
        else if (e < 0.65)
          updatePerson(doc, id, { contacts: [{ kind: 'phone', value: `${text} ${phone()}` }] }, ctx);
        else if (e < 0.75) rateAssessment(doc, id, pick<Assessment>([1, 2, 3, 4, 5]), ctx);
        else if (e < 0.83) deletePerson(doc, id, ctx);
        else if (e < 0.9) restorePerson(doc, id, ctx);
        else add(doc, ctx);
        if (rand() < 0.5) syncBoth(a, b);
      } else syncBoth(a, b);
      const filter: PeopleFilter = { ...criteria, text };
      const people = index.people();
      // Keys filled ahead in slices, overtaken by edits, newer primes and keystrokes.
      if (rand() < 0.05) void search.prime(people, { between: () => Promise.resolve(), sliceMs: 0 });
      await Promise.resolve();
      expect(ids(search.filter(people, filter)), `step ${step} "${text}" (seed ${SEED})`).toEqual(
        ids(filterPeople(people, filter)),
      );
    }
  });
});
