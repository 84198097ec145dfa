/**
 * Assigning coworkers to organizers: a person's `assignedTo` names the member (device id) who
 * keeps in touch with them. It is one field of the person's `Y.Map`, so two organizers assigning
 * different people — or one assigning while another rates — merge; two assigning the same person
 * at once resolve last-writer-wins, like any field.
 *
 * What must stay true: `assignedTo` is optional and needs no migration — records written before it
 * existed parse without it, and older code ignores it (unknown fields are ignored by parsers). A
 * value from a peer that is not an id quarantines the record (see parse-person.ts): commands never
 * write one. Whether the id belongs to a current member is not checked here — members live in the
 * sync layer and can be removed later; the UI shows an unknown id as "another member".
 */
import { DomainError } from '../errors';
import { isId } from '../ids';
import type { Person } from '../types';

/** The id to write (or null to unassign); refuses anything that is not an id. */
export function checkAssignee(value: unknown): string | null {
  if (value === null) return null;
  if (!isId(value)) throw new DomainError('invalid-value', { field: 'assignedTo' });
  return value;
}

/** True when at least one live person is assigned to someone: "my people" then means something. */
export function assignmentsInUse(people: readonly Person[]): boolean {
  return people.some((p) => !p.deleted && p.assignedTo !== undefined);
}

/**
 * How many live people each member has (unassigned people under `null`).
 * @example assignmentCounts(people).get(session.deviceId) // "my people"
 */
export function assignmentCounts(people: readonly Person[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const p of people) {
    if (p.deleted) continue;
    const key = p.assignedTo ?? null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
