/**
 * Schema migrations: code, with tests, run when a space is opened.
 *
 * What must stay true:
 * - Step `n` (registered under key `n`) turns a version-`n` doc into version `n + 1`, and sets
 *   `meta.schemaVersion` to `n + 1` in the same transaction, so a crash between steps leaves a
 *   consistent version.
 * - Steps are deterministic and idempotent: several members' devices may migrate the same doc
 *   concurrently, and Yjs cannot roll back a step that throws halfway, so re-running any step
 *   on its own output must change nothing.
 * - A doc from a newer schema is refused (`schema-too-new`), never rewritten by older code.
 */
import * as Y from 'yjs';
import { MIGRATION_ORIGIN } from './context';
import { isAssessment } from './people/assessment';
import { fail, ok, type Result } from './result';
import { collection, META, SCHEMA_VERSION, schemaVersionOf } from './schema';

/** One migration step: mutates the doc inside the transaction `migrate` opens. */
export type Migration = (doc: Y.Doc) => void;

/**
 * Version 0 → 1. Version 0 docs have no `meta.schemaVersion`, store a person's `assessment` as a
 * string `'1'`..`'5'`, and have no history arrays. This step converts the strings to numbers
 * (a blank string becomes "unassessed"; anything else is left for the parser to quarantine)
 * and creates the missing `assessmentHistory` / `cardHistory` arrays.
 */
export function migrateV0toV1(doc: Y.Doc): void {
  if (!doc.share.has('people')) return;
  collection(doc, 'people').forEach((raw) => {
    if (!(raw instanceof Y.Map)) return;
    const person = raw as Y.Map<unknown>;
    const a = person.get('assessment');
    if (typeof a === 'string') {
      const t = a.trim();
      const n = Number(t);
      if (/^[1-5]$/.test(t) && isAssessment(n)) person.set('assessment', n);
      else if (t === '') person.delete('assessment');
    }
    for (const field of ['assessmentHistory', 'cardHistory']) {
      if (person.get(field) === undefined) person.set(field, new Y.Array());
    }
  });
}

/** Registered steps, keyed by the version each one migrates from. */
export const MIGRATIONS: ReadonlyMap<number, Migration> = new Map([[0, migrateV0toV1]]);

/** Overrides for tests: another registry or target, another origin. */
export interface MigrateOptions {
  migrations?: ReadonlyMap<number, Migration>;
  target?: number;
  origin?: unknown;
}

/** What `migrate` did: `from === to` when the doc was already current. */
export interface MigrationReport {
  readonly from: number;
  readonly to: number;
}

/**
 * Upgrades `doc` step by step to `SCHEMA_VERSION`, one transaction per step.
 * Refuses with `schema-too-new` (doc written by newer code), `schema-invalid` (unreadable
 * version) or `migration-failed` (a missing or failing step; the doc keeps the last good version).
 * @example
 * const r = migrate(store.doc);
 * if (!r.ok && r.error.code === 'schema-too-new') askToUpdateTheApp();
 */
export function migrate(doc: Y.Doc, options: MigrateOptions = {}): Result<MigrationReport> {
  const target = options.target ?? SCHEMA_VERSION;
  const migrations = options.migrations ?? MIGRATIONS;
  const from = schemaVersionOf(doc);
  if (from === null) return fail('schema-invalid');
  if (from > target) return fail('schema-too-new', { version: from, supported: target });
  for (let version = from; version < target; version++) {
    const step = migrations.get(version);
    if (!step) return fail('migration-failed', { from: version, reason: 'no-step' });
    try {
      doc.transact(() => {
        step(doc);
        collection(doc, 'meta').set(META.schemaVersion, version + 1);
      }, options.origin ?? MIGRATION_ORIGIN);
    } catch (cause) {
      return fail('migration-failed', { from: version, cause: String(cause) });
    }
  }
  return ok({ from, to: Math.max(from, target) });
}
