/**
 * Accent- and case-insensitive search keys. Keys are computed once per parsed person and cached
 * by object identity (a `WeakMap`), so filtering on every keystroke only runs `includes`.
 *
 * Two keys: `searchKeyOf` (name and code name) is also the sort key of every people list, so it
 * must not change with tags or contacts; `findKeyOf` adds tags and contact values for search, and
 * `phoneDigitsOf` holds the digits of number-like contacts for search by phone number.
 */
import type { Person } from './types';

/** Letters that do not decompose under NFKD but should match their base letters. */
const FOLD: Record<string, string> = {
  đ: 'd',
  ð: 'd',
  ø: 'o',
  ł: 'l',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
  ħ: 'h',
};
const FOLDABLE = /[đðłøßæœıþħ]/g;
const MARKS = /\p{M}+/gu;
const SPACES = /\s+/gu;

/**
 * Lower-cases, strips accents and folds look-alike letters, collapses white space.
 * @example normalizeSearch('  Nguyễn  Thị ĐÀO ') // 'nguyen thi dao'
 */
export function normalizeSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(FOLDABLE, (c) => FOLD[c] ?? c)
    .replace(SPACES, ' ')
    .trim();
}

const cache = new WeakMap<Person, string>();

/** The person's search key (name and code name), cached per parsed record. */
export function searchKeyOf(person: Person): string {
  let key = cache.get(person);
  if (key === undefined) {
    key = normalizeSearch(person.codeName ? `${person.name}\n${person.codeName}` : person.name);
    cache.set(person, key);
  }
  return key;
}

const findCache = new WeakMap<Person, string>();

/** What a text search looks in: name, code name, tags and contact values (one per line). */
export function findKeyOf(person: Person): string {
  let key = findCache.get(person);
  if (key === undefined) {
    const parts = [searchKeyOf(person)];
    for (const tag of person.tags) parts.push(normalizeSearch(tag));
    for (const c of person.contacts) parts.push(normalizeSearch(c.value));
    key = parts.join('\n');
    findCache.set(person, key);
  }
  return key;
}

/** Contact kinds whose value is usually a phone number. */
const NUMBER_KINDS: ReadonlySet<string> = new Set(['phone', 'whatsapp', 'signal', 'other']);
const digitCache = new WeakMap<Person, string>();

/** The digits of the person's number-like contacts, one contact per line. */
export function phoneDigitsOf(person: Person): string {
  let key = digitCache.get(person);
  if (key === undefined) {
    key = person.contacts
      .filter((c) => NUMBER_KINDS.has(c.kind))
      .map((c) => c.value.replace(/\D+/g, ''))
      .filter(Boolean)
      .join('\n');
    digitCache.set(person, key);
  }
  return key;
}

/**
 * The digits to look for when a query looks like a phone number (only digits, spaces and
 * `+-.()/`, at least 3 digits), else null. Leading zeros go (a national trunk prefix such as
 * "0612…" still finds "+34 612…").
 * @example phoneQuery('(555) 123-45') // '55512345'
 */
export function phoneQuery(text: string): string | null {
  if (!/^[\d\s+\-.()/]+$/.test(text)) return null;
  const digits = text.replace(/\D+/g, '').replace(/^0+/, '');
  return digits.length >= 3 ? digits : null;
}
