/**
 * Filtering people for lists and searches. Runs on every keystroke over up to ~10k people, so
 * the text match uses precomputed search keys (see search-key.ts) and plain `includes`.
 * A query that looks like a phone number ("555 12", "+34 612") matches contact digits; any other
 * query matches words in names, code names, tags and contact values.
 */

import { findKeyOf, normalizeSearch, phoneDigitsOf, phoneQuery } from '../search-key';
import type { Person } from '../types';
import type { Assessment } from './assessment';

/** Criteria; every given criterion must match (AND). Omitted criteria match everyone. */
export interface PeopleFilter {
  /**
   * Words, each of which must appear in the name, code name, a tag or a contact value
   * (accent/case-insensitive); or a phone number, whose digits must appear in a contact's.
   */
  text?: string;
  /** A unit id, a set of ids (e.g. `descendantUnitIds`), or `null` for people without a unit. */
  unitId?: string | null | ReadonlySet<string>;
  /** A shift id, or `null` for people without a shift. */
  shiftId?: string | null;
  /** One value, `null` for unassessed, or a list of either. */
  assessment?: Assessment | null | readonly (Assessment | null)[];
  leader?: boolean;
  committee?: boolean;
  cardSigned?: boolean;
  /** ISO date: people with a follow-up due on or before it. */
  followUpDue?: string;
  /** A tag the person must carry (exact). */
  tag?: string;
  /** The member the person is assigned to, or `null` for people assigned to nobody. */
  assignedTo?: string | null;
  /** Include soft-deleted people (default false). */
  includeDeleted?: boolean;
}

function matchesRef(value: string | undefined, want: string | null | ReadonlySet<string>): boolean {
  if (want === null) return value === undefined;
  if (typeof want === 'string') return value === want;
  return value !== undefined && want.has(value);
}

/** A parsed text query: the digits of a phone number, or words (none: the text matches everyone). */
export type TextQuery = { readonly digits: string } | { readonly words: readonly string[] };

/**
 * How `filterPeople` reads `text`: a phone number's digits, else its normalized words.
 * @example textQuery('555 12') // { digits: '55512' }; textQuery('José M') // { words: ['jose', 'm'] }
 */
export function textQuery(text: string | undefined): TextQuery {
  const digits = text ? phoneQuery(text) : null;
  if (digits !== null) return { digits };
  return { words: text ? normalizeSearch(text).split(' ').filter(Boolean) : [] };
}

/** Does a person whose keys are `findKey` and `phoneDigits` (see search-key.ts) match the query? */
export function matchesText(q: TextQuery, findKey: () => string, phoneDigits: () => string): boolean {
  if ('digits' in q) return phoneDigits().includes(q.digits);
  if (q.words.length === 0) return true;
  const key = findKey();
  for (const w of q.words) if (!key.includes(w)) return false;
  return true;
}

/** Every criterion but the text, as one test. */
export function criteriaTest(filter: PeopleFilter): (p: Person) => boolean {
  const assessments =
    filter.assessment === undefined
      ? undefined
      : new Set<Assessment | null>(
          Array.isArray(filter.assessment) ? filter.assessment : [filter.assessment],
        );
  const { unitId, shiftId, leader, committee, cardSigned, followUpDue, tag, assignedTo } = filter;
  return (p) => {
    if (p.deleted && !filter.includeDeleted) return false;
    if (unitId !== undefined && !matchesRef(p.unitId, unitId)) return false;
    if (shiftId !== undefined && !matchesRef(p.shiftId, shiftId)) return false;
    if (assessments && !assessments.has(p.assessment)) return false;
    if (leader !== undefined && p.leader !== leader) return false;
    if (committee !== undefined && p.committee !== committee) return false;
    if (cardSigned !== undefined && p.card.signed !== cardSigned) return false;
    if (followUpDue !== undefined && !(p.nextFollowUp && p.nextFollowUp.due <= followUpDue)) return false;
    if (tag !== undefined && !p.tags.includes(tag)) return false;
    if (assignedTo !== undefined && (p.assignedTo ?? null) !== assignedTo) return false;
    return true;
  };
}

/**
 * People matching every criterion, in input order. Screens that filter on every keystroke use
 * `createPeopleSearch` (search.ts), which returns the same lists faster.
 * @example filterPeople(people, { text: 'jose', assessment: [1, 2], cardSigned: false })
 */
export function filterPeople(people: readonly Person[], filter: PeopleFilter): Person[] {
  const q = textQuery(filter.text);
  const criteria = criteriaTest(filter);
  return people.filter(
    (p) =>
      criteria(p) &&
      matchesText(
        q,
        () => findKeyOf(p),
        () => phoneDigitsOf(p),
      ),
  );
}

/**
 * Every tag in use among live people, with how many carry it, most used first (then A–Z).
 * @example tagsInUse(people) // [['night crew', 12], ['heat', 4]]
 */
export function tagsInUse(people: readonly Person[]): [tag: string, count: number][] {
  const counts = new Map<string, number>();
  for (const p of people) {
    if (p.deleted) continue;
    for (const tag of p.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
