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

/**
 * People matching every criterion, in input order.
 * @example filterPeople(people, { text: 'jose', assessment: [1, 2], cardSigned: false })
 */
export function filterPeople(people: readonly Person[], filter: PeopleFilter): Person[] {
  const digits = filter.text ? phoneQuery(filter.text) : null;
  const words = filter.text && digits === null ? normalizeSearch(filter.text).split(' ').filter(Boolean) : [];
  const assessments =
    filter.assessment === undefined
      ? undefined
      : new Set<Assessment | null>(
          Array.isArray(filter.assessment) ? filter.assessment : [filter.assessment],
        );
  const { unitId, shiftId, leader, committee, cardSigned, followUpDue, tag, assignedTo } = filter;
  return people.filter((p) => {
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
    if (digits !== null && !phoneDigitsOf(p).includes(digits)) return false;
    if (words.length > 0) {
      const key = findKeyOf(p);
      for (const w of words) if (!key.includes(w)) return false;
    }
    return true;
  });
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
