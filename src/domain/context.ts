/**
 * How commands run: who acts, when, with which transaction origin, and the one rule that keeps
 * a doc consistent.
 *
 * What must stay true: Yjs cannot roll a transaction back, so a command validates everything
 * first (validators throw `DomainError`, `run` turns that into a `Result`) and only then calls
 * `commit` exactly once, with a body that cannot fail.
 */
import type * as Y from 'yjs';
import { DomainError } from './errors';
import { newId } from './ids';
import { LIMITS } from './limits';
import { err, ok, type Result } from './result';
import { SCHEMA_VERSION, schemaVersionOf } from './schema';

/** Who runs a command, and how. */
export interface CommandContext {
  /** Member/device id recorded as `by` / `createdBy` / `updatedBy`. */
  by: string;
  /** Clock; defaults to `new Date()`. */
  now?: () => Date;
  /** Transaction origin; defaults to `LOCAL_ORIGIN`. */
  origin?: unknown;
  /** Id source; defaults to `newId`. Only seeded fixtures and tests replace it. */
  newId?: () => string;
}

/** Default origin of local commands (an UndoManager can track it). */
export const LOCAL_ORIGIN: unique symbol = Symbol('shopfloor/local');
/** Origin of schema migrations. */
export const MIGRATION_ORIGIN: unique symbol = Symbol('shopfloor/migration');

/** The command's time as an ISO timestamp. */
export function timestamp(ctx: Pick<CommandContext, 'now'>): string {
  return (ctx.now?.() ?? new Date()).toISOString();
}

/** A fresh id from the context's source. */
export function idFor(ctx: CommandContext): string {
  return (ctx.newId ?? newId)();
}

/** Refuses a missing/oversized actor id, or a doc written by a newer schema than this code. */
export function checkWritable(doc: Y.Doc, by: unknown): void {
  if (typeof by !== 'string' || by.length === 0 || by.length > LIMITS.actor) {
    throw new DomainError('invalid-actor', { field: 'by' });
  }
  const version = schemaVersionOf(doc);
  if (version === null) throw new DomainError('schema-invalid');
  if (version > SCHEMA_VERSION)
    throw new DomainError('schema-too-new', { version, supported: SCHEMA_VERSION });
}

/**
 * Runs a command body: checks the context, turns a thrown `DomainError` into a failed `Result`.
 * Any other exception is a bug and propagates.
 */
export function run<T>(doc: Y.Doc, ctx: CommandContext, body: () => T): Result<T> {
  try {
    checkWritable(doc, ctx.by);
    return ok(body());
  } catch (e) {
    if (e instanceof DomainError) return err(e);
    throw e;
  }
}

/** The command's single transaction, tagged with its origin. */
export function commit(doc: Y.Doc, ctx: Pick<CommandContext, 'origin'>, fn: () => void): void {
  doc.transact(fn, ctx.origin ?? LOCAL_ORIGIN);
}
