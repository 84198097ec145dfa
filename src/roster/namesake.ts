/**
 * Telling a namesake from a repeat. Two rows (or a row and a person) with the same name in the
 * same unit are often two coworkers: a big warehouse has several "María García". When both sides
 * say something that identifies a person (phone, email, shift, job title) and it differs, with no
 * phone or email in common, they are most likely two people: the import adds them by default and
 * shows the differences side by side, so that the user decides with the facts in view.
 */
import { type Contact, normalizeSearch } from '../domain';
import { emailKey, phoneKey } from './values';

/** Fields compared between a row and whom it seems to repeat. */
export type IdentityField = 'phone' | 'email' | 'shift' | 'jobTitle';

/** What identifies someone, as text to show. */
export interface Identity {
  readonly contacts: readonly Contact[];
  readonly shift?: string;
  readonly jobTitle?: string;
}

/** One field on which a row and whom it repeats disagree. */
export interface FieldDifference {
  readonly field: IdentityField;
  /** The row's value. */
  readonly file: string;
  /** The value of the person already in the campaign, or of the earlier row. */
  readonly other: string;
}

/** How a row compares with whom it seems to repeat. */
export interface Comparison {
  /** Fields both sides fill, differently. */
  readonly differences: readonly FieldDifference[];
  /** A phone number or email address in common: the same person, whatever else differs. */
  readonly sharesContact: boolean;
}

const PHONE_KINDS = new Set(['phone', 'whatsapp', 'signal']);

const keysOf = (contacts: readonly Contact[], email: boolean) =>
  new Set(
    contacts.flatMap((c) => {
      const k = email
        ? c.kind === 'email'
          ? emailKey(c.value)
          : null
        : PHONE_KINDS.has(c.kind)
          ? phoneKey(c.value)
          : null;
      return k ? [k] : [];
    }),
  );

const valuesOf = (contacts: readonly Contact[], email: boolean) =>
  contacts
    .filter((c) => (email ? c.kind === 'email' : PHONE_KINDS.has(c.kind)))
    .map((c) => c.value)
    .join('; ');

/**
 * Compares a row with whom it seems to repeat.
 * @example compareIdentity({ contacts: [phone('555 0101')], shift: 'Noche' }, { contacts: [phone('555 0199')], shift: 'Día' })
 * // { sharesContact: false, differences: [{ field: 'phone', … }, { field: 'shift', … }] }
 */
export function compareIdentity(row: Identity, other: Identity): Comparison {
  const differences: FieldDifference[] = [];
  let sharesContact = false;
  for (const email of [false, true]) {
    const a = keysOf(row.contacts, email);
    const b = keysOf(other.contacts, email);
    if (a.size === 0 || b.size === 0) continue;
    if ([...a].some((k) => b.has(k))) sharesContact = true;
    else {
      differences.push({
        field: email ? 'email' : 'phone',
        file: valuesOf(row.contacts, email),
        other: valuesOf(other.contacts, email),
      });
    }
  }
  for (const field of ['shift', 'jobTitle'] as const) {
    const a = row[field];
    const b = other[field];
    if (a && b && normalizeSearch(a) !== normalizeSearch(b)) differences.push({ field, file: a, other: b });
  }
  return { differences, sharesContact };
}

/** Whether a comparison makes a same-name match most likely a different person. */
export function isNamesake(c: Comparison): boolean {
  return !c.sharesContact && c.differences.length > 0;
}
