/** Shift commands and queries. Shifts are a flat list ordered by `order`. */
import type * as Y from 'yjs';
import { type CommandContext, run } from '../context';
import { LIMITS } from '../limits';
import {
  addRecord,
  type Changes,
  editRecord,
  type FieldWrite,
  parseEach,
  restore,
  softDelete,
} from '../records';
import type { Result } from '../result';
import type { ParseIssue, Shift } from '../types';
import { checkName, checkOrder } from '../validate';
import { parseShift } from './record';
import type { ListOptions } from './unit-tree';

/** Editable shift fields. */
export interface ShiftPatch {
  name?: string;
  order?: number;
}

/** Parses every shift in the doc. */
export function readShifts(doc: Y.Doc): { shifts: Shift[]; quarantined: ParseIssue[] } {
  const { records: shifts, quarantined } = parseEach(doc, 'shifts', parseShift);
  return { shifts, quarantined };
}

/** Shifts by `order`, then name; deleted ones only when asked for. */
export function listShifts(doc: Y.Doc, options: ListOptions = {}): Shift[] {
  return readShifts(doc)
    .shifts.filter((s) => options.includeDeleted || !s.deleted)
    .sort(
      (a, b) =>
        a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1),
    );
}

function shiftWrites(patch: ShiftPatch): FieldWrite[] {
  const writes: FieldWrite[] = [];
  if (patch.name !== undefined) writes.push(['name', checkName(patch.name, LIMITS.shiftName)]);
  if (patch.order !== undefined) writes.push(['order', checkOrder(patch.order)]);
  return writes;
}

/** Adds a shift (after the last one unless `order` is given); returns its id. */
export function createShift(
  doc: Y.Doc,
  input: { name: string; order?: number },
  ctx: CommandContext,
): Result<string> {
  return run(doc, ctx, () => {
    const name = checkName(input?.name, LIMITS.shiftName);
    const order =
      input.order === undefined
        ? readShifts(doc).shifts.reduce((max, s) => (s.deleted ? max : Math.max(max, s.order)), -1) + 1
        : checkOrder(input.order);
    return addRecord(doc, 'shifts', ctx, [
      ['name', name],
      ['order', order],
    ]);
  });
}

/** Renames or reorders a shift, writing only changed fields. */
export function updateShift(doc: Y.Doc, id: string, patch: ShiftPatch, ctx: CommandContext): Result<Changes> {
  return editRecord(doc, 'shifts', id, ctx, () => shiftWrites(patch));
}

/** Soft-deletes a shift; people keep their `shiftId` so a restore is lossless. */
export function deleteShift(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return softDelete(doc, 'shifts', id, ctx);
}

/** Restores a soft-deleted shift. */
export function restoreShift(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return restore(doc, 'shifts', id, ctx);
}
