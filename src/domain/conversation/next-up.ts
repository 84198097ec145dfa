/**
 * "Next up": who an organizer should talk to next, ranked. Pure: people, units and when each
 * person was last talked to go in; a ranked list with the reason for each comes out.
 *
 * Ranking, each person at most once under their most pressing reason:
 * 1. overdue follow-ups (oldest due date first), then follow-ups due today;
 * 2. undecided people (assessment 3, or not assessed) in the least-covered units first — coverage
 *    as the map computes it (`coverageOf`) — not talked to in the last week and with no next step
 *    planned;
 * 3. people not talked to in `staleDays` or more (never talked to counts from when they were
 *    added), longest first, unless a next step is already planned.
 *
 * "My people": once anyone in the campaign is assigned to an organizer, the list narrows to the
 * people assigned to `memberId` (scope `auto`); before that, everyone is everyone's.
 */

import { isIsoDate } from '../formats';
import { assignmentsInUse } from '../people/assignment';
import { eachInSlices, type SliceOptions } from '../slices';
import type { Person } from '../types';
import { coverageOf, type MapModel, mapModel, mapModelInSlices } from '../workplace/map-stats';
import type { UnitNode } from '../workplace/unit-tree';
import type { Conversation } from './record';

/** Days an undecided person is left alone after a conversation before showing up again. */
export const RECENTLY_TALKED_DAYS = 7;
/** Default of the "not talked to in N days" setting. */
export const DEFAULT_STALE_DAYS = 14;
/** The setting's bounds. */
export const STALE_DAYS_RANGE = { min: 1, max: 365 } as const;

/** Why a person is on the list. */
export type NextUpReason =
  | { readonly kind: 'overdue'; readonly due: string; readonly days: number; readonly text: string }
  | { readonly kind: 'due-today'; readonly text: string }
  | { readonly kind: 'undecided'; readonly unitId: string | null; readonly coverage: number }
  | { readonly kind: 'stale'; readonly days: number; readonly never: boolean };

/** One ranked entry. */
export interface NextUpItem {
  readonly person: Person;
  readonly reason: NextUpReason;
}

/** `mine`: only people assigned to the member; `all`: everyone; `auto`: mine once anyone is assigned. */
export type NextUpScope = 'mine' | 'all' | 'auto';

/** What `nextUp` needs. */
export interface NextUpInput {
  /** Live people (deleted ones are ignored anyway). */
  readonly people: readonly Person[];
  /** `listUnits(doc)`: for the coverage of each unit. */
  readonly units: readonly UnitNode[];
  /** Person id → ISO timestamp of the last conversation (see `lastTalkedByPerson`). */
  readonly lastTalked: ReadonlyMap<string, string>;
  /** Today in the organizer's time zone (ISO date). */
  readonly today: string;
  /** "Not talked to in N days"; clamped to `STALE_DAYS_RANGE`. Default `DEFAULT_STALE_DAYS`. */
  readonly staleDays?: number;
  /** This device's member id, for "my people". */
  readonly memberId?: string;
  readonly scope?: NextUpScope;
}

/** The ranked list and the scope it was made for. */
export interface NextUp {
  readonly items: readonly NextUpItem[];
  /** The scope applied (`auto` resolved). */
  readonly scope: 'mine' | 'all';
  /** True when anyone in the campaign is assigned to an organizer. */
  readonly assignments: boolean;
}

const DAY_MS = 86_400_000;

/** Whole days from the date of `at` (ISO date or timestamp; its UTC date) to `today`. */
export function daysBetween(at: string, today: string): number {
  return Math.round((Date.parse(today) - Date.parse(at.slice(0, 10))) / DAY_MS);
}

/** The "not talked to in N days" setting, from anything stored: a whole number in range, else the default. */
export function staleDaysOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) return DEFAULT_STALE_DAYS;
  return Math.min(STALE_DAYS_RANGE.max, Math.max(STALE_DAYS_RANGE.min, value));
}

/**
 * When each person was last talked to: the newest one-on-one or completed follow-up (notes do not
 * count: writing about someone is not talking to them). Deleted entries are ignored.
 * @example lastTalkedByPerson(listConversations({ campaign, personal }).conversations)
 */
export function lastTalkedByPerson(conversations: readonly Conversation[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const c of conversations) {
    if (c.deleted || c.kind === 'note') continue;
    const seen = last.get(c.personId);
    if (seen === undefined || c.at > seen) last.set(c.personId, c.at);
  }
  return last;
}

/** Coverage (0..1) of each unit row and of the "not placed" row (key `null`), from the map's rows. */
function coverageOfRows(model: MapModel): Map<string | null, number> {
  return new Map(model.rows.map((r) => [r.unit?.id ?? null, coverageOf(r.total)]));
}

/**
 * Ranks who to talk to next.
 * @example
 * const { items } = nextUp({ people, units, lastTalked, today: '2025-03-14', memberId: deviceId });
 */
export function nextUp(input: NextUpInput): NextUp {
  const plan = nextUpPlan(input);
  // Coverage is the campaign's, not just my people's: a unit is thin for the whole committee.
  const r = nextUpRanker(input, plan, coverageOfRows(mapModel(plan.live, input.units, [], { chipLimit: 0 })));
  for (const person of plan.pool) r.add(person);
  return r.result();
}

/**
 * {@link nextUp} with its pass over the people cut into slices (`slices.ts`), so a big campaign
 * does not hold the main thread for one long task; same result. `stop()` true ends early (null).
 */
export async function nextUpInSlices(
  input: NextUpInput,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<NextUp | null> {
  const plan = nextUpPlan(input);
  const model = await mapModelInSlices(plan.live, input.units, [], { chipLimit: 0 }, opts, stop);
  if (!model) return null;
  const r = nextUpRanker(input, plan, coverageOfRows(model));
  await eachInSlices(plan.pool, r.add, opts, stop);
  return stop() ? null : r.result();
}

/** Who `nextUp` looks at: the live people, the scope, and the people ranked in it (`pool`). */
function nextUpPlan(input: NextUpInput) {
  if (!isIsoDate(input.today)) throw new RangeError(`nextUp: not an ISO date: ${input.today}`);
  const live = input.people.filter((p) => !p.deleted);
  const assignments = assignmentsInUse(live);
  const requested = input.scope ?? 'auto';
  const scope: NextUp['scope'] =
    input.memberId !== undefined && (requested === 'mine' || (requested === 'auto' && assignments))
      ? 'mine'
      : 'all';
  const pool = scope === 'mine' ? live.filter((p) => p.assignedTo === input.memberId) : live;
  return { live, assignments, scope, pool };
}

/**
 * `nextUp`'s work: each person of the plan's pool ranked by `add`, in order, then `result`;
 * `coverage` is each unit row's (the campaign's, not just my people's: a unit is thin for the
 * whole committee).
 */
function nextUpRanker(
  input: NextUpInput,
  plan: ReturnType<typeof nextUpPlan>,
  coverage: ReadonlyMap<string | null, number>,
) {
  const { today } = input;
  const { scope, assignments } = plan;
  const staleDays = staleDaysOf(input.staleDays ?? DEFAULT_STALE_DAYS);

  const due: NextUpItem[] = [];
  const undecided: (NextUpItem & { since: number })[] = [];
  const stale: (NextUpItem & { since: number })[] = [];
  const add = (person: Person): void => {
    const f = person.nextFollowUp;
    if (f && f.due < today) {
      due.push({
        person,
        reason: { kind: 'overdue', due: f.due, days: daysBetween(f.due, today), text: f.text },
      });
      return;
    }
    if (f && f.due === today) {
      due.push({ person, reason: { kind: 'due-today', text: f.text } });
      return;
    }
    if (f) return; // a next step is planned: not forgotten
    const last = input.lastTalked.get(person.id);
    const since = daysBetween(last ?? person.createdAt, today);
    if (person.assessment === null || person.assessment === 3) {
      if (last !== undefined && since < RECENTLY_TALKED_DAYS) return;
      const unitId = person.unitId !== undefined && coverage.has(person.unitId) ? person.unitId : null;
      undecided.push({
        person,
        reason: { kind: 'undecided', unitId, coverage: coverage.get(unitId) ?? 0 },
        since: last === undefined ? Number.POSITIVE_INFINITY : since,
      });
      return;
    }
    if (since >= staleDays) {
      stale.push({ person, reason: { kind: 'stale', days: since, never: last === undefined }, since });
    }
  };
  const result = (): NextUp => {
    const rank = (r: NextUpReason) => (r.kind === 'overdue' ? -r.days : 0);
    // Stable sorts: ties keep the input order (people sorted by name).
    due.sort((a, b) =>
      a.reason.kind === b.reason.kind
        ? rank(a.reason) - rank(b.reason)
        : a.reason.kind === 'overdue'
          ? -1
          : 1,
    );
    undecided.sort((a, b) => {
      const ca = (a.reason as { coverage: number }).coverage;
      const cb = (b.reason as { coverage: number }).coverage;
      return ca !== cb ? ca - cb : b.since - a.since || 0;
    });
    stale.sort((a, b) => b.since - a.since);
    const strip = ({ person, reason }: NextUpItem): NextUpItem => ({ person, reason });
    return { items: [...due, ...undecided.map(strip), ...stale.map(strip)], scope, assignments };
  };
  return { add, result };
}
