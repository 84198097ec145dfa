/**
 * Shared mechanics of nested-map records (people, units, shifts, issues; surveys for reading,
 * adding and soft delete): reading a collection, finding a record, adding one with its metadata,
 * writing only the fields that changed, stamping `updatedAt`/`updatedBy`, soft delete/restore.
 */
import * as Y from 'yjs';
import { type CommandContext, commit, idFor, run, timestamp } from './context';
import { DomainError, type DomainErrorCode } from './errors';
import { jsonEqual } from './formats';
import { isId } from './ids';
import type { Result } from './result';
import { type CampaignCollection, collection, type RecordCollection } from './schema';
import type { ParseIssue } from './types';

/** What an update command changed (field names; empty when the input matched the record). */
export interface Changes {
  readonly changed: readonly string[];
}

/** One field write; `null` removes the field. */
export type FieldWrite = readonly [field: string, value: unknown];

/**
 * Parses every record of a collection: the ones that parse, and a `ParseIssue` for each that
 * does not (one bad record never hides the others).
 */
export function parseEach<T>(
  doc: Y.Doc,
  name: CampaignCollection,
  parse: (id: string, raw: never) => Result<T, ParseIssue>,
): { records: T[]; quarantined: ParseIssue[] } {
  const records: T[] = [];
  const quarantined: ParseIssue[] = [];
  collection(doc, name).forEach((raw, id) => {
    const r = parse(id, raw as never);
    if (r.ok) records.push(r.value);
    else quarantined.push(r.error);
  });
  return { records, quarantined };
}

/** The record's `Y.Map`; refuses absent ids and records that are not maps. */
export function recordMap(doc: Y.Doc, name: RecordCollection, id: string): Y.Map<unknown> {
  const raw = isId(id) ? collection(doc, name).get(id) : undefined;
  if (raw === undefined) throw new DomainError('not-found', { id });
  if (!(raw instanceof Y.Map)) throw new DomainError('corrupt-record', { id });
  return raw as Y.Map<unknown>;
}

/** Like `recordMap`, but refuses a soft-deleted record. */
export function liveRecord(doc: Y.Doc, name: RecordCollection, id: string): Y.Map<unknown> {
  const map = recordMap(doc, name, id);
  if (map.get('deleted') === true) throw new DomainError('deleted', { id });
  return map;
}

/** Checks a reference to a live record (`null` clears the reference and passes). */
export function checkRef(
  doc: Y.Doc,
  name: RecordCollection,
  id: unknown,
  code: DomainErrorCode,
  field: string,
): string | null {
  if (id === null) return null;
  const raw = typeof id === 'string' && isId(id) ? collection(doc, name).get(id) : undefined;
  if (!(raw instanceof Y.Map) || raw.get('deleted') === true || typeof raw.get('name') !== 'string') {
    throw new DomainError(code, { field });
  }
  return id as string;
}

/** The writes that actually change `map` (equal values and removals of absent keys dropped). */
export function planWrites(map: Y.Map<unknown>, writes: readonly FieldWrite[]): FieldWrite[] {
  return writes.filter(([field, value]) =>
    value === null ? map.has(field) : !jsonEqual(map.get(field), value),
  );
}

/** Applies planned writes and stamps the record; call inside `commit`. */
export function applyWrites(
  map: Y.Map<unknown>,
  writes: readonly FieldWrite[],
  at: string,
  by: string,
): void {
  for (const [field, value] of writes) {
    if (value === null) map.delete(field);
    else map.set(field, value);
  }
  map.set('updatedAt', at);
  map.set('updatedBy', by);
}

/** Plans, and if anything changed commits, a field update in one transaction. */
export function updateFields(
  doc: Y.Doc,
  map: Y.Map<unknown>,
  writes: readonly FieldWrite[],
  ctx: CommandContext,
): Changes {
  const planned = planWrites(map, writes);
  if (planned.length > 0) commit(doc, ctx, () => applyWrites(map, planned, timestamp(ctx), ctx.by));
  return { changed: planned.map(([field]) => field) };
}

/** The metadata a new record starts with (`at`: the command's single timestamp). */
export function newRecordFields(ctx: CommandContext, at: string): FieldWrite[] {
  return [
    ['createdAt', at],
    ['createdBy', ctx.by],
    ['updatedAt', at],
    ['deleted', false],
  ];
}

/** Adds a new record map with the given fields to a collection; call inside `commit`. */
export function insertRecord(
  doc: Y.Doc,
  name: RecordCollection | 'surveys',
  id: string,
  fields: readonly FieldWrite[],
) {
  const map = new Y.Map<unknown>();
  collection(doc, name).set(id, map);
  // Later writes of a key win; nulls are not stored (absent = default), which saves heap.
  for (const [field, value] of new Map(fields)) if (value !== null) map.set(field, value);
  return map;
}

/**
 * Adds a record (a fresh id, the metadata, then `fields`) in the command's one transaction and
 * returns its id; `then` fills what is not a plain field (lists) in the same transaction. Call
 * inside `run`, once every input is checked.
 */
export function addRecord(
  doc: Y.Doc,
  name: RecordCollection | 'surveys',
  ctx: CommandContext,
  fields: readonly FieldWrite[],
  then?: (map: Y.Map<unknown>, at: string) => void,
): string {
  const id = idFor(ctx);
  const at = timestamp(ctx);
  commit(doc, ctx, () => {
    const map = insertRecord(doc, name, id, [...newRecordFields(ctx, at), ...fields]);
    then?.(map, at);
  });
  return id;
}

/**
 * Edits a live record: finds it (refusing absent and deleted ones), then asks `writes` for the
 * checked field writes and commits those that change something.
 */
export function editRecord(
  doc: Y.Doc,
  name: RecordCollection,
  id: string,
  ctx: CommandContext,
  writes: () => readonly FieldWrite[],
): Result<Changes> {
  return run(doc, ctx, () => {
    const map = liveRecord(doc, name, id);
    return updateFields(doc, map, writes(), ctx);
  });
}

/** Soft-deletes a record (idempotent): it stays in the doc, flagged, so it can be restored. */
export function softDelete(
  doc: Y.Doc,
  name: RecordCollection,
  id: string,
  ctx: CommandContext,
  precheck?: () => void,
): Result<void> {
  return run(doc, ctx, () => flagDeleted(doc, recordMap(doc, name, id), ctx, precheck));
}

/** Restores a soft-deleted record (idempotent). */
export function restore(doc: Y.Doc, name: RecordCollection, id: string, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => flagRestored(doc, recordMap(doc, name, id), ctx));
}

/**
 * Flags a record map deleted, stamped; nothing when it already is. `precheck` runs only for a
 * live record, before anything is written. Call inside `run`.
 */
export function flagDeleted(
  doc: Y.Doc,
  map: Y.Map<unknown>,
  ctx: CommandContext,
  precheck?: () => void,
): void {
  if (map.get('deleted') === true) return;
  precheck?.();
  const at = timestamp(ctx);
  const writes: FieldWrite[] = [
    ['deleted', true],
    ['deletedAt', at],
    ['deletedBy', ctx.by],
  ];
  commit(doc, ctx, () => applyWrites(map, writes, at, ctx.by));
}

/** Clears a record map's deleted flag, stamped; nothing when it is not deleted. Call inside `run`. */
export function flagRestored(doc: Y.Doc, map: Y.Map<unknown>, ctx: CommandContext): void {
  if (map.get('deleted') !== true) return;
  const writes: FieldWrite[] = [
    ['deleted', false],
    ['deletedAt', null],
    ['deletedBy', null],
  ];
  commit(doc, ctx, () => applyWrites(map, writes, timestamp(ctx), ctx.by));
}
