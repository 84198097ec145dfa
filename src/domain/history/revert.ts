/**
 * Bringing records back to an earlier state as ONE new local transaction, record by record and
 * field by field: the engine behind "undo this member's changes" and "restore from a snapshot".
 *
 * It walks the campaign's collections in the live doc beside a `target` doc (the space rebuilt
 * without the member's changes, or a snapshot) and decides key by key with `RevertRules`:
 *   - the live value was written by what is being undone → write the target's value (or, when the
 *     target has none, remove the field; a record the target lacks is soft-deleted);
 *   - the live value is absent and what is being undone deleted the target's value → write it back;
 *   - otherwise keep the live value: edits by anyone else, later or earlier, stay.
 * Because the result is an ordinary transaction it syncs to every member like any edit, and it
 * can be undone in turn.
 *
 * What must stay true: the plan is computed and applied in the same synchronous step
 * (`applyRevert` plans again), so nothing can change the doc in between; member and rotation
 * records are never touched (membership is changed by removal and key rotation only); survey close
 * markers (not a walked collection) and a survey's `responses`/`codeHashes` lists are never
 * touched either, so a closed survey stays closed with one final set (survey-close.ts).
 */
import * as Y from 'yjs';
import { type CommandContext, checkWritable, LOCAL_ORIGIN, timestamp } from '../context';
import { DomainError } from '../errors';
import { jsonEqual } from '../formats';
import { err, ok, type Result } from '../result';
import { SOFT_DELETED } from '../schema';

/** Collections a revert walks. */
export const REVERTIBLE = [...SOFT_DELETED, 'floorPlan', 'meta'] as const;
export type RevertibleCollection = (typeof REVERTIBLE)[number];

/** Collections whose records are soft-deleted (never removed) when a revert removes them. */
const SOFT_DELETED_NAMES: ReadonlySet<string> = new Set(SOFT_DELETED);

/** Fields of a survey record a revert never touches (lists that only grow). */
const SURVEY_APPEND_ONLY: ReadonlySet<string> = new Set(['responses', 'codeHashes']);

/** How a revert decides. */
export interface RevertRules {
  /** The live item holds a value written by what is being undone. */
  undo(item: Y.Item): boolean;
  /** What is being undone deleted the item with this id. */
  undelete(id: Y.ID): boolean;
  /** Records the target lacks may be soft-deleted (false: records added since are kept). */
  removeNew: boolean;
  /** Entries of lists (histories) written by what is being undone are removed. */
  lists: boolean;
}

/** What a revert does to one record. */
export interface RevertStep {
  readonly collection: RevertibleCollection;
  readonly id: string;
  /** `restored`: back from deleted; `removed`: soft-deleted; `reverted`: fields set back. */
  readonly kind: 'restored' | 'removed' | 'reverted';
  readonly fields: readonly string[];
}

/** A computed revert: the steps (for showing) and counts per kind. */
export interface RevertPlan {
  readonly steps: readonly RevertStep[];
  readonly counts: Readonly<Record<RevertStep['kind'], number>>;
  /** Records that could not be reverted because the target lacks them (see the module header). */
  readonly skipped: number;
}

type Write = () => void;

/** The value an item holds (the last one, as `Y.Map#get` reads it). */
function itemValue(item: Y.Item): unknown {
  const content = item.content.getContent();
  return content[content.length - 1];
}

/** A fresh copy of a target value for the live doc (types are rebuilt, plain values shared). */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Map) {
    const map = new Y.Map<unknown>();
    for (const [k, item] of value._map) if (!item.deleted) map.set(k, copyValue(itemValue(item)));
    return map;
  }
  if (value instanceof Y.Array) {
    const arr = new Y.Array<unknown>();
    arr.push(value.toArray().map(copyValue));
    return arr;
  }
  return value;
}

const live = (item: Y.Item | undefined): item is Y.Item => !!item && !item.deleted;
const sameItem = (a: Y.Item, b: Y.Item) => a.id.client === b.id.client && a.id.clock === b.id.clock;
const isDeletedValue = (v: unknown) =>
  v instanceof Y.Map ? v.get('deleted') === true : (v as { deleted?: unknown } | null)?.deleted === true;

interface Walk {
  /** The collection being walked. */
  collection: RevertibleCollection | null;
  rules: RevertRules;
  writes: Write[];
  steps: RevertStep[];
  skipped: number;
  at: string;
  by: string;
}

/** Reverts the entries of one list (a history): removes undone entries, appends undeleted ones. */
function revertList(cur: Y.Array<unknown>, target: Y.Array<unknown> | null, w: Walk): boolean {
  if (!w.rules.lists) return false;
  const remove: number[] = [];
  let index = 0;
  for (let item = cur._start; item; item = item.right) {
    if (!item.countable) continue;
    if (!item.deleted) {
      for (let i = 0; i < item.length; i++) {
        if (w.rules.undo(item)) remove.push(index + i);
      }
      index += item.length;
    }
  }
  const back: unknown[] = [];
  for (let item = target?._start ?? null; item; item = item.right) {
    if (!item.countable || item.deleted) continue;
    const curItem = cur.doc ? findStruct(cur.doc, item.id) : null;
    if (curItem?.deleted && w.rules.undelete(item.id)) back.push(...item.content.getContent());
  }
  if (remove.length === 0 && back.length === 0) return false;
  w.writes.push(() => {
    for (const i of remove.reverse()) cur.delete(i, 1);
    if (back.length > 0) cur.push(back.map(copyValue));
  });
  return true;
}

/** The struct holding `id` in `doc` (an item, or a collected deleted range), or null. */
function findStruct(doc: Y.Doc, id: Y.ID): Y.AbstractStruct | null {
  const structs = doc.store.clients.get(id.client);
  const last = structs?.[structs.length - 1];
  if (!structs || !last || last.id.clock + last.length <= id.clock) return null;
  return structs[Y.findIndexSS(structs, id.clock)] ?? null;
}

/** Compares one key of a map (a record's field, or a collection's record); returns what changed. */
function revertKey(
  cur: Y.Map<unknown>,
  target: Y.Map<unknown>,
  key: string,
  w: Walk,
  depth: number,
): 'set' | 'removed' | 'recursed' | null {
  // A survey's collected responses and answer-code hashes are append-only: no undo or restore
  // takes one back, so a closed survey's final set can neither shrink nor grow (survey-close.ts).
  if (depth === 1 && w.collection === 'surveys' && SURVEY_APPEND_ONLY.has(key)) return null;
  const ci = cur._map.get(key);
  const ti = target._map.get(key);
  if (live(ci) && live(ti) && sameItem(ci, ti)) {
    const cv = itemValue(ci);
    const tv = itemValue(ti);
    if (cv instanceof Y.Map && tv instanceof Y.Map)
      return revertMap(cv, tv, w, depth + 1) ? 'recursed' : null;
    if (cv instanceof Y.Array && tv instanceof Y.Array) return revertList(cv, tv, w) ? 'recursed' : null;
    return null;
  }
  if (live(ci) && w.rules.undo(ci)) {
    if (live(ti)) {
      const tv = itemValue(ti);
      if (!(tv instanceof Y.AbstractType) && jsonEqual(itemValue(ci), tv)) return null;
      w.writes.push(() => cur.set(key, copyValue(tv)));
      return 'set';
    }
    if (depth === 0) return w.rules.removeNew ? 'removed' : null;
    w.writes.push(() => cur.delete(key));
    return 'set';
  }
  if (!live(ci) && live(ti) && w.rules.undelete(ti.id)) {
    const tv = itemValue(ti);
    w.writes.push(() => cur.set(key, copyValue(tv)));
    return 'set';
  }
  return null;
}

/** Reverts the fields of one record map; true when anything will change. */
function revertMap(cur: Y.Map<unknown>, target: Y.Map<unknown>, w: Walk, depth: number): boolean {
  let changed = false;
  for (const key of new Set([...cur._map.keys(), ...target._map.keys()])) {
    if (revertKey(cur, target, key, w, depth) !== null) changed = true;
  }
  return changed;
}

function fieldsChanged(cur: Y.Map<unknown>, target: Y.Map<unknown>, w: Walk): string[] {
  const fields: string[] = [];
  for (const key of new Set([...cur._map.keys(), ...target._map.keys()])) {
    if (revertKey(cur, target, key, w, 1) !== null) fields.push(key);
  }
  return fields;
}

function planCollection(doc: Y.Doc, target: Y.Doc, name: RevertibleCollection, w: Walk): void {
  w.collection = name;
  const cur = doc.getMap<unknown>(name);
  const tgt = target.getMap<unknown>(name);
  for (const id of new Set([...cur._map.keys(), ...tgt._map.keys()])) {
    const ci = cur._map.get(id);
    const ti = tgt._map.get(id);
    if (live(ci) && live(ti) && sameItem(ci, ti)) {
      const cv = itemValue(ci);
      const tv = itemValue(ti);
      if (!(cv instanceof Y.Map && tv instanceof Y.Map)) continue;
      const fields = fieldsChanged(cv, tv, w);
      if (fields.length === 0) continue;
      const kind =
        isDeletedValue(cv) && !isDeletedValue(tv)
          ? 'restored'
          : !isDeletedValue(cv) && isDeletedValue(tv)
            ? 'removed'
            : 'reverted';
      w.steps.push({ collection: name, id, kind, fields });
      continue;
    }
    if (live(ci) && !live(ti) && !w.rules.undo(ci)) {
      // Live here, unknown to the target, not written by what is undone: e.g. added by someone else
      // in a change the target had to leave out. Nothing to compare it with, so it is kept.
      if (!ti && w.rules.removeNew) w.skipped++;
      continue;
    }
    const outcome = revertKey(cur, tgt, id, w, 0);
    if (outcome === 'removed') {
      const cv = itemValue(ci as Y.Item);
      if (isDeletedValue(cv)) continue;
      w.writes.push(() => (SOFT_DELETED_NAMES.has(name) ? softDeleteValue(cur, id, cv, w) : cur.delete(id)));
      w.steps.push({ collection: name, id, kind: 'removed', fields: [] });
    } else if (outcome === 'set') {
      const tv = live(ti) ? itemValue(ti) : undefined;
      const wasGone = !live(ci) || isDeletedValue(itemValue(ci));
      const kind = wasGone && tv !== undefined && !isDeletedValue(tv) ? 'restored' : 'reverted';
      w.steps.push({ collection: name, id, kind, fields: [] });
    }
  }
}

function softDeleteValue(cur: Y.Map<unknown>, id: string, value: unknown, w: Walk) {
  if (value instanceof Y.Map) {
    value.set('deleted', true);
    value.set('deletedAt', w.at);
    value.set('deletedBy', w.by);
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    cur.set(id, { ...(value as Record<string, unknown>), deleted: true, deletedAt: w.at, deletedBy: w.by });
  } else {
    cur.delete(id);
  }
}

function walk(
  doc: Y.Doc,
  target: Y.Doc,
  rules: RevertRules,
  ctx: CommandContext,
): { plan: RevertPlan; writes: Write[] } {
  const w: Walk = {
    collection: null,
    rules,
    writes: [],
    steps: [],
    skipped: 0,
    at: timestamp(ctx),
    by: ctx.by,
  };
  for (const name of REVERTIBLE) planCollection(doc, target, name, w);
  const counts = { restored: 0, removed: 0, reverted: 0 };
  for (const s of w.steps) counts[s.kind]++;
  return { plan: { steps: w.steps, counts, skipped: w.skipped }, writes: w.writes };
}

/**
 * Computes what a revert would change, without changing anything.
 * @example const plan = planRevert(doc, target, rules, { by: deviceId }); show(plan.counts);
 */
export function planRevert(doc: Y.Doc, target: Y.Doc, rules: RevertRules, ctx: CommandContext): RevertPlan {
  return walk(doc, target, rules, ctx).plan;
}

/**
 * Plans again and applies the revert as one transaction (origin `ctx.origin`, default local).
 * Returns the plan that was applied; an empty plan writes nothing.
 */
export function applyRevert(
  doc: Y.Doc,
  target: Y.Doc,
  rules: RevertRules,
  ctx: CommandContext,
): Result<RevertPlan> {
  try {
    checkWritable(doc, ctx.by);
  } catch (e) {
    if (e instanceof DomainError) return err(e);
    throw e;
  }
  const { plan, writes } = walk(doc, target, rules, ctx);
  if (writes.length > 0)
    doc.transact(() => {
      for (const write of writes) write();
    }, ctx.origin ?? LOCAL_ORIGIN);
  return ok(plan);
}
