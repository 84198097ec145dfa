/**
 * Person status commands: assessment and card (which append to their histories), leader and
 * committee flags, and placement (unit/shift). One transaction each.
 */
import * as Y from 'yjs';
import { type CommandContext, commit, run, timestamp } from '../context';
import { applyWrites, type Changes, liveRecord } from '../records';
import type { Result } from '../result';
import type { AssessmentEntry, CardEntry, CardStatus } from '../types';
import { checkAssessment, checkCard } from '../validate';
import type { Assessment } from './assessment';
import { updatePerson } from './commands';
import type { PersonPatch } from './input';

/** The history array of a record, re-created only if it is missing or corrupt. */
function history<T>(map: Y.Map<unknown>, field: string): Y.Array<T> {
  const current = map.get(field);
  if (current instanceof Y.Array) return current as Y.Array<T>;
  const fresh = new Y.Array<T>();
  map.set(field, fresh);
  return fresh;
}

/**
 * Rates a person on the 1–5 scale (`null` clears the rating) and appends `{value, at, by}` to
 * `assessmentHistory` — also when the value is unchanged, since re-confirming is an event.
 * Concurrent ratings keep every history entry; the current value is last-writer-wins.
 */
export function rateAssessment(
  doc: Y.Doc,
  id: string,
  value: Assessment | null,
  ctx: CommandContext,
): Result<void> {
  return run(doc, ctx, () => {
    const map = liveRecord(doc, 'people', id);
    const checked = checkAssessment(value);
    const at = timestamp(ctx);
    commit(doc, ctx, () => {
      if (map.get('assessment') !== checked) map.set('assessment', checked);
      history<AssessmentEntry>(map, 'assessmentHistory').push([{ value: checked, at, by: ctx.by }]);
      applyWrites(map, [], at, ctx.by);
    });
  });
}

/**
 * Sets the union card status (`date`, an ISO date, is kept only when signed) and appends
 * `{signed, date?, at, by}` to `cardHistory`.
 * @example setCardSigned(doc, id, { signed: true, date: '2025-03-14' }, { by: deviceId })
 */
export function setCardSigned(doc: Y.Doc, id: string, card: CardStatus, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    const map = liveRecord(doc, 'people', id);
    const checked = checkCard(card);
    const at = timestamp(ctx);
    commit(doc, ctx, () => {
      map.set('card', checked);
      history<CardEntry>(map, 'cardHistory').push([{ ...checked, at, by: ctx.by }]);
      applyWrites(map, [], at, ctx.by);
    });
  });
}

/** Marks or unmarks a person as a leader (someone coworkers follow). */
export function setLeader(doc: Y.Doc, id: string, leader: boolean, ctx: CommandContext): Result<Changes> {
  return updatePerson(doc, id, { leader }, ctx);
}

/** Marks or unmarks a person as an organizing-committee member. */
export function setCommittee(
  doc: Y.Doc,
  id: string,
  committee: boolean,
  ctx: CommandContext,
): Result<Changes> {
  return updatePerson(doc, id, { committee }, ctx);
}

/** Where a person works; `null` clears, an omitted key leaves it as is. */
export interface Placement {
  unitId?: string | null;
  shiftId?: string | null;
}

/** Moves a person to another unit and/or shift (both must exist and not be deleted). */
export function movePerson(doc: Y.Doc, id: string, to: Placement, ctx: CommandContext): Result<Changes> {
  const patch: PersonPatch = {};
  if (to.unitId !== undefined) patch.unitId = to.unitId;
  if (to.shiftId !== undefined) patch.shiftId = to.shiftId;
  return updatePerson(doc, id, patch, ctx);
}
