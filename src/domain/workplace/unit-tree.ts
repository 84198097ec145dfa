/**
 * Unit queries: the workplace tree with display paths ("Inbound › Dock 3").
 *
 * What must stay true: merged concurrent edits can produce a parent cycle (A under B on one
 * phone, B under A on another) even though `updateUnit` refuses cycles locally. The tree is
 * therefore built defensively and deterministically on every peer: a missing, deleted or
 * unparseable parent makes a unit a root, and in a cycle the unit with the smallest id is
 * treated as a root. Nothing here loops forever on hostile data.
 */
import type * as Y from 'yjs';
import { parseEach } from '../records';
import type { ParseIssue, Unit } from '../types';
import { parseUnit } from './record';

/** Separator between unit names in a path. */
export const PATH_SEPARATOR = ' › ';

/** A unit placed in the tree. */
export interface UnitNode extends Unit {
  /** Display path from the root, e.g. "Inbound › Dock 3". */
  readonly path: string;
  /** 0 for a root. */
  readonly depth: number;
  /** Ids from the root down to the parent (empty for a root). */
  readonly ancestors: readonly string[];
  /** Parent as used in the tree (`undefined` when `parentId` was dropped; see header). */
  readonly effectiveParentId?: string;
}

/** Options for unit queries. */
export interface ListOptions {
  /** Include soft-deleted records (default false). */
  includeDeleted?: boolean;
}

/** Parses every unit in the doc. */
export function readUnits(doc: Y.Doc): { units: Unit[]; quarantined: ParseIssue[] } {
  const { records: units, quarantined } = parseEach(doc, 'units', parseUnit);
  return { units, quarantined };
}

const bySortOrder = (a: Unit, b: Unit) =>
  a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1);

/** Effective parent of each unit after dropping missing parents and breaking cycles. */
function effectiveParents(units: readonly Unit[]): Map<string, string | undefined> {
  const ids = new Set(units.map((u) => u.id));
  const parent = new Map<string, string | undefined>();
  for (const u of units)
    parent.set(u.id, u.parentId !== undefined && ids.has(u.parentId) ? u.parentId : undefined);
  const state = new Map<string, 'open' | 'done'>();
  for (const start of ids) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && state.get(at) === undefined) {
      state.set(at, 'open');
      path.push(at);
      at = parent.get(at);
    }
    if (at !== undefined && state.get(at) === 'open') {
      const cycle = path.slice(path.indexOf(at));
      const root = cycle.sort()[0]; // smallest id: the same choice on every peer
      parent.set(root as string, undefined);
    }
    for (const id of path) state.set(id, 'done');
  }
  return parent;
}

/**
 * Units in tree order (depth-first, siblings by `order`, then name), with paths and depths.
 * Deleted units are left out unless asked for; their live children then appear as roots.
 */
export function listUnits(doc: Y.Doc, options: ListOptions = {}): UnitNode[] {
  const units = readUnits(doc).units.filter((u) => options.includeDeleted || !u.deleted);
  const parent = effectiveParents(units);
  const children = new Map<string | undefined, Unit[]>();
  for (const u of units) {
    const p = parent.get(u.id);
    const list = children.get(p);
    if (list) list.push(u);
    else children.set(p, [u]);
  }
  const out: UnitNode[] = [];
  const visit = (parentId: string | undefined, names: string[], ancestors: string[]) => {
    for (const u of (children.get(parentId) ?? []).sort(bySortOrder)) {
      const path = [...names, u.name];
      const node: UnitNode = { ...u, path: path.join(PATH_SEPARATOR), depth: ancestors.length, ancestors };
      out.push(parentId === undefined ? node : { ...node, effectiveParentId: parentId });
      visit(u.id, path, [...ancestors, u.id]);
    }
  };
  visit(undefined, [], []);
  return out;
}

/** Ids of a unit and all units below it (for filtering "everyone in Inbound"). */
export function descendantUnitIds(units: readonly UnitNode[], id: string): Set<string> {
  const out = new Set<string>([id]);
  for (const u of units) if (u.ancestors.includes(id)) out.add(u.id);
  return out;
}
