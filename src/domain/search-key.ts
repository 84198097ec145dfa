/**
 * Accent- and case-insensitive search keys. Keys are computed once per parsed person and cached
 * by object identity (a `WeakMap`), so filtering on every keystroke only runs `includes`.
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
