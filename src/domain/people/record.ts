/**
 * `parsePerson`: the only way person data read from a doc (or a file) becomes a `Person`.
 *
 * Rules: `name`, `createdAt`, `createdBy`, `updatedAt` are required; every other field may be
 * absent (then it takes its default, or reads as `undefined`), but a field that is present with
 * a wrong type, an unknown value or over its size limit quarantines the whole record — commands
 * never write such data, so it means corruption or a hostile peer, and guessing would hide it.
 * Unknown fields are ignored (a newer minor version may add some). Histories are read
 * newest-`LIMITS.historyWindow` only.
 *
 * This runs for every person on every load (8,000+), so it avoids per-field closures and
 * `Date` objects, and builds each `Person` as one literal (one V8 object shape).
 */

import { isIsoTimestamp, own } from '../formats';
import { LIMITS } from '../limits';
import {
  bool,
  type Fields,
  fieldsOf,
  guarded,
  isoDate,
  list,
  optId,
  optText,
  plain,
  recordMeta,
  reject,
  reqName,
} from '../parse-fields';
import type { Result } from '../result';
import {
  type AssessmentEntry,
  type CardEntry,
  type CardStatus,
  CONTACT_KINDS,
  type Contact,
  type FollowUp,
  type ParseIssue,
  type Person,
  type RemotePerson,
} from '../types';
import { isAssessment } from './assessment';

function contacts(f: Fields): Contact[] {
  return list(f, 'contacts', LIMITS.contacts).map((raw) => {
    const c = plain(raw, 'contacts');
    const kind = own(c, 'kind');
    const value = own(c, 'value');
    if (!(CONTACT_KINDS as readonly unknown[]).includes(kind)) return reject('invalid-value', 'contacts');
    if (typeof value !== 'string') return reject('wrong-type', 'contacts');
    if (value.length === 0 || value.length > LIMITS.contactValue) return reject('invalid-value', 'contacts');
    return { kind: kind as Contact['kind'], value };
  });
}

function tags(f: Fields): string[] {
  return list(f, 'tags', LIMITS.tags).map((t) => {
    if (typeof t !== 'string') return reject('wrong-type', 'tags');
    if (t.length === 0 || t.length > LIMITS.tag) return reject('invalid-value', 'tags');
    return t;
  });
}

function assessment(f: Fields) {
  const v = f('assessment');
  if (v === undefined || v === null) return null;
  if (!isAssessment(v)) return reject(typeof v === 'number' ? 'invalid-value' : 'wrong-type', 'assessment');
  return v;
}

function cardOf(c: Record<string, unknown>, field: string): CardStatus {
  const signed = own(c, 'signed');
  if (typeof signed !== 'boolean') return reject('wrong-type', field);
  const date = own(c, 'date');
  if (date === undefined || date === null) return { signed };
  return { signed, date: isoDate(date, field) };
}

/** `at` and `by` of a history entry. */
function when(e: Record<string, unknown>, field: string): { at: string; by: string } {
  const at = own(e, 'at');
  const by = own(e, 'by');
  if (!isIsoTimestamp(at)) return reject('invalid-value', field);
  if (typeof by !== 'string' || by.length === 0 || by.length > LIMITS.actor)
    return reject('invalid-value', field);
  return { at, by };
}

/**
 * Oldest first. Timestamps have one fixed format, so they compare as strings; the sort is
 * stable, keeping the (convergent) array order for equal times, and skipped when already sorted.
 */
function byTime<T extends { at: string }>(entries: T[]): T[] {
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i] as T).at < (entries[i - 1] as T).at) {
      return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    }
  }
  return entries;
}

function assessmentHistory(f: Fields): AssessmentEntry[] {
  const field = 'assessmentHistory';
  const entries = list(f, field, LIMITS.historyWindow, LIMITS.historyWindow).map((raw) => {
    const e = plain(raw, field);
    const value = own(e, 'value');
    if (value !== null && !isAssessment(value)) return reject('invalid-value', field);
    const { at, by } = when(e, field);
    return { value, at, by };
  });
  return byTime(entries);
}

function cardHistory(f: Fields): CardEntry[] {
  const field = 'cardHistory';
  const entries = list(f, field, LIMITS.historyWindow, LIMITS.historyWindow).map((raw) => {
    const e = plain(raw, field);
    const { at, by } = when(e, field);
    return { ...cardOf(e, field), at, by };
  });
  return byTime(entries);
}

function followUp(f: Fields): FollowUp | undefined {
  const v = f('nextFollowUp');
  if (v === undefined || v === null) return undefined;
  const o = plain(v, 'nextFollowUp');
  const text = own(o, 'text');
  if (typeof text !== 'string') return reject('wrong-type', 'nextFollowUp');
  if (text.length > LIMITS.followUpText) return reject('too-long', 'nextFollowUp');
  return { text, due: isoDate(own(o, 'due'), 'nextFollowUp') };
}

/**
 * Parses one person record. Never throws: a bad record comes back as a `ParseIssue`.
 * @example
 * const r = parsePerson(id, doc.getMap('people').get(id));
 * if (r.ok) show(r.value); else quarantine(r.error);
 */
export function parsePerson(id: string, raw: RemotePerson): Result<Person, ParseIssue> {
  return guarded(id, 'people', () => {
    const f = fieldsOf(raw);
    const meta = recordMeta(id, f);
    const card = f('card');
    const person: Person = {
      id,
      name: reqName(f, 'name', LIMITS.name),
      codeName: optText(f, 'codeName', LIMITS.codeName),
      unitId: optId(f, 'unitId'),
      shiftId: optId(f, 'shiftId'),
      jobTitle: optText(f, 'jobTitle', LIMITS.jobTitle),
      contacts: contacts(f),
      language: optText(f, 'language', LIMITS.language),
      assessment: assessment(f),
      assessmentHistory: assessmentHistory(f),
      leader: bool(f, 'leader'),
      committee: bool(f, 'committee'),
      card: card === undefined ? { signed: false } : cardOf(plain(card, 'card'), 'card'),
      cardHistory: cardHistory(f),
      tags: tags(f),
      nextFollowUp: followUp(f),
      assignedTo: optId(f, 'assignedTo'),
      notes: optText(f, 'notes', LIMITS.notes),
      createdAt: meta.createdAt,
      createdBy: meta.createdBy,
      updatedAt: meta.updatedAt,
      updatedBy: meta.updatedBy,
      deleted: meta.deleted,
      deletedAt: meta.deletedAt,
      deletedBy: meta.deletedBy,
    };
    return person;
  });
}
