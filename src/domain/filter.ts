/**
 * Filtering people for lists and searches. Runs on every keystroke over up to ~10k people, so
 * the text match uses precomputed search keys (see search-key.ts) and plain `includes`.
 */
import type { Assessment } from './assessment';
import { normalizeSearch, searchKeyOf } from './search-key';
import type { Person } from './types';

/** Criteria; every given criterion must match (AND). Omitted criteria match everyone. */
export interface PeopleFilter {
  /** Words, each of which must appear in the name or code name (accent/case-insensitive). */
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
  const words = filter.text ? normalizeSearch(filter.text).split(' ').filter(Boolean) : [];
  const assessments =
    filter.assessment === undefined
      ? undefined
      : new Set<Assessment | null>(
          Array.isArray(filter.assessment) ? filter.assessment : [filter.assessment],
        );
  const { unitId, shiftId, leader, committee, cardSigned, followUpDue, tag } = filter;
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
    if (words.length > 0) {
      const key = searchKeyOf(p);
      for (const w of words) if (!key.includes(w)) return false;
    }
    return true;
  });
}
