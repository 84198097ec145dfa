/**
 * Progress over time: cards signed and assessments week by week, rebuilt from what the campaign
 * already records about each person — the append-only `cardHistory` and `assessmentHistory`
 * (`{value, at, by}`) and `createdAt`. Pure functions over parsed people; nothing is stored.
 *
 * What must stay true:
 * - A card counts from the day it was signed (`date`, as entered) when there is one, else from
 *   the day the change was recorded; a later correction of the date moves it. A withdrawn card
 *   stops counting from the day the withdrawal was recorded.
 * - A person counts as known from the day their record was created; a rating from the day it was
 *   recorded. People whose history is empty (older data) count their current card and rating from
 *   their card date or creation day, so the last week always agrees with today's numbers.
 * - People are grouped by their *current* unit: moves are not recorded, so a unit's past weeks
 *   show the people who are in it now. Soft-deleted people are left out of every week.
 * - Weeks start on Monday. Days are compared as `YYYY-MM-DD` strings from `dayOf`, which the UI
 *   sets to the phone's local calendar (the default, for tests, is the UTC day).
 */
import { ASSESSMENTS, type Assessment } from '../people/assessment';
import { eachInSlices, type SliceOptions } from '../slices';
import type { Person } from '../types';
import type { Distribution } from './stats';
import type { UnitNode } from './unit-tree';

/** One week's numbers. */
export interface WeekProgress {
  /** Monday of the week (`YYYY-MM-DD`). */
  readonly week: string;
  /** Sunday of the week (`YYYY-MM-DD`). */
  readonly end: string;
  /** People known by the end of the week. */
  readonly known: number;
  /** Signed cards at the end of the week. */
  readonly cards: number;
  /** People whose card became signed during the week. */
  readonly newCards: number;
  /** People whose card stopped counting during the week. */
  readonly withdrawn: number;
  /** Assessment distribution of the people known at the end of the week. */
  readonly distribution: Distribution;
  /** People with a rating at the end of the week. */
  readonly assessed: number;
  /** Ratings recorded during the week (first ratings and changes; clearing one is not counted). */
  readonly ratings: number;
}

/** Options of {@link weeklyProgress}. */
export interface ProgressOptions {
  /** Today (`YYYY-MM-DD`): the last week shown is the one containing it. */
  readonly today: string;
  /** Weeks shown at most (default 12). Leading weeks before anyone was known are left out. */
  readonly weeks?: number;
  /** Weeks shown at least, even before anyone was known (default 4). */
  readonly minWeeks?: number;
  /** The calendar day of an ISO timestamp (default: its UTC day). */
  readonly dayOf?: (iso: string) => string;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function utcDay(iso: string): string {
  return iso.slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Monday of the week containing `day` (`YYYY-MM-DD`). */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** A change and the day it takes effect. */
interface Change<T> {
  readonly day: string;
  readonly value: T;
}

/** The value in force at the end of `day`: the last change (in recording order) on or before it. */
function valueOn<T>(changes: readonly Change<T>[], day: string, none: T): T {
  let value = none;
  for (const c of changes) if (c.day <= day) value = c.value;
  return value;
}

/** What one person contributes, as changes with the day each takes effect. */
function timeline(p: Person, dayOf: (iso: string) => string) {
  const created = dayOf(p.createdAt);
  const cards: Change<boolean>[] =
    p.cardHistory.length > 0
      ? p.cardHistory.map((e) => ({
          day: e.signed && e.date !== undefined && ISO_DAY.test(e.date) ? e.date : dayOf(e.at),
          value: e.signed,
        }))
      : p.card.signed
        ? [{ day: p.card.date ?? created, value: true }]
        : [];
  const ratings: Change<Assessment | null>[] =
    p.assessmentHistory.length > 0
      ? p.assessmentHistory.map((e) => ({ day: dayOf(e.at), value: e.value }))
      : p.assessment !== null
        ? [{ day: created, value: p.assessment }]
        : [];
  return { created, cards, ratings };
}

/**
 * Cards and assessments per week for `people` (filter them first for one unit: see
 * {@link peopleInUnit}), oldest week first, ending with the week that contains `today`.
 * @example weeklyProgress(people, { today: '2026-12-04', dayOf: localDayOf })
 */
export function weeklyProgress(people: readonly Person[], options: ProgressOptions): WeekProgress[] {
  const tally = progressTally(options);
  for (const p of people) tally.add(p);
  return tally.result();
}

/**
 * {@link weeklyProgress} with its pass over the people cut into slices (`slices.ts`), so a big
 * campaign does not hold the main thread for one long task; same result. `stop()` true ends early
 * (null).
 */
export async function weeklyProgressInSlices(
  people: readonly Person[],
  options: ProgressOptions,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<WeekProgress[] | null> {
  const tally = progressTally(options);
  await eachInSlices(people, tally.add, opts, stop);
  return stop() ? null : tally.result();
}

/** `weeklyProgress`'s work: each person counted by `add`, then the weeks from `result`. */
function progressTally(options: ProgressOptions) {
  const dayOf = options.dayOf ?? utcDay;
  const count = Math.max(1, Math.floor(options.weeks ?? 12));
  const minWeeks = Math.min(count, Math.max(1, Math.floor(options.minWeeks ?? 4)));
  const last = weekStart(options.today);
  const weeks = Array.from({ length: count }, (_, i) => {
    const week = addDays(last, -7 * (count - 1 - i));
    return { week, end: addDays(week, 6) };
  });
  const before = addDays(weeks[0]?.week ?? last, -1);
  const out = weeks.map((w) => ({
    ...w,
    known: 0,
    cards: 0,
    newCards: 0,
    withdrawn: 0,
    distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, unassessed: 0 } as Distribution,
    assessed: 0,
    ratings: 0,
  }));
  const add = (p: Person): void => {
    if (p.deleted) return;
    const { created, cards, ratings } = timeline(p, dayOf);
    // Someone counts once known: by creation, or by an earlier card or rating (imported history).
    let firstSeen = created;
    for (const c of [...cards, ...ratings]) if (c.day < firstSeen) firstSeen = c.day;
    let signedBefore = valueOn(cards, before, false);
    for (const w of out) {
      const signed = valueOn(cards, w.end, false);
      if (signed) w.cards++;
      if (signed && !signedBefore) w.newCards++;
      if (!signed && signedBefore) w.withdrawn++;
      signedBefore = signed;
      for (const r of ratings) if (r.value !== null && r.day >= w.week && r.day <= w.end) w.ratings++;
      if (firstSeen > w.end) continue;
      w.known++;
      const rating = valueOn<Assessment | null>(ratings, w.end, null);
      if (rating === null) w.distribution.unassessed++;
      else {
        w.distribution[rating]++;
        w.assessed++;
      }
    }
  };
  const result = (): WeekProgress[] => {
    // Leading weeks before anything happened say nothing; keep at least `minWeeks`.
    let first = 0;
    while (first < out.length - minWeeks && out[first]?.known === 0) first++;
    return out.slice(first);
  };
  return { add, result };
}

/** Live people placed in `unitId` or any of its sub-units (by their current placement). */
export function peopleInUnit(
  people: readonly Person[],
  units: readonly UnitNode[],
  unitId: string,
): Person[] {
  const inside = new Set(
    units.filter((u) => u.id === unitId || u.ancestors.includes(unitId)).map((u) => u.id),
  );
  return people.filter((p) => !p.deleted && p.unitId !== undefined && inside.has(p.unitId));
}

/** Supportive (1–2) people in a distribution. */
export function supportiveOf(d: Distribution): number {
  return ASSESSMENTS.filter((a) => a <= 2).reduce((n, a) => n + d[a], 0);
}
