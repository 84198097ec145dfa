/**
 * Follow-ups: each person's `nextFollowUp`, grouped for a "today / overdue / this week" list, and
 * completing one (which logs it as a `follow-up` entry on the person's timeline).
 */
import { type CommandContext, commit, idFor, run, timestamp } from '../context';
import { DomainError } from '../errors';
import { isIsoDate } from '../formats';
import { parsePerson } from '../people/record';
import { applyWrites, liveRecord } from '../records';
import type { Result } from '../result';
import { eachInSlices, type SliceOptions } from '../slices';
import type { FollowUp, Person } from '../types';
import { checkFollowUp, checkText } from '../validate';
import { type ConversationSpaces, conversationStore } from './commands';
import { checkPastTime } from './input';
import { CONVERSATION_LIMITS } from './record';

/** One person's due follow-up. */
export interface FollowUpItem {
  readonly person: Person;
  readonly followUp: FollowUp;
}

/** Follow-ups grouped by when they are due, each group by due date then name. */
export interface FollowUpsDue {
  /** Due before today. */
  readonly overdue: FollowUpItem[];
  readonly today: FollowUpItem[];
  /** Due in the next 7 days after today. */
  readonly week: FollowUpItem[];
}

/** `date` (ISO) plus `days`, as an ISO date; calendar arithmetic in UTC, so no DST surprises. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Groups people's follow-ups against `today` (an ISO date in the organizer's own time zone).
 * Later ones are left out. Soft-deleted people never appear.
 * @example const { overdue, today, week } = followUpsDue(listPeople(doc).people, '2025-03-14');
 */
export function followUpsDue(people: readonly Person[], today: string): FollowUpsDue {
  const tally = dueTally(today);
  for (const person of people) tally.add(person);
  return tally.result();
}

/**
 * {@link followUpsDue} with its pass over the people cut into slices (`slices.ts`), so a big
 * campaign does not hold the main thread for one long task; same result. `stop()` true ends early
 * (null).
 */
export async function followUpsDueInSlices(
  people: readonly Person[],
  today: string,
  opts: SliceOptions,
  stop: () => boolean = () => false,
): Promise<FollowUpsDue | null> {
  const tally = dueTally(today);
  await eachInSlices(people, tally.add, opts, stop);
  return stop() ? null : tally.result();
}

/** `followUpsDue`'s work: each person placed by `add`, then the groups sorted by `result`. */
function dueTally(today: string) {
  if (!isIsoDate(today)) throw new RangeError(`followUpsDue: not an ISO date: ${today}`);
  const end = addDays(today, 7);
  const out = { overdue: [] as FollowUpItem[], today: [] as FollowUpItem[], week: [] as FollowUpItem[] };
  const add = (person: Person): void => {
    const followUp = person.nextFollowUp;
    if (person.deleted || !followUp) return;
    const item = { person, followUp };
    if (followUp.due < today) out.overdue.push(item);
    else if (followUp.due === today) out.today.push(item);
    else if (followUp.due <= end) out.week.push(item);
  };
  const result = (): FollowUpsDue => {
    const order = (a: FollowUpItem, b: FollowUpItem) =>
      a.followUp.due < b.followUp.due ? -1 : a.followUp.due > b.followUp.due ? 1 : 0;
    for (const group of Object.values(out)) group.sort(order); // stable: people keep their name order
    return out;
  };
  return { add, result };
}

/** Options for completing a follow-up. */
export interface CompleteFollowUpInput {
  /** How it went (optional). */
  notes?: string | null;
  /** The step after this one; omit or null to leave the person without a follow-up. */
  next?: FollowUp | null;
  /** When it was done; defaults to now, never in the future. */
  at?: string;
}

/**
 * Marks a person's follow-up done: clears it (or sets `next`) and logs a shared `follow-up` entry
 * recording what was done, in one campaign transaction. Refused with `no-follow-up` when the
 * person has none (e.g. another organizer completed it first).
 * @example completeFollowUp({ campaign: doc }, personId, { notes: 'Card signed' }, { by: deviceId })
 */
export function completeFollowUp(
  spaces: ConversationSpaces,
  personId: string,
  input: CompleteFollowUpInput,
  ctx: CommandContext,
): Result<string> {
  return run(spaces.campaign, ctx, () => {
    const map = liveRecord(spaces.campaign, 'people', personId);
    const parsed = parsePerson(personId, map);
    if (!parsed.ok) throw new DomainError('corrupt-record', { id: personId });
    const done = parsed.value.nextFollowUp;
    if (!done) throw new DomainError('no-follow-up', { field: 'nextFollowUp' });
    const notes =
      input?.notes === undefined ? null : checkText(input.notes, 'notes', CONVERSATION_LIMITS.text);
    const next = input?.next === undefined ? null : checkFollowUp(input.next);
    const at = checkPastTime(input?.at, ctx);
    const id = idFor(ctx);
    const target = conversationStore(spaces, 'shared');
    commit(spaces.campaign, ctx, () => {
      applyWrites(map, [['nextFollowUp', next]], timestamp(ctx), ctx.by);
      const rec: Record<string, unknown> = { personId, kind: 'follow-up', at, by: ctx.by, completed: done };
      if (notes) rec.notes = notes;
      if (next) rec.nextStep = next;
      target.set(id, rec);
    });
    return id;
  });
}
