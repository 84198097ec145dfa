/** Person queries: pure reads over the doc, every record through `parsePerson`. */
import * as Y from 'yjs';
import { isId } from '../ids';
import { err, type Result } from '../result';
import { collection } from '../schema';
import { searchKeyOf } from '../search-key';
import type { ParseIssue, Person } from '../types';
import type { ListOptions } from '../workplace/unit-tree';
import { parsePerson } from './record';

/** People that parsed, and the records that did not (quarantined, never thrown). */
export interface PeopleList {
  readonly people: Person[];
  readonly quarantined: ParseIssue[];
}

/** Parses one stored person; a stored value that is not a `Y.Map` is quarantined too. */
function readPerson(id: string, raw: unknown): Result<Person, ParseIssue> {
  if (!(raw instanceof Y.Map)) {
    return err({ code: 'not-a-record', id: id.slice(0, 80), collection: 'people' });
  }
  return parsePerson(id, raw);
}

/**
 * Every person, sorted by name (accent/case-insensitive), without soft-deleted ones unless
 * asked for. Computes each person's search key on the way, so `filterPeople` is cheap after.
 * @example const { people, quarantined } = listPeople(doc);
 */
export function listPeople(doc: Y.Doc, options: ListOptions = {}): PeopleList {
  const people: Person[] = [];
  const quarantined: ParseIssue[] = [];
  collection(doc, 'people').forEach((raw, id) => {
    const r = readPerson(id, raw);
    if (!r.ok) quarantined.push(r.error);
    else if (options.includeDeleted || !r.value.deleted) people.push(r.value);
  });
  const keyed = people.map((p) => ({ p, key: searchKeyOf(p) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.p.id < b.p.id ? -1 : 1));
  return { people: keyed.map((k) => k.p), quarantined };
}

/** One person, soft-deleted or not (check `deleted`); `not-found` when there is no such record. */
export function getPerson(doc: Y.Doc, id: string): Result<Person, ParseIssue> {
  const raw = isId(id) ? collection(doc, 'people').get(id) : undefined;
  if (raw === undefined) return err({ code: 'not-found', id: id.slice(0, 80), collection: 'people' });
  return readPerson(id, raw);
}
