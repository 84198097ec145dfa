/**
 * `createPeopleSearch()`: `filterPeople` for a field that filters on every keystroke over a big
 * campaign (30,000 people). Three things make a keystroke cost what its matches cost, not what the
 * campaign costs:
 * - the search keys of the list being searched are kept in arrays beside it (filled from
 *   search-key.ts's per-record caches once per list, or ahead of time by `prime` in slices), so a
 *   keystroke does no cache look-up per person;
 * - when the query narrows an earlier one of the same list and criteria ("mar" → "mari", "mar" →
 *   "mar g", "555" → "5551"), only that query's matches are tested;
 * - earlier results are kept (up to `MAX_KEPT`), so backspace returns a list already made, the same
 *   array, and Solid re-renders nothing.
 *
 * What must stay true: `search.filter(people, filter)` has the same people in the same order as
 * `filterPeople(people, filter)`, whatever the edits between calls
 * (tests/unit/domain/people-search.test.ts). A changed list is a new array (the live index,
 * live-index.ts, never mutates one it has returned), and a new array starts afresh: a peer's edit
 * mid-typing costs one full pass, after which narrowing resumes from its result.
 */
import { findKeyOf, phoneDigitsOf } from '../search-key';
import { eachInSlices, type SliceOptions } from '../slices';
import type { Person } from '../types';
import { criteriaTest, type PeopleFilter, type TextQuery, textQuery } from './filter';

/** Results kept per list and criteria. */
export const MAX_KEPT = 64;

/** A filtering of the current list: the query, the matches' positions in the list, the matches. */
interface Found {
  readonly q: TextQuery;
  readonly at: readonly number[];
  readonly people: readonly Person[];
}

/** A search over one screen's list; see the header. */
export interface PeopleSearch {
  /** The same people, in the same order, as `filterPeople(people, filter)`. */
  filter(people: readonly Person[], filter: PeopleFilter): readonly Person[];
  /**
   * Fills the search keys of `people` ahead of the first keystroke, in slices; a newer call stops
   * an older one. Call it again when the list changes (records a change left alone cost a look-up).
   */
  prime(people: readonly Person[], opts: SliceOptions): Promise<void>;
}

/** Does every person matching `narrow` also match `broad`? (False when unsure.) */
export function narrows(broad: TextQuery, narrow: TextQuery): boolean {
  if ('words' in broad && broad.words.length === 0) return true;
  if ('digits' in broad) return 'digits' in narrow && narrow.digits.includes(broad.digits);
  return 'words' in narrow && broad.words.every((w0) => narrow.words.some((w) => w.includes(w0)));
}

function sameQuery(a: TextQuery, b: TextQuery): boolean {
  if ('digits' in a) return 'digits' in b && a.digits === b.digits;
  return 'words' in b && a.words.length === b.words.length && a.words.every((w, i) => w === b.words[i]);
}

type Criterion = PeopleFilter[keyof PeopleFilter];

function sameCriterion(a: Criterion, b: Criterion): boolean {
  if (a === b) return true;
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return false;
}

const CRITERIA: readonly Exclude<keyof PeopleFilter, 'text'>[] = [
  'unitId',
  'shiftId',
  'assessment',
  'leader',
  'committee',
  'cardSigned',
  'followUpDue',
  'tag',
  'assignedTo',
  'includeDeleted',
];

/** Are the criteria besides the text the same? (A unit roll-up is a new set each time: compared by content.) */
function sameCriteria(a: PeopleFilter, b: PeopleFilter): boolean {
  return CRITERIA.every((k) => sameCriterion(a[k], b[k]));
}

class Search implements PeopleSearch {
  private list: readonly Person[] = [];
  private keys: (string | undefined)[] = [];
  private digits: (string | undefined)[] = [];
  private criteria: PeopleFilter | null = null;
  private found: Found[] = [];
  private primes = 0;

  /** Starts afresh for a new list. */
  private use(people: readonly Person[]): void {
    if (people === this.list) return;
    this.list = people;
    this.keys = new Array(people.length);
    this.digits = new Array(people.length);
    this.found = [];
  }

  private key(i: number): string {
    let k = this.keys[i];
    if (k === undefined) {
      k = findKeyOf(this.list[i] as Person);
      this.keys[i] = k;
    }
    return k;
  }

  private digitsOf(i: number): string {
    let d = this.digits[i];
    if (d === undefined) {
      d = phoneDigitsOf(this.list[i] as Person);
      this.digits[i] = d;
    }
    return d;
  }

  /** `matchesText` (filter.ts) over the kept keys, without a closure per person. */
  private matches(q: TextQuery, i: number): boolean {
    if ('digits' in q) return this.digitsOf(i).includes(q.digits);
    if (q.words.length === 0) return true;
    const key = this.key(i);
    for (const w of q.words) if (!key.includes(w)) return false;
    return true;
  }

  filter(people: readonly Person[], filter: PeopleFilter): readonly Person[] {
    this.use(people);
    if (!this.criteria || !sameCriteria(this.criteria, filter)) this.found = [];
    this.criteria = filter;
    const q = textQuery(filter.text);
    const kept = this.found.find((f) => sameQuery(f.q, q));
    if (kept) return kept.people;
    let from: Found | undefined;
    for (const f of this.found) if (narrows(f.q, q) && (!from || f.at.length < from.at.length)) from = f;
    let at: number[];
    if (from) at = from.at.filter((i) => this.matches(q, i));
    else {
      const criteria = criteriaTest(filter);
      at = [];
      for (let i = 0; i < people.length; i++)
        if (criteria(people[i] as Person) && this.matches(q, i)) at.push(i);
    }
    const found = from && at.length === from.at.length ? from.people : at.map((i) => people[i] as Person);
    if (this.found.length >= MAX_KEPT) this.found.shift();
    this.found.push({ q, at, people: found });
    return found;
  }

  async prime(people: readonly Person[], opts: SliceOptions): Promise<void> {
    // The keys are cached per record (search-key.ts), so a prime overtaken by a newer list still
    // warms every record the lists share; only the newest prime runs on.
    const run = ++this.primes;
    let i = 0;
    await eachInSlices(
      people,
      (p) => {
        if (this.list === people) {
          this.key(i);
          this.digitsOf(i);
        } else {
          findKeyOf(p);
          phoneDigitsOf(p);
        }
        i++;
      },
      opts,
      () => this.primes !== run,
    );
  }
}

/**
 * A search for one field or screen (it keeps the last list's keys and results).
 * @example const search = createPeopleSearch(); const shown = search.filter(people, { text: 'mar' });
 */
export function createPeopleSearch(): PeopleSearch {
  return new Search();
}
