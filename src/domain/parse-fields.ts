/**
 * Field readers for parsers. Records may arrive as a `Y.Map` (from a doc) or a plain object
 * (from a file or a test); both are read through `Fields`, which only ever sees own keys.
 *
 * What must stay true: a reader either returns a value of the promised type or throws
 * `ParseFailure`; `guarded` turns that (and anything else thrown) into a `ParseIssue`, so a
 * parser never throws. Parsers build fresh objects from known keys only: unknown keys (including
 * `__proto__`) are never copied, and `Y.Map#toJSON` (which assigns keys onto an object) is never
 * called on untrusted records.
 */
import * as Y from 'yjs';
import { isIsoDate, isIsoTimestamp, isPlainObject, own } from './formats';
import { isId } from './ids';
import { LIMITS } from './limits';
import { err, ok, type Result } from './result';
import type { ParseIssue, ParseIssueCode } from './types';

/** Reads one field of a record. */
export type Fields = (key: string) => unknown;

/** Thrown by readers; caught by `guarded`. */
export class ParseFailure {
  constructor(
    readonly code: ParseIssueCode,
    readonly field?: string,
  ) {}
}

/** Throws a `ParseFailure`. */
export function reject(code: ParseIssueCode, field?: string): never {
  throw new ParseFailure(code, field);
}

/** Field access for a `Y.Map` or plain object; anything else is not a record. */
export function fieldsOf(raw: unknown): Fields {
  if (raw instanceof Y.Map) return (key) => raw.get(key);
  if (isPlainObject(raw)) return (key) => own(raw, key);
  return reject('not-a-record');
}

/** Runs a parser body with a checked id; every failure becomes a `ParseIssue`. */
export function guarded<T>(id: string, collection: string, body: () => T): Result<T, ParseIssue> {
  try {
    if (!isId(id)) reject('invalid-id');
    return ok(body());
  } catch (e) {
    const issue: { -readonly [K in keyof ParseIssue]: ParseIssue[K] } = {
      code: e instanceof ParseFailure ? e.code : 'unreadable',
      id: typeof id === 'string' ? id.slice(0, 80) : '',
      collection,
    };
    if (e instanceof ParseFailure && e.field !== undefined) issue.field = e.field;
    return err(issue);
  }
}

/** A string field of at most `max` chars; `null`/absent → undefined. */
export function optText(f: Fields, field: string, max: number): string | undefined {
  const v = f(field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return reject('wrong-type', field);
  if (v.length > max) return reject('too-long', field);
  return v;
}

/** A required display name: a string, non-blank, at most `max` chars. */
export function reqName(f: Fields, field: string, max: number): string {
  const v = f(field);
  if (v === undefined || v === null) return reject('missing', field);
  if (typeof v !== 'string') return reject('wrong-type', field);
  if (v.length > max) return reject('too-long', field);
  if (v.trim().length === 0) return reject('empty', field);
  return v;
}

/** A boolean; absent → `fallback`. */
export function bool(f: Fields, field: string, fallback = false): boolean {
  const v = f(field);
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') return reject('wrong-type', field);
  return v;
}

/** An optional reference to another record. */
export function optId(f: Fields, field: string): string | undefined {
  const v = f(field);
  if (v === undefined || v === null) return undefined;
  if (!isId(v)) return reject(typeof v === 'string' ? 'invalid-value' : 'wrong-type', field);
  return v;
}

/** A finite number; absent → `fallback`. */
export function finite(f: Fields, field: string, fallback: number): number {
  const v = f(field);
  if (v === undefined) return fallback;
  if (typeof v !== 'number') return reject('wrong-type', field);
  if (!Number.isFinite(v)) return reject('invalid-value', field);
  return v;
}

/** An ISO timestamp; optional ones may be absent. */
export function stamp(f: Fields, field: string): string;
export function stamp(f: Fields, field: string, optional: true): string | undefined;
export function stamp(f: Fields, field: string, optional = false): string | undefined {
  const v = f(field);
  if (v === undefined && optional) return undefined;
  if (v === undefined) return reject('missing', field);
  if (!isIsoTimestamp(v)) return reject(typeof v === 'string' ? 'invalid-value' : 'wrong-type', field);
  return v;
}

/** A member/device id; optional ones may be absent. */
export function actor(f: Fields, field: string): string;
export function actor(f: Fields, field: string, optional: true): string | undefined;
export function actor(f: Fields, field: string, optional = false): string | undefined {
  const v = f(field);
  if (v === undefined && optional) return undefined;
  if (v === undefined) return reject('missing', field);
  if (typeof v !== 'string') return reject('wrong-type', field);
  if (v.length === 0 || v.length > LIMITS.actor) return reject('invalid-value', field);
  return v;
}

/** An ISO date (`YYYY-MM-DD`) inside a nested value. */
export function isoDate(v: unknown, field: string): string {
  if (!isIsoDate(v)) return reject(typeof v === 'string' ? 'invalid-value' : 'wrong-type', field);
  return v;
}

/**
 * The elements of a list field (a `Y.Array` or a plain array); absent → `[]`. With `window`,
 * only the newest `window` elements are read (histories can grow without bound).
 */
export function list(f: Fields, field: string, max: number, window?: number): unknown[] {
  const v = f(field);
  if (v === undefined) return [];
  if (v instanceof Y.Array) {
    if (window !== undefined && v.length > window) return v.slice(v.length - window);
    if (v.length > max) return reject('too-many', field);
    return v.toArray();
  }
  if (!Array.isArray(v)) return reject('wrong-type', field);
  if (window !== undefined && v.length > window) return v.slice(v.length - window);
  if (v.length > max) return reject('too-many', field);
  return v;
}

/** A plain object nested in a field value (never a Yjs type or array). */
export function plain(v: unknown, field: string): Record<string, unknown> {
  if (!isPlainObject(v)) return reject('wrong-type', field);
  return v;
}

/** The metadata every nested-map record carries. */
export interface ParsedMeta {
  id: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string | undefined;
  deleted: boolean;
  deletedAt: string | undefined;
  deletedBy: string | undefined;
}

/**
 * The common metadata of nested-map records. Optional keys are always present (possibly
 * `undefined`) so every parsed record of a kind has one object shape, which keeps V8 fast.
 */
export function recordMeta(id: string, f: Fields): ParsedMeta {
  return {
    id,
    createdAt: stamp(f, 'createdAt'),
    createdBy: actor(f, 'createdBy'),
    updatedAt: stamp(f, 'updatedAt'),
    updatedBy: actor(f, 'updatedBy', true),
    deleted: bool(f, 'deleted'),
    deletedAt: stamp(f, 'deletedAt', true),
    deletedBy: actor(f, 'deletedBy', true),
  };
}

/** Runs a nested reader, reporting any failure against the enclosing `field`. */
export function within<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ParseFailure) throw new ParseFailure(e.code, field);
    throw e;
  }
}
