/**
 * Unit commands. Units form a tree through `parentId`; a move that would make a unit its own
 * ancestor is refused with `cycle` (merged concurrent moves can still form one: see unit-tree.ts).
 */
import type * as Y from 'yjs';
import { type CommandContext, run } from '../context';
import { DomainError } from '../errors';
import { LIMITS } from '../limits';
import {
  addRecord,
  type Changes,
  checkRef,
  editRecord,
  type FieldWrite,
  restore,
  softDelete,
} from '../records';
import type { Result } from '../result';
import { checkHeadcount, checkName, checkOrder } from '../validate';
import { readUnits } from './unit-tree';

/** Editable unit fields; `null` clears `parentId` (makes a root) or `estimatedHeadcount`. */
export interface UnitPatch {
  name?: string;
  parentId?: string | null;
  estimatedHeadcount?: number | null;
  order?: number;
}

/** A new unit; `order` defaults to after its last sibling. */
export interface UnitInput extends UnitPatch {
  name: string;
}

/** Throws `cycle` when putting `id` under `parentId` would make it its own ancestor. */
function checkNoCycle(doc: Y.Doc, id: string, parentId: string): void {
  const parents = new Map(readUnits(doc).units.map((u) => [u.id, u.parentId]));
  const seen = new Set<string>();
  for (let at: string | undefined = parentId; at !== undefined && !seen.has(at); at = parents.get(at)) {
    if (at === id) throw new DomainError('cycle', { field: 'parentId' });
    seen.add(at);
  }
}

function unitWrites(doc: Y.Doc, patch: UnitPatch): FieldWrite[] {
  const writes: FieldWrite[] = [];
  if (patch.name !== undefined) writes.push(['name', checkName(patch.name, LIMITS.unitName)]);
  if (patch.parentId !== undefined) {
    writes.push(['parentId', checkRef(doc, 'units', patch.parentId, 'unknown-unit', 'parentId')]);
  }
  if (patch.estimatedHeadcount !== undefined) {
    writes.push(['estimatedHeadcount', checkHeadcount(patch.estimatedHeadcount)]);
  }
  if (patch.order !== undefined) writes.push(['order', checkOrder(patch.order)]);
  return writes;
}

function nextOrder(doc: Y.Doc, parentId: string | null): number {
  let max = -1;
  for (const u of readUnits(doc).units) {
    if (!u.deleted && (u.parentId ?? null) === parentId) max = Math.max(max, u.order);
  }
  return max + 1;
}

/**
 * Adds a unit; returns its id.
 * @example createUnit(doc, { name: 'Dock 3', parentId: inboundId }, ctx)
 */
export function createUnit(doc: Y.Doc, input: UnitInput, ctx: CommandContext): Result<string> {
  return run(doc, ctx, () => {
    checkName(input?.name, LIMITS.unitName);
    const writes = unitWrites(doc, input);
    const parentId = (writes.find(([f]) => f === 'parentId')?.[1] as string | null | undefined) ?? null;
    const order = input.order === undefined ? nextOrder(doc, parentId) : checkOrder(input.order);
    return addRecord(doc, 'units', ctx, [...writes, ['order', order]]);
  });
}

/** Edits a unit, writing only changed fields; refuses moves that would create a cycle. */
export function updateUnit(doc: Y.Doc, id: string, patch: UnitPatch, ctx: CommandContext): Result<Changes> {
  return editRecord(doc, 'units', id, ctx, () => {
    const writes = unitWrites(doc, patch);
    if (typeof patch.parentId === 'string') checkNoCycle(doc, id, patch.parentId);
    return writes;
  });
}

/**
 * Soft-deletes a unit. Refused with `has-children` while live units sit under it. People
 * placed in it keep their `unitId`, so a restore brings the unit back whole.
 */
export function deleteUnit(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return softDelete(doc, 'units', id, ctx, () => {
    const children = readUnits(doc).units.filter((u) => !u.deleted && u.parentId === id).length;
    if (children > 0) throw new DomainError('has-children', { children });
  });
}

/** Restores a soft-deleted unit. */
export function restoreUnit(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return restore(doc, 'units', id, ctx);
}
