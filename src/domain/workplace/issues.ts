/**
 * Workplace-issue commands and queries. Issue names are unique among live issues, compared
 * accent- and case-insensitively ("Heat" and "heat" are one issue); concurrent creation on two
 * phones can still produce look-alikes, which the UI may offer to merge.
 */
import type * as Y from 'yjs';
import { type CommandContext, run } from '../context';
import { DomainError } from '../errors';
import { LIMITS } from '../limits';
import { addRecord, type Changes, editRecord, parseEach, restore, softDelete } from '../records';
import type { Result } from '../result';
import { normalizeSearch } from '../search-key';
import type { Issue, ParseIssue } from '../types';
import { checkName } from '../validate';
import { parseIssue } from './record';
import type { ListOptions } from './unit-tree';

/** Parses every issue in the doc. */
export function readIssues(doc: Y.Doc): { issues: Issue[]; quarantined: ParseIssue[] } {
  const { records: issues, quarantined } = parseEach(doc, 'issues', parseIssue);
  return { issues, quarantined };
}

/** Issues by name (accent/case-insensitive order); deleted ones only when asked for. */
export function listIssues(doc: Y.Doc, options: ListOptions = {}): Issue[] {
  const keyed = readIssues(doc)
    .issues.filter((i) => options.includeDeleted || !i.deleted)
    .map((issue) => ({ issue, key: normalizeSearch(issue.name) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.issue.id < b.issue.id ? -1 : 1));
  return keyed.map((k) => k.issue);
}

function checkIssueName(doc: Y.Doc, value: unknown, self?: string): string {
  const name = checkName(value, LIMITS.issueName);
  const key = normalizeSearch(name);
  const taken = readIssues(doc).issues.find(
    (i) => !i.deleted && i.id !== self && normalizeSearch(i.name) === key,
  );
  if (taken) throw new DomainError('name-taken', { field: 'name', id: taken.id });
  return name;
}

/** Adds a workplace issue; returns its id. Refuses a name already in use (`name-taken`). */
export function createIssue(doc: Y.Doc, input: { name: string }, ctx: CommandContext): Result<string> {
  return run(doc, ctx, () => {
    const name = checkIssueName(doc, input?.name);
    return addRecord(doc, 'issues', ctx, [['name', name]]);
  });
}

/** Renames an issue. */
export function renameIssue(doc: Y.Doc, id: string, name: string, ctx: CommandContext): Result<Changes> {
  return editRecord(doc, 'issues', id, ctx, () => [['name', checkIssueName(doc, name, id)]]);
}

/** Soft-deletes an issue. */
export function deleteIssue(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return softDelete(doc, 'issues', id, ctx);
}

/** Restores a soft-deleted issue. */
export function restoreIssue(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return restore(doc, 'issues', id, ctx);
}
