/**
 * Input checks for commands. Each returns the cleaned value or throws `DomainError` (which
 * `run` turns into a failed `Result`). Inputs are checked at runtime even though they are typed:
 * commands are also fed from imports and forms.
 *
 * Convention for optional fields in patches: `undefined` = leave unchanged, `null` or a blank
 * string = clear (the key is removed from the record).
 */

import { DomainError } from './errors';
import { isIsoDate, isPlainObject, own } from './formats';
import { LIMITS } from './limits';
import { type Assessment, isAssessment } from './people/assessment';
import { type CardStatus, CONTACT_KINDS, type Contact, type FollowUp } from './types';

/** A cleared optional field. */
export const CLEAR = null;

/** A required name: trimmed, 1..`max` chars. */
export function checkName(value: unknown, max: number, field = 'name'): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new DomainError('name-required', { field });
  const name = value.trim();
  if (name.length > max) throw new DomainError('name-too-long', { field, max });
  return name;
}

/** Optional text: trimmed; blank or null → `CLEAR`. */
export function checkText(value: unknown, field: string, max: number): string | null {
  if (value === null) return CLEAR;
  if (typeof value !== 'string') throw new DomainError('invalid-value', { field });
  const text = value.trim();
  if (text.length > max) throw new DomainError('text-too-long', { field, max });
  return text.length === 0 ? CLEAR : text;
}

/** A boolean flag. */
export function checkBool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new DomainError('invalid-value', { field });
  return value;
}

/** An assessment 1..5 or null (unassessed). */
export function checkAssessment(value: unknown): Assessment | null {
  if (value === null) return null;
  if (!isAssessment(value)) throw new DomainError('invalid-assessment', { field: 'assessment' });
  return value;
}

/** An ISO date `YYYY-MM-DD`. */
export function checkDate(value: unknown, field: string): string {
  if (!isIsoDate(value)) throw new DomainError('invalid-date', { field });
  return value;
}

/** A finite number (sort order). */
export function checkOrder(value: unknown, field = 'order'): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new DomainError('invalid-number', { field });
  return value;
}

/** A headcount estimate: integer 0..`LIMITS.headcount`, or null to clear. */
export function checkHeadcount(value: unknown): number | null {
  if (value === null) return CLEAR;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > LIMITS.headcount) {
    throw new DomainError('invalid-number', { field: 'estimatedHeadcount', max: LIMITS.headcount });
  }
  return value;
}

/** Contacts: at most `LIMITS.contacts` of `{kind, value}` with a known kind and a non-blank value. */
export function checkContacts(value: unknown): Contact[] {
  if (!Array.isArray(value)) throw new DomainError('invalid-value', { field: 'contacts' });
  if (value.length > LIMITS.contacts)
    throw new DomainError('too-many', { field: 'contacts', max: LIMITS.contacts });
  return value.map((c, index) => {
    const kind = isPlainObject(c) ? own(c, 'kind') : undefined;
    const raw = isPlainObject(c) ? own(c, 'value') : undefined;
    if (!(CONTACT_KINDS as readonly unknown[]).includes(kind) || typeof raw !== 'string' || !raw.trim()) {
      throw new DomainError('invalid-contact', { field: 'contacts', index });
    }
    if (raw.trim().length > LIMITS.contactValue) {
      throw new DomainError('text-too-long', { field: 'contacts', index, max: LIMITS.contactValue });
    }
    return { kind: kind as Contact['kind'], value: raw.trim() };
  });
}

/** Tags: trimmed, blanks dropped, duplicates removed, each ≤ `LIMITS.tag`, at most `LIMITS.tags`. */
export function checkTags(value: unknown): string[] {
  if (!Array.isArray(value)) throw new DomainError('invalid-value', { field: 'tags' });
  const out = new Set<string>();
  for (const t of value) {
    if (typeof t !== 'string') throw new DomainError('invalid-value', { field: 'tags' });
    const tag = t.trim();
    if (tag.length > LIMITS.tag) throw new DomainError('text-too-long', { field: 'tags', max: LIMITS.tag });
    if (tag) out.add(tag);
  }
  if (out.size > LIMITS.tags) throw new DomainError('too-many', { field: 'tags', max: LIMITS.tags });
  return [...out];
}

/** A follow-up `{text, due}` (text may be blank), or null to clear. */
export function checkFollowUp(value: unknown): FollowUp | null {
  if (value === null) return CLEAR;
  if (!isPlainObject(value)) throw new DomainError('invalid-value', { field: 'nextFollowUp' });
  const text = own(value, 'text') ?? '';
  if (typeof text !== 'string') throw new DomainError('invalid-value', { field: 'nextFollowUp' });
  if (text.trim().length > LIMITS.followUpText) {
    throw new DomainError('text-too-long', { field: 'nextFollowUp', max: LIMITS.followUpText });
  }
  return { text: text.trim(), due: checkDate(own(value, 'due'), 'nextFollowUp') };
}

/** A card status; the date is kept only for a signed card. */
export function checkCard(value: unknown): CardStatus {
  if (!isPlainObject(value)) throw new DomainError('invalid-value', { field: 'card' });
  const signed = checkBool(own(value, 'signed'), 'card');
  const date = own(value, 'date');
  if (!signed || date === undefined || date === null) return { signed };
  return { signed, date: checkDate(date, 'card') };
}
