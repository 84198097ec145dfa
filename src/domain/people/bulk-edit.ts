/**
 * Bulk edits of a filtered list of people: assign to a member, add or remove a tag, set the shift.
 * All the writes are ONE transaction, so peers receive one update and the whole edit can be undone
 * as one step (`undoableBulkEdit`).
 *
 * What must stay true: everything is validated before the transaction opens (Yjs cannot roll one
 * back). People who are gone (deleted, unknown) by the time the edit runs are skipped and counted,
 * not an error: another organizer may have removed one of them a moment ago. Only fields whose
 * value changes are written, so a concurrent edit of the same person's other fields survives.
 */
import * as Y from 'yjs';
import { type CommandContext, commit, run, timestamp } from '../context';
import { DomainError } from '../errors';
import { LIMITS } from '../limits';
import { applyWrites, checkRef, type FieldWrite, planWrites } from '../records';
import type { Result } from '../result';
import { collection } from '../schema';
import { checkTags } from '../validate';
import { checkAssignee } from './assignment';
import { parsePerson } from './record';

/** One bulk edit. `null` member or shift clears the field. */
export type BulkEdit =
  | { readonly kind: 'assign'; readonly memberId: string | null }
  | { readonly kind: 'addTag'; readonly tag: string }
  | { readonly kind: 'removeTag'; readonly tag: string }
  | { readonly kind: 'setShift'; readonly shiftId: string | null };

/** What a bulk edit did. */
export interface BulkResult {
  /** Ids of the people whose record changed. */
  readonly changed: readonly string[];
  /** People asked for who were already as asked (nothing written). */
  readonly unchanged: number;
  /** Ids that were deleted, unknown or unreadable and so left alone. */
  readonly skipped: number;
}

/** Most people one bulk edit may touch (a campaign's whole roster fits). */
export const BULK_LIMIT = 20_000;

function cleanTag(tag: unknown): string {
  if (typeof tag !== 'string') throw new DomainError('invalid-value', { field: 'tags' });
  const t = tag.trim();
  if (t.length === 0) throw new DomainError('invalid-value', { field: 'tags' });
  if (t.length > LIMITS.tag) throw new DomainError('text-too-long', { field: 'tags', max: LIMITS.tag });
  return t;
}

/** The field writes for one person, given their current tags. */
function writesFor(edit: BulkEdit, tags: readonly string[], checked: unknown): FieldWrite[] {
  switch (edit.kind) {
    case 'assign':
      return [['assignedTo', checked]];
    case 'setShift':
      return [['shiftId', checked]];
    case 'addTag':
      return tags.includes(checked as string) ? [] : [['tags', checkTags([...tags, checked])]];
    case 'removeTag':
      return tags.includes(checked as string) ? [['tags', tags.filter((t) => t !== checked)]] : [];
  }
}

/**
 * Applies `edit` to each person in `ids` in one transaction. Refused as a whole (nothing written)
 * when the edit is invalid — an unknown shift, a bad member id, a tag too long, a person who would
 * carry too many tags — or when there are more than `BULK_LIMIT` ids.
 * @example
 * const r = bulkEditPeople(doc, shown.map((p) => p.id), { kind: 'assign', memberId: me }, { by: me });
 * if (r.ok) say(`${r.value.changed.length} people assigned`);
 */
export function bulkEditPeople(
  doc: Y.Doc,
  ids: readonly string[],
  edit: BulkEdit,
  ctx: CommandContext,
): Result<BulkResult> {
  return run(doc, ctx, () => {
    if (ids.length > BULK_LIMIT) throw new DomainError('too-many', { field: 'ids', max: BULK_LIMIT });
    let checked: unknown;
    if (edit.kind === 'assign') checked = checkAssignee(edit.memberId);
    else if (edit.kind === 'setShift')
      checked = checkRef(doc, 'shifts', edit.shiftId, 'unknown-shift', 'shiftId');
    else checked = cleanTag(edit.tag);

    const people = collection(doc, 'people');
    const plans: [Y.Map<unknown>, FieldWrite[], string][] = [];
    let skipped = 0;
    let unchanged = 0;
    for (const id of new Set(ids)) {
      const raw = people.get(id);
      const parsed = raw instanceof Y.Map ? parsePerson(id, raw) : null;
      if (!parsed?.ok || parsed.value.deleted) {
        skipped++;
        continue;
      }
      const map = raw as Y.Map<unknown>;
      const planned = planWrites(map, writesFor(edit, parsed.value.tags, checked));
      if (planned.length === 0) unchanged++;
      else plans.push([map, planned, id]);
    }
    if (plans.length > 0) {
      const at = timestamp(ctx);
      commit(doc, ctx, () => {
        for (const [map, writes] of plans) applyWrites(map, writes, at, ctx.by);
      });
    }
    return { changed: plans.map(([, , id]) => id), unchanged, skipped };
  });
}

/** A bulk edit that can be taken back. */
export interface UndoableBulk extends BulkResult {
  /**
   * Reverts exactly this edit's writes (later edits by anyone to other fields stay). Returns false
   * when there was nothing to undo (already undone, or nothing changed). Call `dispose` when the
   * offer to undo goes away.
   */
  undo(): boolean;
  dispose(): void;
}

/**
 * `bulkEditPeople` run under its own origin with a `Y.UndoManager` tracking only that origin, so
 * `undo()` reverts this one transaction and nothing else (not other organizers' edits, not later
 * local commands). The undo is itself an ordinary local change: it is saved and synced like any.
 * @example
 * const r = undoableBulkEdit(doc, ids, { kind: 'addTag', tag: 'night crew' }, ctx);
 * if (r.ok) showUndo(() => r.value.undo());
 */
export function undoableBulkEdit(
  doc: Y.Doc,
  ids: readonly string[],
  edit: BulkEdit,
  ctx: CommandContext,
): Result<UndoableBulk> {
  const origin = Symbol('shopfloor/bulk-edit');
  const manager = new Y.UndoManager(collection(doc, 'people'), {
    trackedOrigins: new Set([origin]),
    captureTimeout: 0,
  });
  const r = bulkEditPeople(doc, ids, edit, { ...ctx, origin });
  if (!r.ok || r.value.changed.length === 0) manager.destroy();
  if (!r.ok) return r;
  let live = r.value.changed.length > 0;
  return {
    ok: true,
    value: {
      ...r.value,
      undo() {
        if (!live) return false;
        live = false;
        const undone = manager.undo() !== null;
        manager.destroy();
        return undone;
      },
      dispose() {
        if (live) manager.destroy();
        live = false;
      },
    },
  };
}
