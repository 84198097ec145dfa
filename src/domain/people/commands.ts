/**
 * Person commands: create, edit, soft delete, restore. Each is one transaction returning a
 * `Result`; see person-status.ts for assessment, card and placement changes.
 *
 * What must stay true: the two history `Y.Array`s are created together with the person, never
 * lazily — if two peers each created a missing array, one array (and the entries appended to it)
 * would lose the last-writer-wins race on the map key.
 */
import * as Y from 'yjs';
import { type CommandContext, run } from '../context';
import { LIMITS } from '../limits';
import { addRecord, type Changes, editRecord, type FieldWrite, restore, softDelete } from '../records';
import type { Result } from '../result';
import type { AssessmentEntry, CardEntry } from '../types';
import { checkAssessment, checkCard, checkName } from '../validate';
import { type PersonInput, type PersonPatch, personWrites } from './input';

/**
 * Adds a person; returns the new id.
 * @example
 * const r = createPerson(doc, { name: 'José Ramírez', unitId, assessment: 2 }, { by: deviceId });
 * if (!r.ok) showError(r.error.code);
 */
export function createPerson(doc: Y.Doc, input: PersonInput, ctx: CommandContext): Result<string> {
  return run(doc, ctx, () => {
    checkName(input?.name, LIMITS.name);
    const writes = personWrites(doc, input);
    const assessment = input.assessment === undefined ? null : checkAssessment(input.assessment);
    const card = input.card === undefined ? { signed: false } : checkCard(input.card);
    const fields: FieldWrite[] = [
      ['contacts', []],
      ['tags', []],
      ['leader', false],
      ['committee', false],
      ...writes,
      ['assessment', assessment],
      ['card', card],
    ];
    return addRecord(doc, 'people', ctx, fields, (map, at) => {
      const assessments = new Y.Array<AssessmentEntry>();
      const cards = new Y.Array<CardEntry>();
      map.set('assessmentHistory', assessments);
      map.set('cardHistory', cards);
      if (assessment !== null) assessments.push([{ value: assessment, at, by: ctx.by }]);
      if (card.signed) cards.push([{ ...card, at, by: ctx.by }]);
    });
  });
}

/**
 * Edits a person: only fields whose value differs are written (plus `updatedAt`/`updatedBy`
 * when any did), so concurrent edits of other fields by other organizers are kept.
 * Refuses a soft-deleted person (`deleted`); restore first.
 */
export function updatePerson(
  doc: Y.Doc,
  id: string,
  patch: PersonPatch,
  ctx: CommandContext,
): Result<Changes> {
  return editRecord(doc, 'people', id, ctx, () => personWrites(doc, patch));
}

/** Soft-deletes a person (kept in the doc with `deleted: true` for restore). Idempotent. */
export function deletePerson(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return softDelete(doc, 'people', id, ctx);
}

/** Restores a soft-deleted person. Idempotent. */
export function restorePerson(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return restore(doc, 'people', id, ctx);
}
